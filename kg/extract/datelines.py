"""Datelines: "LAKEWOOD, Colo. (AP) -", "GREEN BAY, Wis.", "LYON, France (AP)": the
place a story was filed from, in capitals at the start of a line, then its state or country
after a comma.

NER reads capitals badly (MAPLE GROVE as an organisation, SALEM as nothing) and often misses
state abbreviations ("Ariz."); the dateline's shape says both names are places. The region
must be a state abbreviation (kg/data/us_state_abbreviations.txt) or a name NER took for a
place, so a capitalised heading before a comma is not read as a dateline.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc

from kg.data import word_list
from kg.extract.syntax import doc_text
from kg.models import Mention

# A line's start: "CITY NAME , Region" (tokenised text may space the comma and the dots out).
_DATELINE = re.compile(
    r"(?m)^[ \t]*(?:\(\s*Text\s*\)\s*)?"
    r"(?P<city>[A-Z][A-Z'.\-]*[A-Z.](?:[ \t]+[A-Z][A-Z'.\-]*[A-Z.]){0,3})[ \t]*,[ \t]*"
    r"(?P<region>[A-Z][\w.\-]*(?:[ \t]+(?:[A-Z][\w.\-]*|of))*?)[ \t]*\.?"
    r"(?=[ \t]*(?:$|[(_,;:]|--|\u2014|\u2013|-[ \t]|[ \t][a-z0-9]))")


def dateline_mentions(doc: Doc, mentions: list[Mention]) -> list[Mention]:
    """The mentions with each dateline's city and region as places, replacing what NER read there."""
    text = doc_text(doc)
    for match in _DATELINE.finditer(text):
        city_start, city_end = match.span("city")
        region_start, region_end = match.span("region")
        region = text[region_start:region_end]
        if city_end - city_start < 3 or not any(ch.isalpha() and ch.isupper() for ch in text[city_start:city_end]):
            continue
        if not _is_region(region, region_start, region_end, mentions):
            continue
        spans = ((city_start, city_end), (region_start, region_end))
        mentions = [m for m in mentions if not any(m.start < end and start < m.end for start, end in spans)]
        mentions += [Mention(text[start:end], start, end, "Place") for start, end in spans]
    return mentions


def _is_region(region: str, start: int, end: int, mentions: list[Mention]) -> bool:
    if region.rstrip(". ").lower() in word_list("us_state_abbreviations.txt"):
        return True
    return any(m.start == start and m.end == end and m.cls == "Place" for m in mentions)
