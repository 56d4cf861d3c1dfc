"""Relations the trained classifier finds between any two mentions of a sentence.

The model (kg.learn) was trained on FIRE's labelled financial news and on the
sentences kg's developers marked up (kg/data/training); it reads wording the
rules were not written for. Its probability is the confidence. It
speaks only about names written out in the sentence: a reference such as "the
firm" or "it" stands for an organisation by a guess (kg.extract.focus), and a
guess times a guess is not evidence.
``use_relation_model`` swaps in a model trained with ``kg train``.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Iterator

from kg.extract import Finding, register_extractor
from spacy.tokens import Token

from kg.extract.names import ORGANISATION_KINDS
from kg.extract.syntax import HEDGES, SentenceView, children, doc_text, is_asserted
from kg.learn.features import candidate_pairs, common_ancestor, list_head, mention_tokens, pair_features, path_to
from kg.learn.model import NONE, RelationModel
from kg.models import Mention
from kg.schema import fits

SHIPPED_MODEL = "relation_model.npz"
_chosen: dict[str, Path | None] = {"path": None}


def use_relation_model(path: str | Path | None) -> None:
    """Use the model at ``path`` from now on (None: the one shipped with kg)."""
    _chosen["path"] = Path(path) if path is not None else None
    relation_model()  # fail now, with the file's name, rather than halfway through a build


def relation_model() -> RelationModel:
    return _load(_chosen["path"])


def load_relation_model(path: str | Path | None = None) -> RelationModel:
    """The model at ``path`` (None: the one shipped), without making it the one that builds use."""
    return _load(Path(path) if path is not None else None)


def describe_relation_model() -> str:
    """What the model in use was trained on, for build reports."""
    info = relation_model().info
    return f"{_chosen['path'] or 'shipped'}: {info.get('trained_on', '?')}, {info.get('date', '?')}"


@lru_cache(maxsize=4)
def _load(path: Path | None) -> RelationModel:
    if path is None:
        with resources.as_file(resources.files("kg.data").joinpath(SHIPPED_MODEL)) as shipped:
            return RelationModel.load(shipped)
    return RelationModel.load(path)


#: What the classifier states. It also learns livesIn and bornIn, so that a person and a place have
#: a reading besides "none", but does not state them: on CoNLL04 train and on BBC news, fewer than
#: four in ten of its livesIn guesses were right; where people live is left to the rules.
STATED = ("worksFor", "acquired", "sold", "mergedWith", "subsidiaryOf", "headquarteredIn", "locatedIn", "productOf")


@register_extractor("classifier", fallback=True, predicates=(*STATED, "investedIn"))
def classify_pairs(view: SentenceView) -> Iterator[Finding]:
    if not any(t.pos_ in ("VERB", "AUX") for t in view.span):
        return  # fixtures, scores and lists ("France v Ireland", "Leeds 2-1 Hull") state no relation
    model = relation_model()
    text = doc_text(view.span.doc)
    named = [m for m in view.mentions if text[m.start:m.end] == m.text]  # not "the firm" read as a name
    for head, tail in candidate_pairs(named):
        classes = view.cls(head), view.cls(tail)  # only what the ontology allows between these kinds of thing
        label, probability = model.predict(pair_features(view.span, head, tail), lambda label: label in STATED and fits(label, *classes))
        if label == NONE:
            continue
        path = _path_between(view, head, tail)
        if path is None or any(_hedged(t) for t in path) or (path and not is_asserted(path[-1])):
            continue
        if label in ("acquired", "sold") and any(t.lemma_.lower() in _PART for t in path):
            if label == "sold":
                continue  # "X sold its stake in Y": X did not sell Y
            label = "investedIn"  # "X takes a fifth of Y": buying a part of Y is investing in it
        if _describes_another(view, head, tail) or _describes_another(view, tail, head):
            continue
        former = label == "worksFor" and any(_looks_back(t) for t in path)
        yield Finding(head, label, tail, round(probability, 3), {"roleStatus": "former"} if former else {})


def _path_between(view: SentenceView, head: Mention, tail: Mention) -> list[Token] | None:
    """The words joining two mentions in the parse, their lowest common head last; None when
    they are only items of one list ("Peru, Chile and Bolivia") or a third name stands between
    them or acts in the clause between them. An item of a list joins through its list: in
    "worked at A, B and C", C is joined to "worked" as A is, and A is not a third name."""
    first, second = mention_tokens(view.span, head), mention_tokens(view.span, tail)
    if first is None or second is None:
        return None
    a, b = list_head(first.root), list_head(second.root)
    if a.i == b.i:
        return None
    joint = common_ancestor(a, b)
    if joint is None:
        return []
    inner = [t for t in (*path_to(a, joint)[:-1], *path_to(b, joint)[:-1]) if t.i not in (a.i, b.i)]
    inner += [joint] if joint.i not in (a.i, b.i) else []
    if any(_third(view, t, head, tail) for t in inner):
        return None  # the path runs through a third name: "A bought B, a maker of P" (P is B's, not A's)
    if any(_third(view, c, head, tail) for t in inner for c in t.children if c.dep_ in ("nsubj", "nsubjpass")):
        return None  # the clause between them is someone else's: "X joined A from B" says nothing of A and B
    return inner


#: Words for a part of a company: buying one is investing in it (kg:investedIn), not acquiring it.
_PART = {"stake", "share", "holding", "interest", "fifth", "third", "quarter", "half", "percent", "%", "minority"}


def _describes_another(view: SentenceView, mention: Mention, other: Mention) -> bool:
    """Whether ``mention`` only describes an organisation named by a common noun that is not
    ``other``: in "gives X a stake in the Boston start-up", Boston is the start-up's, not X's."""
    tokens = mention_tokens(view.span, mention)
    if tokens is None or tokens.root.dep_ not in ("compound", "amod", "nmod"):
        return False
    noun = tokens.root.head
    doc = view.span.doc
    written = f"{doc[noun.i - 2].lower_}-{noun.lower_}" if noun.i >= 2 and doc[noun.i - 1].text == "-" else noun.lemma_.lower()
    if noun.i in view.by_token or noun.pos_ != "NOUN" or written not in ORGANISATION_KINDS:
        return False  # "start-up" is read as "start", "-", "up"
    if noun.dep_ == "attr":  # "X is a Delaware corporation"
        described = view.mentions_of(children(noun.head, "nsubj"))
    else:  # "the Boston start-up", "Acme, the Boston start-up", "the Boston start-up Acme"
        described = [view.mention(noun)] + ([view.by_token.get(noun.head.i)] if noun.dep_ in ("appos", "compound") else [])
    return other not in described


def _third(view: SentenceView, token: Token, head: Mention, tail: Mention) -> bool:
    return view.by_token.get(token.i) not in (None, head, tail)


#: Auxiliaries of what is not (yet) a fact: "will join", "would buy".
_FUTURE = {"will", "would", "shall"}
#: Words that put a job in the past: "joined A from B", "after ten years at B", "former", "left".
_PAST_JOB = {"from", "after", "former", "formerly", "previously", "leave", "quit", "depart", "resign", "retire", "ex"}


def _hedged(token: Token) -> bool:
    return (token.lemma_.lower() in HEDGES
            or any(c.dep_ == "neg" or (c.dep_ == "aux" and c.lemma_.lower() in HEDGES | _FUTURE) for c in token.children))


def _looks_back(token: Token) -> bool:
    return token.lemma_.lower() in _PAST_JOB or any(c.dep_ == "amod" and c.lemma_.lower() in _PAST_JOB for c in token.children)
