"""X joined Y: "X joined Y", "Y hired X", "X was appointed by Y", "Y poached X"."""

from __future__ import annotations

from typing import Iterator

from kg.extract import Finding, register_extractor
from kg.extract.syntax import SentenceView, actor_patient_pairs, children, is_asserted, subjects

_JOIN = {"join", "rejoin"}
_HIRE = {"hire", "recruit", "appoint", "poach", "employ", "rehire"}


@register_extractor("joining", predicates=["joined"])
def extract_joinings(view: SentenceView) -> Iterator[Finding]:
    for verb in view.span:
        lemma = verb.lemma_.lower()
        if verb.pos_ != "VERB" or not is_asserted(verb):
            continue
        if lemma in _JOIN:
            for person in view.mentions_of(subjects(verb)):
                for company in view.mentions_of(children(verb, "dobj")):
                    yield Finding(person, "joined", company, 0.9)
        elif lemma in _HIRE:
            for company, person in actor_patient_pairs(view, verb):
                yield Finding(person, "joined", company, 0.8)
