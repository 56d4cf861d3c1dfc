"""Analyses built by hand from the team's own sentences, without spaCy: what tests of the store
and of the exports feed to resolution and ``build_dataset`` as a build would."""

from __future__ import annotations

from kg.models import Article, ArticleAnalysis, Evidence, Mention, Relation


def article(identifier: str, sentences: list[str], relations=(), places=(), day: str | None = None) -> ArticleAnalysis:
    """An article of ``sentences``; ``relations`` are ``(sentence, subject, class, property, object, class,
    confidence, qualifiers)``, ``object`` None for a property whose object is an event; ``places`` are
    ``(sentence, name)`` of places mentioned in no relation."""
    text = " ".join(sentences)
    starts = [sum(len(s) + 1 for s in sentences[:i]) for i in range(len(sentences))]
    art = Article(text=text, title=None, identifier=identifier, source=identifier, date=day)
    mentions: dict[Mention, None] = {}

    def mention(name: str, cls: str, n: int) -> Mention:
        at = text.index(name, starts[n])
        found = Mention(name, at, at + len(name), cls)
        mentions.setdefault(found)
        return found

    found = []
    for n, subject, subject_cls, prop, obj, obj_cls, confidence, qualifiers in relations:
        evidence = Evidence(art.sha256, sentences[n], starts[n], starts[n] + len(sentences[n]), "handmade.v1",
                            confidence, qualifiers)
        tail = mention(obj, obj_cls, n) if obj is not None else None
        found.append(Relation(mention(subject, subject_cls, n), prop, tail, evidence))
    for n, name in places:
        mention(name, "Place", n)
    return ArticleAnalysis(art, tuple(mentions), tuple(found))
