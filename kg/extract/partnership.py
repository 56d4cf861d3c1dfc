"""Partnerships, and partnerships that ended.

partnerOf: "A partnered / teamed up / joined forces / is collaborating with B", "A and B
signed a partnership", "A formed an alliance with B", "A's partnership with B",
"a joint venture between A and B", "A, a partner of B", "A's partner B".

endedPartnershipWith: "A ended / terminated / cut ties with / severed its relationship
with B", "A stopped working with B", "A parted ways with B", "B's partnership with A
ended", "the cancelled alliance between A and B". A partnership named without its
other side ("Google is ending its partnership") is with the organisation in focus.

Talks, plans, denials and negation ("A is in talks to partner with B", "A denied it would
end its alliance with B") state nothing.
"""

from __future__ import annotations

from typing import Iterator

from spacy.tokens import Token

from kg.extract import Finding, register_extractor
from kg.extract.syntax import (SentenceView, children, clause_subjects, governing_verb, is_asserted_in,
                               prep_objects, subjects)
from kg.extract.titles import role_status, titled_pairs
from kg.models import Mention

#: Verbs of working together, with "with": "partnered with", "teamed up with", "allied with".
PARTNER_VERBS = {"partner", "team", "ally", "collaborate", "cooperate", "co-operate", "work"}
#: Nouns of a partnership; the weaker ones (contract, relationship, ties) only when they end.
TIE_NOUNS = {"partnership", "alliance", "collaboration", "tie-up", "tieup", "venture", "cooperation",
             "co-operation", "pact"}
ENDING_ONLY = {"relationship", "ties", "tie", "contract", "agreement", "arrangement"}
#: Verbs that end a partnership, and words that say it has ended.
END_VERBS = {"end", "terminate", "cancel", "scrap", "dissolve", "sever", "cut", "quit", "exit", "abandon",
             "unwind", "axe", "ditch", "break", "stop", "cease", "halt", "part", "drop", "sunset", "wind"}
ENDED_WORDS = {"ended", "terminated", "cancelled", "canceled", "scrapped", "dissolved", "defunct", "failed",
               "collapsed", "former", "ex", "severed", "axed", "abandoned"}
#: "the end of its alliance with B".
_END_NOUNS = {"end", "termination", "collapse", "breakdown"}
#: Verbs with a partnership as subject that end it: "the alliance collapsed".
END_INTRANSITIVE = {"end", "expire", "collapse", "lapse", "unravel", "fail", "dissolve", "terminate", "fall"}
#: Words under which a partnership is only talked of, planned, studied or opposed.
HEDGES = {"talk", "negotiate", "negotiation", "discuss", "discussion", "propose", "proposal", "review", "probe",
          "investigate", "block", "eye", "study", "pursue", "threaten", "will", "expect", "set", "possible",
          "potential", "proposed", "planned", "prospective", "mooted", "rumoured", "rumored", "oppose", "rule",
          "hint", "float", "possibility"}


@register_extractor("partnership", predicates=["partnerOf", "endedPartnershipWith"])
def extract_partnerships(view: SentenceView) -> Iterator[Finding]:
    for token in view.span:
        lemma = token.lemma_.lower()
        if token.pos_ == "VERB" and lemma in PARTNER_VERBS | {"join"}:
            yield from _partner_verb(view, token)
        elif (token.pos_ in ("NOUN", "PROPN") and lemma in TIE_NOUNS | ENDING_ONLY
              and token.i not in view.by_token):  # "the Multi-Fibre Agreement" is a name
            yield from _tie_noun(view, token)
        elif token.pos_ == "VERB" and lemma == "part" and is_asserted_in(token, HEDGES):
            # "A parted ways with B"
            ways = [w for w in children(token, "dobj") if w.lower_ in ("way", "ways")]
            if ways:
                others = prep_objects(token, "with") + [o for way in ways for o in prep_objects(way, "with")]
                yield from _pairs(view, view.mentions_of(clause_subjects(token)), view.mentions_of(others),
                                  "endedPartnershipWith", 0.75)
    # "A, a partner of B", "A's partner B", "A's former partner B"
    for title, first, second in titled_pairs(view, lambda t: t.lemma_.lower() == "partner" and t.pos_ == "NOUN"
                                             and is_asserted_in(t, HEDGES)):
        status = role_status(title)
        if status is not None:
            predicate = "endedPartnershipWith" if status == "former" else "partnerOf"
            yield from _pairs(view, [first], [second], predicate, 0.7)


