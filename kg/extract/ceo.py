"""X is CEO of Y, in the ways news writes it ("Y CEO X", "X, chief executive of Y", ...).

Each finding carries the title as written and whether the role is current, former or
interim (``roleTitle``, ``roleStatus``): "former CEO X" is not today's CEO. A title
without an organisation ("interim CEO X said") is read at the organisation in focus.
"""

from __future__ import annotations

from typing import Iterator

from spacy.tokens import Token

from kg.extract import Finding, register_extractor
from kg.extract.syntax import SentenceView
from kg.extract.titles import role_qualifiers, title_roles


def is_ceo_title(token: Token) -> bool:
    """"CEO", "chief executive" or "chief executive officer" (the phrase's head word)."""
    if token.lower_ in ("ceo", "ceos"):
        return True
    words = {child.lower_ for child in token.children}
    if token.lower_ == "executive":
        return "chief" in words
    return token.lower_ == "officer" and {"chief", "executive"} <= words


@register_extractor("ceo", predicates=["ceoOf"])
def extract_ceos(view: SentenceView) -> Iterator[Finding]:
    for role in title_roles(view, is_ceo_title, focus=True):
        yield Finding(role.holder, "ceoOf", role.organisation, 0.6 if role.from_focus else 0.85, role_qualifiers(role))
