"""X leads Y, the head of a unit, lab or organisation: "X, who leads Y", "Y, led by X",
"Y hired X to lead Y2", "X heads Y", "X runs Y", "head of Y X", "X, the head of Y",
"Y boss X".

The past tense of the verb ("X, who ran Y for a decade") and "previously", "formerly"
make the role former; "will lead", "is expected to lead", "plans to lead" state nothing.
A head "of research at Y" leads research, not Y, and is left to the employment extractor.
"""

from __future__ import annotations

from typing import Iterator

from spacy.tokens import Token

from kg.extract import Finding, register_extractor
from kg.extract.syntax import (SentenceView, agents, children, clause_subjects, is_asserted_in, object_controller,
                               passive_subjects, prep_objects)
from kg.extract.titles import role_qualifiers, title_roles

VERBS = {"lead", "head", "run", "oversee", "chair", "helm", "manage"}
TITLES = {"head", "leader", "boss"}
#: Words under which leading is not (yet) asserted.
HEDGES = {"will", "expect", "set", "tip", "poise", "nominate", "propose", "shall", "use"}
_PAST = {"previously", "formerly", "once", "earlier", "until"}


def is_head_title(token: Token) -> bool:
    """"head", "leader" or "boss" as a noun, unless it heads something unnamed ("head of research")."""
    if token.lemma_.lower() not in TITLES or token.pos_ not in ("NOUN", "PROPN"):
        return False
    named_of = prep_objects(token, "of")
    return not named_of or all(o.pos_ == "PROPN" for o in named_of)


@register_extractor("leadership", predicates=["leads"])
def extract_leaders(view: SentenceView) -> Iterator[Finding]:
    for role in title_roles(view, is_head_title):
        if view.cls(role.organisation) == "Organization":
            yield Finding(role.holder, "leads", role.organisation, 0.75, role_qualifiers(role))
    for verb in view.span:
        if verb.pos_ != "VERB" or verb.lemma_.lower() not in VERBS or not is_asserted_in(verb, HEDGES):
            continue
        status = _status(verb)
        for person, unit in _leader_unit_pairs(view, verb):
            if view.cls(person) == "Person" and view.cls(unit) == "Organization":
                yield Finding(person, "leads", unit, 0.8, {"roleStatus": status})


def _leader_unit_pairs(view: SentenceView, verb: Token) -> Iterator[tuple]:
    if verb.tag_ == "VBN" and (verb.dep_ in ("acl", "relcl") or passive_subjects(verb)):
        # "Y, led by X", "Y is run by X"
        units = passive_subjects(verb) or ([verb.head] if verb.dep_ in ("acl", "relcl") else [])
        for unit in view.mentions_of(units):
            for person in view.mentions_of(agents(verb)):
                yield person, unit
        return
    leaders = object_controller(verb) or clause_subjects(verb)  # "hired X to lead Y": X leads
    for person in view.mentions_of(leaders):
        for unit in view.mentions_of(children(verb, "dobj")):
            yield person, unit


def _status(verb: Token) -> str:
    if any(c.lower_ in _PAST for c in verb.children) or verb.tag_ == "VBD":
        return "former"
    return "current"
