"""Word lists that users can extend: one entry per line, ``#`` starts a comment."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources


@lru_cache(maxsize=None)
def word_list(name: str) -> frozenset[str]:
    """The lower-cased entries of ``kg/data/<name>``."""
    text = resources.files("kg.data").joinpath(name).read_text(encoding="utf-8")
    return frozenset(line.strip().lower() for line in text.splitlines() if line.strip() and not line.startswith("#"))


@lru_cache(maxsize=None)
def word_table(name: str) -> dict[str, str]:
    """``kg/data/<name>`` as a mapping: a lower-cased key, a tab, then its value, one pair a line."""
    text = resources.files("kg.data").joinpath(name).read_text(encoding="utf-8")
    pairs = (line.split("\t") for line in text.splitlines() if line.strip() and not line.startswith("#"))
    return {key.strip().lower(): value.strip() for key, value in pairs}
