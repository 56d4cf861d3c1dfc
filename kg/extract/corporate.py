"""Company structure and deals between companies: subsidiaries, sales and mergers.

"X, a wholly owned subsidiary of Y", "Y's unit X", "Y sold X", "the sale of X by Y",
"Z acquired X from Y", "X merged with Y", "the merger of X and Y".
"""

from __future__ import annotations

from typing import Iterator

from kg.extract import Finding, register_extractor
from kg.extract.syntax import (SentenceView, actor_patient_pairs, children, is_asserted, passive_subjects,
                               prep_objects, subjects)
from kg.extract.titles import title_holders

_PART_NOUNS = {"subsidiary", "unit", "division", "arm", "affiliate"}
_ACQUIRE = {"acquire", "buy", "purchase"}


@register_extractor("corporate", predicates=["subsidiaryOf", "sold", "mergedWith"])
def extract_corporate(view: SentenceView) -> Iterator[Finding]:
    for child, parent in title_holders(view, lambda t: t.lemma_.lower() in _PART_NOUNS and t.pos_ == "NOUN"):
        yield Finding(child, "subsidiaryOf", parent, 0.8)
    for token in view.span:
        lemma = token.lemma_.lower()
        if token.pos_ == "VERB" and is_asserted(token):
            if lemma == "sell":
                for seller, sold in actor_patient_pairs(view, token):
                    if not (token.tag_ in ("VBZ", "VBP") and view.cls(sold) == "Product"):  # "Sony sells the PlayStation": trade, not a sale of it
                        yield Finding(seller, "sold", sold, 0.85)
            elif lemma in _ACQUIRE:  # "Z acquired X from Y": Y sold X
                for sold in view.mentions_of(children(token, "dobj") + passive_subjects(token)):
                    for seller in view.mentions_of(prep_objects(token, "from")):
                        yield Finding(seller, "sold", sold, 0.8)
            elif lemma == "merge":
                partners = prep_objects(token, "with", "into")
                named = view.mentions_of(subjects(token) + passive_subjects(token))  # "X and Y merged"
                for index, first in enumerate(named):
                    for second in named[index + 1:] + view.mentions_of(partners):
                        yield Finding(first, "mergedWith", second, 0.85)
        elif token.pos_ == "NOUN" and lemma == "sale":
            sellers = children(token, "poss") + prep_objects(token, "by")
            for seller in view.mentions_of(sellers):
                for sold in view.mentions_of(prep_objects(token, "of")):
                    yield Finding(seller, "sold", sold, 0.75)
        elif token.pos_ == "NOUN" and lemma == "merger":
            # "the merger of X and Y", "X's merger with Y"
            named = view.mentions_of(prep_objects(token, "of") + children(token, "poss"))
            named += [m for m in view.mentions_of(prep_objects(token, "with")) if m not in named]
            for index, first in enumerate(named):
                for second in named[index + 1:]:
                    yield Finding(first, "mergedWith", second, 0.8)
