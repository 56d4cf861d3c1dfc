"""Y is part of X, a unit inside an organisation rather than a company of its own:
"Y, a new lab within X", "X's new Y lab", "X's research team, Y", "Y is part of X", and a
unit named after its parent ("X Research", "X Superintelligence Labs" beside X).

Subsidiaries (companies owned by another) are the corporate extractor's subsidiaryOf;
"a unit of X" and "X's division" are read there.
"""

from __future__ import annotations

from typing import Iterator

from spacy.tokens import Token

from kg.extract import Finding, register_extractor
from kg.extract.syntax import SentenceView, children, prep_objects
from kg.extract.titles import holders_of, title_holders

#: Nouns for the inside of an organisation that this extractor reads with any preposition.
UNITS = {"lab", "labs", "laboratory", "laboratories", "team", "department", "institute", "centre", "center"}
#: More nouns read only with "within", "inside" or "under" ("a new unit within X").
INSIDE_ONLY = {"unit", "division", "arm", "group", "branch", "wing", "business", "studio", "venture"}
#: Last words of a unit named after its parent: "Google Research", "Meta Superintelligence Labs".
NAME_ENDINGS = {"lab", "labs", "laboratory", "laboratories", "research", "division", "unit"}


def _is_unit(token: Token) -> bool:
    return token.pos_ in ("NOUN", "PROPN") and token.lemma_.lower() in UNITS | {"part"}


def _is_inside_unit(token: Token) -> bool:
    return token.pos_ in ("NOUN", "PROPN") and token.lemma_.lower() in UNITS | INSIDE_ONLY


@register_extractor("units", predicates=["partOf"])
def extract_units(view: SentenceView) -> Iterator[Finding]:
    pairs = list(title_holders(view, lambda t: _is_unit(t) and t.i not in view.by_token,
                               preps=("of", "at", "within", "inside")))
    for title in view.span:
        if _is_inside_unit(title) and title.i not in view.by_token:  # "Y, a new unit within X"
            parents = view.mentions_of(prep_objects(title, "within", "inside", "under"))
            pairs += [(unit, parent) for unit in holders_of(view, title) for parent in parents]
        elif _is_unit(title) and title.i in view.by_token and title.dep_ != "compound":
            # "the IMF's European Department": a unit's name, owned by its parent
            pairs += [(view.by_token[title.i], parent) for parent in view.mentions_of(children(title, "poss"))]
        elif _is_unit(title) and title.lemma_.lower() != "part":
            # "X's new Y lab": the unit's name modifies the unit noun, the parent owns it
            units = view.mentions_of([c for c in title.children if c.dep_ == "compound" and c.pos_ == "PROPN"])
            pairs += [(unit, parent) for unit in units for parent in view.mentions_of(children(title, "poss"))]
    for unit, parent in pairs:
        if unit != parent and view.cls(unit) == view.cls(parent) == "Organization" and not _former(view, unit):
            yield Finding(unit, "partOf", parent, 0.75)
    # "Meta Superintelligence Labs" beside "Meta"
    organisations = [m for m in view.mentions if view.cls(m) == "Organization"]
    for unit in organisations:
        words = unit.text.split()
        if len(words) < 2 or words[-1].lower() not in NAME_ENDINGS:
            continue
        for parent in organisations:
            if parent.text != unit.text and unit.text.startswith(parent.text + " "):
                yield Finding(unit, "partOf", parent, 0.7)
                break


def _former(view: SentenceView, unit) -> bool:
    """"Y, formerly part of X"."""
    doc = view.span.doc
    span = doc.char_span(unit.start, unit.end, alignment_mode="expand")
    return span is not None and any(t.lower_ in ("formerly", "former", "previously", "once")
                                     for t in doc[span.end:min(span.end + 4, view.span.end)])
