"""Where things are: a place in a larger place, an organisation's base, a person's home.

Patterns: "Troy, Mich." and "Ames, Story County, Iowa" (a place with larger places after
it, not a list of places), "Boulder in Colorado", "Ohio's Franklin County", "K mart, based in
Troy", "a Boston-based start-up", "Acme, a Boston company", "S.A. Healy Co. of McCook",
"Andrew Hall of Miami" (more ways of saying where people live and were born are in
kg.extract.residence). The classes of the two mentions, settled by resolution, decide
which property a pattern states (the ontology refuses the rest), so the extractor
proposes every reading that fits the syntax.
"""

from __future__ import annotations

import re
from typing import Iterator

from spacy.tokens import Token

from kg.data import word_list
from kg.extract import Finding, register_extractor
from kg.extract.syntax import SentenceView, children, doc_text, prep_objects
from kg.models import Mention

#: What a place after a comma is when it starts a new phrase ("near Salem, Dana Cole said", "Lima, Peru's envoy said").
_NOT_IN_CHAIN = {"nsubj", "nsubjpass", "dobj", "poss"}
_DIRECTIONS = ("north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest")
_IN_REGION = re.compile(r"\s+in\s+(?:(?:the\s+)?(?:(?:%s)(?:ern)?|central|upstate|downstate|rural|suburban)\s+)?"
                        % "|".join(_DIRECTIONS), re.IGNORECASE)
#: Nouns for a part of a place: "Canada's province of Manitoba", "Ecuador's capital, Quito".
_PLACE_NOUNS = {"capital", "city", "town", "village", "province", "state", "region", "county", "district",
                "island", "port", "municipality", "prefecture", "territory", "suburb", "neighborhood", "neighbourhood"}
_HEADQUARTERS = {"headquarters", "headquarter", "hq", "home"}
#: Nouns an organisation is described by: "Acme, a Boston company" (not its legal form: "a
#: Delaware corporation" is where it is incorporated, seldom where it is based).
_ORGANISATION_NOUNS = {"company", "firm", "business", "startup", "start-up", "bank", "lender", "insurer", "multinational",
                       "maker", "manufacturer", "producer", "retailer", "chain", "group", "conglomerate", "publisher",
                       "newspaper", "paper", "daily", "weekly", "magazine", "broadcaster", "station", "network", "agency",
                       "organization", "organisation", "association", "institute", "university", "college", "party",
                       "union", "utility", "airline", "carrier", "operator", "developer", "studio", "carmaker",
                       "automaker", "drugmaker", "chipmaker", "giant", "supplier", "provider", "vendor", "exporter",
                       "miner"}
_LEGAL_SUFFIXES = {"co", "inc", "corp", "corporation", "company", "ltd", "llc", "plc"}
_LIST_GOES_ON = re.compile(r"\s*,\s*(?:(?:and|or)\s+(?:other|more|several|many|some)\b|[A-Z][\w.-]*(?:\s+[A-Z][\w.-]*)*\s+(?:and|or)\s+[A-Z])")
_BASED = {"base", "headquarter", "headquartered", "locate", "situate"}


@register_extractor("location", predicates=["locatedIn", "headquarteredIn", "livesIn"])
def extract_locations(view: SentenceView) -> Iterator[Finding]:
    # "Troy, Mich.", "Fort Bragg, Fayetteville, N.C.": a place with larger places after it
    for inner, outers in _comma_chains(view):
        for outer in outers:
            yield Finding(inner, "locatedIn", outer, 0.85)
    for inner, outer in _places_in_regions(view):
        yield Finding(inner, "locatedIn", outer, 0.6)
    # "the U.S. Congress", "the Supreme Court of Canada": an organisation named after its home
    for place in view.nested:
        for named in view.mentions:
            if named.cls == "Organization" and named.start <= place.start and place.end <= named.end:
                yield Finding(named, "headquarteredIn", place, 0.6)
    for token in view.span:
        here = view.by_token.get(token.i)
        if here is not None and here.cls == "Place" and token.dep_ in ("poss", "compound", "nmod", "amod"):
            yield from _owned_by_place(view, token, here)
        if here is not None and here.cls == "Organization" and token.i == _root(view, here).i:
            yield from _described_organisation(view, token, here)
        lemma = token.lemma_.lower()
        if lemma in _BASED or (lemma == "based" and token.pos_ in ("VERB", "ADJ")):
            yield from _based(view, token)
        elif token.lower_ in ("of", "in") and token.dep_ == "prep" and token.head.i in view.by_token:
            # "Healy Co. of McCook", "Andrew Hall of Miami", "Brown University in Providence"
            owner = view.by_token[token.head.i]
            for place in view.mentions_of(children(token, "pobj")):
                if place.cls == "Place" and (token.lower_ == "of" or owner.cls != "Person"):
                    yield from _based_or_living(owner, place, 0.7 if token.lower_ == "of" else 0.6)
                elif (token.lower_ == "of" and owner.cls == "Organization" and _is_company_name(owner.text)
                      and not set(place.text.lower().split()) & word_list("organization_words.txt")):
                    # "Dunmore Drilling Co. of Granite Falls": what follows a company's legal name is its town
                    yield Finding(owner, "headquarteredIn", place, 0.7)


