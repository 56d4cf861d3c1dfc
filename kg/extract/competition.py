"""A competes with B: "A competes / vies with B", "A and B compete", "A, which competes
against B", "A rivals B", "A's rival B", "A rival B", "B, a competitor of/to A",
"rivals such as B and C" (whose rivals: the possessor or the clause's subject),
"A's competitors include B", "A bought rival B", "competing against companies like B and C".

"Former rival", "no longer competes", "plans to compete" state nothing.
"""

from __future__ import annotations

from typing import Iterator

from spacy.tokens import Token

from kg.extract import Finding, register_extractor
from kg.extract.syntax import (SentenceView, children, clause_subjects, governing_verb, is_asserted_in, noun_owners,
                               prep_objects, subjects)
from kg.extract.titles import role_status, titled_pairs
from kg.models import Mention

RIVAL_NOUNS = {"rival", "competitor", "challenger", "contender"}
COMPETE_VERBS = {"compete", "vie", "rival", "battle"}
HEDGES = {"will", "expect", "set", "longer", "former", "potential", "would-be", "prepare", "threaten"}
_CLASSES = ("Organization", "Product")


@register_extractor("competition", predicates=["competesWith"])
def extract_competitors(view: SentenceView) -> Iterator[Finding]:
    for token in view.span:
        lemma = token.lemma_.lower()
        if token.pos_ == "VERB" and lemma in COMPETE_VERBS and is_asserted_in(token, HEDGES):
            yield from _compete_verb(view, token)
        elif token.pos_ in ("NOUN", "PROPN") and lemma in RIVAL_NOUNS and is_asserted_in(token, HEDGES) \
                and role_status(token) == "current":
            listed = view.examples(token)
            if listed:  # "A's rivals such as B", "A faces rivals like B", "its competitors include B"
                yield from _pairs(view, noun_owners(view, token), listed, 0.7)
    # "A's rival B", "A rival B", "B, a rival of/to A"; "A bought rival B" (the rival of A)
    for title in view.span:
        if not _is_rival_title(view, title):
            continue
        if role_status(title) != "current" or not is_asserted_in(title, HEDGES):
            continue
        if any(c.dep_ in ("compound", "nummod") and any(ch.isdigit() for ch in c.text) for c in title.children):
            continue  # "its 7E7 rival": the rival of a model named by its number, not of "its"
        pairs = [(h, o) for t, h, o in titled_pairs(view, lambda t: t.i == title.i, ("of", "to", "for", "with"))]
        if not pairs and title.dep_ in ("compound", "appos", "amod"):
            rival = view.mention(title.head)
            owners = view.mentions_of(children(title.head, "poss"))  # "A's rival B" with "rival" on B
            verb = governing_verb(title.head)
            if not owners and verb is not None and title.head.dep_ in ("dobj", "pobj"):
                owners = view.mentions_of(clause_subjects(verb))  # "A bought rival B"
            if rival is not None:
                pairs = [(rival, owner) for owner in owners]
        for rival, owner in pairs:
            yield from _pairs(view, [owner], [rival], 0.75)


def _is_rival_title(view: SentenceView, token: Token) -> bool:
    """"rival" as a noun, or as the adjective of a name ("rival Fjordnet", not "rival bids")."""
    if token.lemma_.lower() not in RIVAL_NOUNS:
        return False
    return token.pos_ in ("NOUN", "PROPN") or (token.dep_ in ("amod", "compound") and token.head.i in view.by_token)


def _compete_verb(view: SentenceView, verb: Token) -> Iterator[Finding]:
    named = view.mentions_of(clause_subjects(verb) or subjects(verb))
    others: list[Mention] = []
    for obj in prep_objects(verb, "with", "against") + children(verb, "dobj"):
        for mention in view.mentions_of([obj]) + view.examples(obj):
            if mention not in others:
                others.append(mention)
    if others:
        yield from _pairs(view, named, others, 0.8)
    else:  # "A and B compete"
        yield from _pairs(view, named[:1], named[1:], 0.7)


def _pairs(view: SentenceView, first: list[Mention], second: list[Mention], confidence: float) -> Iterator[Finding]:
    for a in first:
        for b in second:
            if a != b and view.cls(a) in _CLASSES and view.cls(b) in _CLASSES:
                yield Finding(a, "competesWith", b, confidence)
