"""Datelines and source lines: where a story was filed from, and by whom.

- A wire dateline: "LAKEWOOD, Colo. (AP) -", "GREEN BAY, Wis.", "NEW YORK (AP)", the city in
  capitals at the start of a line, then its state or country after a comma, then the agency.
- A monitoring service's dateline: "(Text) Sofia, February 15 (BTA) --", "Moscow March 5
  (ITAR-TASS) --": a city, a day and the agency.
- A monitoring service's source line: "LD2804174994 Moscow INTERFAX in English 1601 GMT 28 Apr
  94", or on a line of its own "Moscow INTERFAX", "Havana Radio Reloj Network": the city an
  outlet publishes or broadcasts from, then the outlet.

NER reads these lines badly (MAPLE GROVE as an organisation, SALEM as nothing, "Moscow
ITAR-TASS" as one place, "Sofia BTA" as nothing); their shape says which words are places
and which the agency or outlet. A wire dateline's region must be a state abbreviation
(kg/data/us_state_abbreviations.txt) or a name NER took for a place, so a capitalised heading
before a comma is not read as one. A dateline without a region, or a source line without the
service's number or a "GMT" time, must start with a city of kg/data/news_cities.txt.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc

from kg.data import word_list
from kg.extract.syntax import doc_text
from kg.models import Mention

#: Key of ``Doc.user_data`` where the article's datelines are kept for the dateline extractor.
DATELINES_KEY = "kg.datelines"

_CAPS_WORD = r"[A-Z][A-Z'.\-]*[A-Z.]"
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?"
_DAY = rf"(?:{_MONTH}[ \t]+\d{{1,2}}|\d{{1,2}}[ \t]+{_MONTH})"
_AGENCY = r"\([ \t]*(?P<agency>[A-Z][\w&\-]*(?:[ \t]+[A-Z][\w&\-]*){0,3})[ \t]*\)"
#: "(Text)", "(Excerpts)", "(Editorial Report)": what a monitoring service puts before a dateline.
_LEAD = r"(?:\([ \t]*[A-Z][a-z]+(?:[ \t]+[A-Z][a-z]+)?[ \t]*\)[ \t]*)?"

# A line's start: "CITY NAME , Region" (tokenised text may space the comma and the dots out).
_DATELINE = re.compile(
    r"(?m)^[ \t]*(?:\(\s*Text\s*\)\s*)?"
    r"(?P<city>[A-Z][A-Z'.\-]*[A-Z.](?:[ \t]+[A-Z][A-Z'.\-]*[A-Z.]){0,3})[ \t]*,[ \t]*"
    r"(?P<region>[A-Z][\w.\-]*(?:[ \t]+(?:[A-Z][\w.\-]*|of))*?)[ \t]*\.?"
    r"(?=[ \t]*(?:$|[(_,;:]|--|\u2014|\u2013|-[ \t]|[ \t][a-z0-9]))")
_AGENCY_AFTER = re.compile(rf"[ \t]*(?:,[ \t]*{_DAY}[ \t]*)?{_AGENCY}")
# "NEW YORK (AP)": a city in capitals and the agency, no region.
_CITY_AND_AGENCY = re.compile(rf"(?m)^[ \t]*(?P<city>{_CAPS_WORD}(?:[ \t]+{_CAPS_WORD}){{0,3}})[ \t]*{_AGENCY}"
                              r"(?=[ \t]*(?:$|--|_|-|\u2014|\u2013))")
# "(Text) Saint-Gall, Switzerland, Feb 2 (AFP) --", "Moscow April 25 TASS --"
_DATED = re.compile(
    rf"(?m)^[ \t]*{_LEAD}(?P<city>[A-Z][a-z]+(?:[ \t\-][A-Z][a-z]+){{0,2}})[ \t]*"
    r"(?:,[ \t]*(?P<region>[A-Z][a-z]+(?:[ \t]+[A-Z][a-z]+){0,2})[ \t]*)?"
    rf",?[ \t]*{_DAY}[ \t]*(?:{_AGENCY}|(?P<bare>[A-Z][A-Z\-]+))[ \t]*(?:--|\u2014|\u2013|-)")

# Source lines: the service's number ("LD2804174994", "94WE0015A"), the city and the outlet,
# the language, and the time or the issue.
_NUMBER = r"(?<!\w)(?:[A-Z]{2}\d{10}|\d{2}[A-Z0-9]{2,3}\d{3,4}[A-Z])"
_NAMES = r"(?P<names>[A-Z][\w'.\-]*(?:[ \t]+(?:[A-Z][\w'.\-]*|de|do|da|del))*)"
_LANGUAGE = r"in[ \t]+[A-Z][a-z]+(?:-[A-Z][a-z]+)?[ \t]+(?:at[ \t]+)?"
_ISSUE = rf"(?:\d{{4}}[ \t]+GMT|\d{{1,2}}(?:-\d{{1,2}})?[ \t]+{_MONTH}[ \t]+\d{{2}}\b|No\.?[ \t]+\d)"
_NUMBERED_SOURCE = re.compile(rf"{_NUMBER}[ \t]+{_NAMES}(?:[ \t]*\([^)\n]*\))?[ \t]+(?:{_LANGUAGE})?{_ISSUE}")
_TIMED_SOURCE = re.compile(rf"(?m)^[ \t]*{_LEAD}{_NAMES}[ \t]+{_LANGUAGE}\d{{4}}[ \t]+GMT")
_SOURCE_ALONE = re.compile(rf"(?m)^[ \t]*{_NAMES}(?:[ \t]*\([^)\n]*\))?[ \t]*$")  # "(SCIENCE)": a section
#: Words that make a line of names an outlet's: "Havana Radio Reloj Network", "London Kanal-6 Television".
_MEDIA_WORDS = {"radio", "television", "tv", "network", "service", "broadcasting", "news", "press", "agency"}


@dataclass(frozen=True)
class Dateline:
    """Character spans of the places a dateline or source line names (a city, then its
    region) and of the agency or outlet it credits, if any."""

    places: tuple[tuple[int, int], ...]
    source: tuple[int, int] | None = None


def find_datelines(text: str, mentions: list[Mention]) -> list[Dateline]:
    """The datelines and source lines of a text, in text order. ``mentions`` (from NER) tell a
    wire dateline's region from a heading's next words."""
    found = [*_wire_datelines(text, mentions), *_dated_datelines(text), *_source_lines(text)]
    kept: list[Dateline] = []
    for line in sorted(found, key=lambda d: d.places[0]):
        if not kept or kept[-1].places[0][0] != line.places[0][0]:  # one reading of each line's start
            kept.append(line)
    return kept


def dateline_mentions(doc: Doc, mentions: list[Mention]) -> list[Mention]:
    """The mentions with each dateline's places and agency (or source line's city and outlet),
    replacing what NER read there. The datelines are kept in the Doc for the dateline extractor."""
    text = doc_text(doc)
    datelines = find_datelines(text, mentions)
    doc.user_data[DATELINES_KEY] = datelines
    for line in datelines:
        spans = [(span, "Place") for span in line.places]
        spans += [(line.source, "Organization")] if line.source else []
        mentions = [m for m in mentions if not any(m.start < end and start < m.end for (start, end), _ in spans)]
        mentions += [Mention(text[start:end], start, end, cls) for (start, end), cls in spans]
    return mentions


def _wire_datelines(text: str, mentions: list[Mention]):
    for match in _DATELINE.finditer(text):
        city, region = match.span("city"), match.span("region")
        if city[1] - city[0] < 3 or not _is_region(text[region[0]:region[1]], region, mentions):
            continue
        agency = _AGENCY_AFTER.match(text, match.end())
        yield Dateline((city, region), agency.span("agency") if agency else None)
    for match in _CITY_AND_AGENCY.finditer(text):
        if match.group("city").lower() in word_list("news_cities.txt"):  # not "FATAL FORCE (MACROSPACE)", a game
            yield Dateline((match.span("city"),), match.span("agency"))


def _dated_datelines(text: str):
    for match in _DATED.finditer(text):
        places = (match.span("city"),) + ((match.span("region"),) if match.group("region") else ())
        yield Dateline(places, match.span("agency") if match.group("agency") else match.span("bare"))


def _source_lines(text: str):
    for pattern, needs_a_known_city in ((_NUMBERED_SOURCE, False), (_TIMED_SOURCE, False), (_SOURCE_ALONE, True)):
        for match in pattern.finditer(text):
            start = match.start("names")
            split = _city_and_outlet(match.group("names"), needs_a_known_city)
            if split is not None:
                (city_end, outlet_start), outlet_end = split, len(match.group("names"))
                yield Dateline(((start, start + city_end),), (start + outlet_start, start + outlet_end))


def _city_and_outlet(names: str, needs_a_known_city: bool) -> tuple[int, int] | None:
    """Where the city ends and the outlet starts in "Moscow INTERFAX", "Sao Paulo O ESTADO DE SAO
    PAULO" or "Porto Alegre Radio Farol Network": a known city, else (for a numbered or timed line)
    the words before the first in capitals or the first word for an outlet, else the first word."""
    words = list(re.finditer(r"\S+", names))
    if len(words) < 2:
        return None
    cities = word_list("news_cities.txt")
    for count in range(min(4, len(words) - 1), 0, -1):
        if names[:words[count - 1].end()].lower() in cities:
            outlet = [w.group() for w in words[count:]]
            if needs_a_known_city and not (len(outlet) <= 6 and any(_is_outlet_word(w) for w in outlet)):
                return None
            return words[count - 1].end(), words[count].start()
    if needs_a_known_city or words[0].group().isupper():
        return None
    marked = [index for index, word in enumerate(words) if index and _is_outlet_word(word.group())]
    count = marked[0] if marked and marked[0] <= 3 else 1
    return words[count - 1].end(), words[count].start()


def _is_outlet_word(word: str) -> bool:
    return (word.isupper() and sum(ch.isalpha() for ch in word) >= 2) or word.lower() in _MEDIA_WORDS


def _is_region(region: str, span: tuple[int, int], mentions: list[Mention]) -> bool:
    if region.rstrip(". ").lower() in word_list("us_state_abbreviations.txt"):
        return True
    return any(m.start == span[0] and m.end == span[1] and m.cls == "Place" for m in mentions)
