"""X is CEO of Y, in the ways news writes it ("Y CEO X", "X, chief executive of Y", ...)."""

from __future__ import annotations

from typing import Iterator

from spacy.tokens import Token

from kg.extract import Finding, register_extractor
from kg.extract.syntax import SentenceView
from kg.extract.titles import title_holders


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
    for person, company in title_holders(view, is_ceo_title):
        yield Finding(person, "ceoOf", company, 0.85)