#: Properties that hold of every larger place: living in "Troy, Mich." is living in Michigan.
CARRIED_TO_LARGER_PLACES = frozenset({"livesIn", "bornIn", "headquarteredIn", "locatedIn"})


def larger_places(view: SentenceView) -> dict[Mention, list[Mention]]:
    """Each place written with larger places after it ("Troy, Mich.", "Yatsushiro in Kumamoto
    Prefecture in southern Japan"), and those places."""
    larger = {inner: list(outers) for inner, outers in _comma_chains(view) if inner.cls == "Place"}
    for inner, outer in _places_in_regions(view):
        larger.setdefault(inner, []).append(outer)
    for inner in list(larger):  # what is in Kumamoto Prefecture is in Japan
        for outer in larger[inner]:
            larger[inner] += [o for o in larger.get(outer, ()) if o not in larger[inner] and o != inner]
    return larger


def _places_in_regions(view: SentenceView) -> Iterator[tuple[Mention, Mention]]:
    """"Boulder in Colorado", "Gary in northern Indiana": a place written right before "in Y",
    however the parse attaches the phrase."""
    mentions = sorted(view.mentions, key=lambda m: m.start)
    for inner, outer in zip(mentions, mentions[1:]):
        if inner.cls == outer.cls == "Place" and _IN_REGION.fullmatch(doc_text(view.span.doc)[inner.end:outer.start]):
            yield inner, outer


def _owned_by_place(view: SentenceView, token: Token, place: Mention) -> Iterator[Finding]:
    """A place naming or owning what follows it: "Italy's Illva Saronno" and "the U.S. Navy"
    (an organisation's base), "Ohio's Franklin County", "Canada's province of Manitoba" and
    "Quito, Ecuador's capital" (a place in it)."""
    owned = view.by_token.get(token.head.i)
    if owned is not None and owned is not place and owned.cls == "Organization":
        yield Finding(owned, "headquarteredIn", place, 0.7)
    elif owned is not None and owned is not place and owned.cls == "Place" and token.dep_ == "poss":
        yield Finding(owned, "locatedIn", place, 0.75)
    elif owned is None and token.dep_ == "poss" and token.head.lemma_.lower() in _PLACE_NOUNS:
        noun = token.head
        named = prep_objects(noun, "of") + children(noun, "appos") + ([noun.head] if noun.dep_ == "appos" else [])
        for inner in view.mentions_of(named):
            if inner.cls == "Place" and inner != place:
                yield Finding(inner, "locatedIn", place, 0.7)


def _described_organisation(view: SentenceView, token: Token, organisation: Mention) -> Iterator[Finding]:
    """"Acme, a Boston company", "the Chronicle, a daily newspaper in Denver", "the agency's
    Denver headquarters", "NRC headquarters in Rockville", "Acme is a Finnish company", "Finnish telecoms company Acme": the
    organisation's kind or headquarters named with a place."""
    kinds = children(token, "appos", "compound") + ([token.head] if token.dep_ == "appos" else [])
    if token.dep_ == "nsubj" and token.head.lemma_.lower() == "be":
        kinds += children(token.head, "attr")
    nouns = [n for n in kinds if n.lemma_.lower() in _ORGANISATION_NOUNS]
    # "the agency's Denver headquarters", "NRC headquarters in Rockville"
    nouns += [token.head] if token.dep_ in ("poss", "compound") and token.head.lemma_.lower() in _HEADQUARTERS else []
    for noun in nouns:
        if noun.pos_ != "NOUN" or noun.i in view.by_token:
            continue
        for place in view.mentions_of(children(noun, "compound", "nmod", "poss", "amod") + prep_objects(noun, "in")):
            if place.cls == "Place":
                yield Finding(organisation, "headquarteredIn", place, 0.65)