def _partner_verb(view: SentenceView, verb: Token) -> Iterator[Finding]:
    """"A partnered with B", "A and B teamed up", "A joined forces with B", "A stopped working with B"."""
    lemma = verb.lemma_.lower()
    if lemma == "join" and not any(c.lemma_.lower() == "force" for c in children(verb, "dobj")):
        return
    if lemma == "team" and not any(c.dep_ == "prt" and c.lower_ == "up" for c in verb.children):
        return
    others = prep_objects(verb, "with", "alongside")
    ended = _ends(verb)
    if lemma == "work" and not (others and ended):
        return  # "A works with B" is too loose for a partnership; "A stopped working with B" ends one
    if not is_asserted_in(ended or verb, HEDGES):
        return
    partners = view.mentions_of(clause_subjects(verb) or subjects(verb))
    predicate = "endedPartnershipWith" if ended else "partnerOf"
    yield from _pairs(view, partners, view.mentions_of(others), predicate, 0.7 if lemma == "work" else 0.8)


def _ends(verb: Token) -> Token | None:
    """The verb that stops ``verb``: "stopped working with", "ceased to cooperate with"."""
    head = verb.head
    if verb.dep_ in ("xcomp", "pcomp", "dobj") and head.lemma_.lower() in {"stop", "cease", "quit", "halt", "end"}:
        return head
    return None


def _tie_noun(view: SentenceView, noun: Token) -> Iterator[Finding]:
    if not is_asserted_in(noun, HEDGES):
        return
    lemma = noun.lemma_.lower()
    if lemma == "venture" and not any(c.lower_ == "joint" for c in noun.children):
        return
    verb = governing_verb(noun)
    ended = (any(c.lower_ in ENDED_WORDS for c in noun.children)
             or (verb is not None and noun.dep_ in ("dobj", "nsubjpass") and verb.lemma_.lower() in END_VERBS)
             or (verb is not None and noun.dep_ == "nsubj" and verb.lemma_.lower() in END_INTRANSITIVE)
             or (noun.dep_ == "pobj" and noun.head.lower_ == "of" and noun.head.head.lemma_.lower() in _END_NOUNS))
    if not ended and lemma in ENDING_ONLY:
        return
    owners = view.mentions_of(children(noun, "poss"))
    if not owners and verb is not None and noun.dep_ in ("dobj", "pobj", "nsubjpass"):
        owners = view.mentions_of(clause_subjects(verb))
    others = view.mentions_of(prep_objects(noun, "with", "between") + [c for c in noun.children if c.dep_ == "compound"])
    if verb is not None and not others:
        others = view.mentions_of(prep_objects(verb, "with"))
    if not others and len(owners) == 1 and _definite(noun) and view.focus() is not None:
        others = [view.focus()]  # "Google is ending its partnership" in an article about one company
    yield from _pairs(view, owners, others, "endedPartnershipWith" if ended else "partnerOf", 0.75)


def _definite(noun: Token) -> bool:
    return any(c.dep_ in ("poss", "det") and c.lower_ in ("its", "their", "the", "this", "that") for c in noun.children)


def _pairs(view: SentenceView, first: list[Mention], second: list[Mention], predicate: str,
           confidence: float) -> Iterator[Finding]:
    """Each of ``first`` with each of ``second``; with no ``second``, the members of ``first``
    with each other ("A and B signed a partnership")."""
    first = [m for m in first if view.cls(m) == "Organization"]
    second = [m for m in second if view.cls(m) == "Organization"]
    if not second:
        first, second = first[:1], first[1:]
    if not first and len(second) > 1:
        first, second = second[:1], second[1:]
    for a in first:
        for b in second:
            if a != b:
                yield Finding(a, predicate, b, confidence)
