"""X founded Y: "X founded Y", "Y was founded by X", "Y, founded in 2016 by X", "Y founder X"."""

from __future__ import annotations

from typing import Iterator

from kg.extract import Finding, register_extractor
from kg.extract.syntax import SentenceView, agents, children, is_asserted, passive_subjects, subjects
from kg.extract.titles import title_holders

_VERBS = {"found", "co-found", "cofound", "establish", "start"}
_TITLES = {"founder", "co-founder", "cofounder"}


@register_extractor("founding", predicates=["founded"])
def extract_foundings(view: SentenceView) -> Iterator[Finding]:
    for token in view.span:
        if token.pos_ != "VERB" or token.lemma_.lower() not in _VERBS or not is_asserted(token):
            continue
        if token.tag_ == "VBN" and token.dep_ in ("acl", "relcl") or passive_subjects(token):
            companies = passive_subjects(token) or ([token.head] if token.dep_ in ("acl", "relcl") else [])
            for company in view.mentions_of(companies):
                for founder in view.mentions_of(agents(token)):
                    yield Finding(founder, "founded", company, 0.9)
        else:
            for founder in view.mentions_of(subjects(token)):
                for company in view.mentions_of(children(token, "dobj")):
                    yield Finding(founder, "founded", company, 0.85)
    for person, company in title_holders(view, lambda t: t.lower_ in _TITLES):
        yield Finding(person, "founded", company, 0.85)
