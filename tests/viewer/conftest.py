"""Datasets made by hand for the viewer and report tests (no spaCy), stored exactly as a build stores them."""

from __future__ import annotations

from decimal import Decimal
from types import SimpleNamespace

import pytest

from kg.models import Article, ArticleAnalysis, Evidence, Mention, Relation
from kg.resolve import resolve
from kg.store import build_dataset

ORG, PER = "Organization", "Person"

#: A name and a title that try to break out of the page: the viewer and the report must show them as text.
NASTY_NAME = "</script><script>window.pwned=1</script> & Co"
NASTY_TITLE = '<img src=x onerror="window.pwned=2"> "Deals" & <b>more</b>'


def article(identifier: str, sentences: list[tuple], title: str | None = None, date: str | None = None,
            source: str | None = None) -> ArticleAnalysis:
    """One article of ``(sentence, subject, subject class, property, object, object class[, confidence[, qualifiers]])``.

    The names must occur in their sentence; ``object`` None is a statement about an event (a layoff).
    """
    text = " ".join(s[0] for s in sentences)
    art = Article(text=text, title=title, identifier=identifier, source=source or f"https://news.example/{identifier}",
                  date=date)
    mentions, relations, start = {}, [], 0
    for sentence, subject, subject_cls, prop, obj, obj_cls, *extra in sentences:
        confidence, qualifiers = [*extra, *[0.9, {}][len(extra):]]

        def mention(name: str, cls: str) -> Mention:
            at = text.index(name, start)
            return mentions.setdefault((name, at), Mention(name, at, at + len(name), cls))

        evidence = Evidence(art.sha256, sentence, start, start + len(sentence), "handmade.v1", confidence, qualifiers)
        relations.append(Relation(mention(subject, subject_cls), prop,
                                  None if obj is None else mention(obj, obj_cls), evidence))
        start += len(sentence) + 1
    return ArticleAnalysis(art, tuple(mentions.values()), tuple(relations))


def dataset_of(*analyses: ArticleAnalysis):
    return build_dataset(list(analyses), resolve(list(analyses)))[0]


@pytest.fixture(scope="session")
def handmade():
    """The helpers and names above, for test modules (which cannot import a conftest)."""
    return SimpleNamespace(article=article, dataset_of=dataset_of, ORG=ORG, PER=PER, NASTY_NAME=NASTY_NAME,
                           NASTY_TITLE=NASTY_TITLE)


@pytest.fixture(scope="session")
def news():
    """Three articles: two dated, one undated; an investment stated twice, a layoff, and a nasty name and title."""
    return dataset_of(
        article("alpha", [
            ("Brightwater Labs invested in Quillon Systems.", "Brightwater Labs", ORG, "investedIn", "Quillon Systems", ORG,
             0.9, {"amountText": "$40 million", "amount": Decimal(40_000_000), "currency": "USD"}),
            ("Marta Quell is the chief executive of Quillon Systems.", "Marta Quell", PER, "ceoOf", "Quillon Systems", ORG),
        ], title="Brightwater bets on Quillon", date="2024-03-14"),
        article("beta", [
            ("Analysts said Brightwater Labs invested in Quillon Systems.", "Brightwater Labs", ORG, "investedIn",
             "Quillon Systems", ORG, 0.7),
            ("Quillon Systems laid off 120 workers.", "Quillon Systems", ORG, "laidOff", None, None, 0.85, {"headcount": 120}),
        ], title=NASTY_TITLE, date="2024-05-02T09:30:00Z", source="https://news.example/beta?a=1&b=2"),
        article("gamma", [
            (f"{NASTY_NAME} acquired Tove Works.", NASTY_NAME, ORG, "acquired", "Tove Works", ORG),
        ], title=None, source="javascript:alert(1)"),
    )