def _based(view: SentenceView, based: Token) -> Iterator[Finding]:
    """"X, based in Y", "X is headquartered in Y", "a Y-based X"."""
    places = prep_objects(based, "in", "at")
    places += [c for c in based.children if c.dep_ in ("npadvmod", "compound") and c.i < based.i]
    owners = [based.head] if based.dep_ in ("acl", "amod", "relcl") else []
    owners += children(based, "nsubjpass", "nsubj")
    for owner in view.mentions_of(owners):
        for place in view.mentions_of(places):
            if place.cls == "Place":
                yield Finding(owner, "headquarteredIn", place, 0.85)


def _based_or_living(owner: Mention, place: Mention, confidence: float) -> Iterator[Finding]:
    if owner.cls == "Person":
        yield Finding(owner, "livesIn", place, confidence)
    elif owner.cls == "Organization":
        yield Finding(owner, "headquarteredIn", place, confidence)
    elif owner.cls == "Place":
        yield Finding(owner, "locatedIn", place, confidence)


def _is_company_name(name: str) -> bool:
    return name.split()[-1].lower().rstrip(".") in _LEGAL_SUFFIXES


def _comma_chains(view: SentenceView) -> Iterator[tuple[Mention, list[Mention]]]:
    """Each name followed by ", Place" and the places that follow it so ("A, B, C": B and C for A).

    A list of places ("Russia, Japan, Poland", "Paris, London and Rome") is not a chain:
    its items are coordinated, and another place follows the last one with "and" or a comma.
    """
    mentions = sorted(view.mentions, key=lambda m: m.start)
    text = doc_text(view.span.doc)
    runs: list[list[Mention]] = []
    for mention in mentions:
        if (runs and text[runs[-1][-1].end:mention.start].strip() == "," and mention.cls == "Place"
                and _root(view, mention).dep_ not in _NOT_IN_CHAIN):
            runs[-1].append(mention)
        else:
            runs.append([mention])
    for run in runs:
        if len(run) < 2 or _is_list(view, run, mentions):
            continue
        for index, inner in enumerate(run[:-1]):
            # "Northgate Army Depot, Ashford, Wash.": a site before a town and its state
            if inner.cls == "Place" or (inner.cls == "Organization" and index == 0 and len(run) >= 3
                                        and len(inner.text.split()) > 1):
                yield inner, run[index + 1:]
        # "Aspen and Boulder, Colo.": two towns of one state
        if len(run) == 2 and run[0].cls == "Place":
            before = [m for m in mentions if m.end <= run[0].start]
            if before and before[-1].cls == "Place" and text[before[-1].end:run[0].start].strip() == "and":
                earlier = [m for m in mentions if m.end <= before[-1].start]
                if not earlier or text[earlier[-1].end:before[-1].start].strip() not in (",", "and"):
                    yield before[-1], run[1:]


def _is_list(view: SentenceView, run: list[Mention], mentions: list[Mention]) -> bool:
    text = doc_text(view.span.doc)
    after = [m for m in mentions if m.start >= run[-1].end]
    if after and after[0].cls == "Place":
        between = text[run[-1].end:after[0].start].strip(" ,").split()
        if not between or (between[0] in ("and", "or") and len(between) <= 2):  # "..., Kentucky and northern Alabama"
            return True
    # "Asia, Brazil, and other markets", "Corvina, Sigma, Brightmill and Orbital Foods": the list goes on
    if _LIST_GOES_ON.match(text, run[-1].end):
        return True
    coordinated = [m for m in run[1:] if _root(view, m).dep_ == "conj"]
    return len(coordinated) >= 2


def _root(view: SentenceView, mention: Mention) -> Token:
    return view.span.doc.char_span(mention.start, mention.end, alignment_mode="expand").root

