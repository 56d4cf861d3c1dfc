"""X acquired Y: "X bought Y", "X took over Y", "Y was acquired by X", "X's acquisition of Y"."""

from __future__ import annotations

from typing import Iterator

from kg.extract import Finding, register_extractor
from kg.extract.syntax import SentenceView, actor_patient_pairs, children, is_asserted, prep_objects

_VERBS = {"acquire", "buy", "purchase"}
_NOUNS = {"acquisition", "takeover", "purchase", "buyout"}
#: Objects that make "buy" an investment or a trade, not a takeover.
_NOT_WHOLE = {"stake", "share", "holding", "interest", "asset", "bond", "stock", "product", "chip", "right"}


@register_extractor("acquisition", predicates=["acquired"])
def extract_acquisitions(view: SentenceView) -> Iterator[Finding]:
    for token in view.span:
        lemma = token.lemma_.lower()
        if token.pos_ == "VERB" and is_asserted(token) and (lemma in _VERBS or _is_take_over(token)):
            objects = [o for o in children(token, "dobj") + prep_objects(token, "over")
                       if o.lemma_.lower() not in _NOT_WHOLE]
            for buyer, target in actor_patient_pairs(view, token, objects):
                yield Finding(buyer, "acquired", target, 0.9)
        elif token.pos_ == "NOUN" and lemma in _NOUNS:
            buyers = children(token, "poss") + prep_objects(token, "by")
            for buyer in view.mentions_of(buyers):
                for target in view.mentions_of(prep_objects(token, "of")):
                    yield Finding(buyer, "acquired", target, 0.8)


def _is_take_over(token) -> bool:
    return token.lemma_.lower() == "take" and any(c.dep_ == "prt" and c.lower_ == "over" for c in token.children)
