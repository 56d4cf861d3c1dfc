"""Names that NER misses or mistypes, read from the words around them.

* A name given as an example of a kind of organisation, or described by one, is an
  organisation, whatever NER tagged it: "companies like Google, OpenAI and Anthropic"
  (Anthropic is not a place), "engineering group Jarvis" (Jarvis is not a person).
* The proper-noun object of a launch verb is a product when NER tagged nothing there:
  "LangChain launched Open SWE" (Open SWE).
* The proper-noun buyer, seller or target of a deal verb is an organisation when NER
  tagged nothing there: "Oracle acquires Cerner" (headlines defeat the small model).
  What is bought, sold or merged is never a person, whatever NER says: "Pfizer acquired
  Therachon" (both tagged as people); a one-word "person" doing it is an organisation
  too, unless the article names a person who has that surname.
* What an organisation is said to make is a product, even where NER tagged an organisation
  ("Samsung makes NAND Flash"; kg.extract.offerings.made_products).
* A country's name is a place, though NER tagged an organisation: "the U.S. Congress". So are
  a town and a state abbreviation after it ("Chisholm, Minn."); a name with an age after
  it is a person's ("Marie Ortiz, 50, of Bethany").
* A nationality word describing an organisation names its home country (kg/data/demonyms.tsv):
  "Finnish lender Nordea", "Polaris, an American manufacturer"; it becomes a Place mention
  that resolution labels with the country's name. A person's nationality is not read.
* ``article_classes``: the class each name has in the article as a whole, voted by the
  mentions of its full name, since NER tags one name differently from sentence to sentence.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import replace
from functools import lru_cache
from typing import Callable

from spacy.tokens import Doc, Token

from kg.data import word_list, word_table
from kg.extract.offerings import made_products, product_mentions
from kg.extract.syntax import SentenceView, clause_subjects, doc_text, is_asserted
from kg.models import Mention
from kg.resolve import canonical_names, has_organization_word, load_aliases, name_key

#: Nouns for kinds of organisation: whatever is listed as an example of one is an organisation.
ORGANISATION_KINDS = {
    "company", "firm", "startup", "start-up", "business", "corporation", "player", "bank", "lender", "insurer",
    "airline", "carrier", "retailer", "supermarket", "manufacturer", "maker", "carmaker", "automaker", "brand",
    "giant", "conglomerate", "publisher", "broadcaster", "operator", "developer", "studio", "chain", "group",
    "lab", "laboratory", "provider", "supplier", "vendor", "platform", "hyperscaler", "utility", "telecom",
    "multinational", "drugmaker", "chipmaker", "producer", "exporter", "miner",
}
#: Verbs that introduce a product: "launched", "released", "unveiled", "introduced", "debuted", "rolled out".
LAUNCH_VERBS = {"launch", "release", "unveil", "introduce", "debut", "roll"}


def is_launch_verb(token: Token) -> bool:
    """A launch verb; "roll" only as "roll out"."""
    lemma = token.lemma_.lower()
    if token.pos_ != "VERB" or lemma not in LAUNCH_VERBS:
        return False
    return lemma != "roll" or any(c.dep_ == "prt" and c.lower_ == "out" for c in token.children)


def article_classes(mentions: list[Mention]) -> dict[str, str]:
    """Name as written -> the class of its full name in the article (most voted by the
    mentions of the full name; on a tie, Organization if it is among the tied)."""
    canonical = canonical_names(mentions)
    votes: dict[str, Counter] = defaultdict(Counter)
    for mention in mentions:
        if mention.text == canonical[mention.text]:
            votes[mention.text][mention.cls] += 1
    winners = {}
    for name, counts in votes.items():
        top = max(counts.values())
        tied = [cls for cls, count in counts.items() if count == top]
        organisation = "Organization" in tied or has_organization_word(name)
        winners[name] = "Organization" if organisation else tied[0]
    return {text: winners.get(full, "Organization") for text, full in canonical.items()}


def revise_mentions(doc: Doc, mentions: list[Mention], in_heading: Callable[[int], bool]) -> list[Mention]:
    """The mentions with examples of organisation kinds retyped, and products added: launched
    ones, and what organisations are said to make (kg.extract.offerings)."""
    mentions = _retype_examples(doc, mentions)
    mentions = _retype_deal_parties(doc, mentions)
    mentions = _retype_countries(mentions)
    mentions = _retype_by_shape(doc, mentions)
    mentions = mentions + _launched_products(doc, mentions, in_heading) + _deal_parties(doc, mentions, in_heading)
    mentions = mentions + home_countries(doc, mentions, in_heading)
    made = made_products(doc, mentions, article_classes(mentions))
    mentions = list(dict.fromkeys(made.get(m, m) for m in mentions))
    return mentions + product_mentions(doc, mentions, in_heading, article_classes(mentions))


def _retype_countries(mentions: list[Mention]) -> list[Mention]:
    """A country's name that NER tagged as an organisation is a place: "the U.S. Navy" (U.S.),
    "Britain said". A person named like a country ("Jordan") is left alone."""
    return [replace(m, cls="Place") if m.cls == "Organization" and is_country_name(m.text) else m for m in mentions]


#: "Rita Gomez, 41, of": a name with an age after it. "Chisholm, Minn.": a town and its state.
_AGED = re.compile(r"\s*,\s*\d{1,3}\s*,")
_AFTER_A_COMMA = re.compile(r"\s*,\s*$")


def _retype_by_shape(doc: Doc, mentions: list[Mention]) -> list[Mention]:
    """Classes the words around a name settle, whatever NER tagged: a name with an age after it
    ("Marie Ortiz, 50, of Bethany") is a person's; a state abbreviation after a name and a comma
    ("Chisholm, Minn.") is a place, and so is the name, the town."""
    text = doc_text(doc)
    states = word_list("us_state_abbreviations.txt")
    by_end = {m.end: m for m in mentions if m.cls in ("Place", "Person")}
    towns = {}  # a "person" before ", Minn." is a town
    for mention in mentions:
        is_state = mention.text.rstrip(". ").lower() in states
        before = _AFTER_A_COMMA.search(text, max(0, mention.start - 20), mention.start) if is_state else None
        if before is not None and before.start() in by_end:
            towns[mention] = replace(mention, cls="Place")
            towns[by_end[before.start()]] = replace(by_end[before.start()], cls="Place")
    revised = []
    for mention in mentions:
        if mention.cls == "Organization" and _AGED.match(text, mention.end) and len(mention.text.split()) > 1:
            mention = replace(mention, cls="Person")
        revised.append(towns.get(mention, mention))
    return revised


#: Last words of events that NER tags as organisations ("the London Marathon", "the Athens Olympics").
_EVENT_WORDS = {"olympics", "games", "marathon", "championship", "championships", "cup", "festival", "open", "derby",
                "tournament"}
_OF_PLACE = re.compile(r"\s+of\s+(?:the\s+)?(?P<place>[A-Z][\w.'\- ]*)$")


def places_in_names(mentions: list[Mention]) -> list[Mention]:
    """Place mentions inside organisations' names: "U.S." in "U.S. Congress", "Cape Town" in
    "Cape Town Supreme Court", "Canada" in "Supreme Court of Canada". Only countries (and their
    usual aliases) and the cities of kg/data/news_cities.txt count, so "Apple" in "Apple Music"
    or "Harvard" in "Harvard Law School" does not. The new mentions overlap their organisation's,
    and extraction keeps them apart (``SentenceView.nested``)."""
    cities = word_list("news_cities.txt")
    found = []
    for mention in mentions:
        words = list(re.finditer(r"\S+", mention.text))
        if mention.cls != "Organization" or len(words) < 2 or words[-1].group().lower() in _EVENT_WORDS \
                or " - " in mention.text:  # an event, or a headline's "France - Laporte"
            continue
        spans = []
        for count in range(min(3, len(words) - 1), 0, -1):  # "U.S. Navy", "Cape Town Supreme Court"
            prefix = mention.text[:words[count - 1].end()]
            if is_country_name(prefix) or prefix.lower() in cities:
                spans.append((0, len(prefix)))
                break
        suffix = _OF_PLACE.search(mention.text)  # "Supreme Court of Canada"
        if suffix and (is_country_name(suffix.group("place")) or suffix.group("place").lower() in cities):
            spans.append(suffix.span("place"))
        found += [Mention(mention.text[start:end], mention.start + start, mention.start + end, "Place") for start, end in spans]
    return found


def is_country_name(name: str) -> bool:
    """A country's name or a usual alias of one ("U.S.", "UK")."""
    return name_key(name) in _country_names()


@lru_cache(maxsize=1)
def _country_names() -> frozenset[str]:
    """Name keys of countries (kg/data/demonyms.tsv) and of their aliases ("U.S.", "UK")."""
    countries = {name_key(country) for country in word_table("demonyms.tsv").values()}
    return frozenset(countries | {alias for alias, name in load_aliases().items() if name_key(name) in countries})


def home_countries(doc: Doc, mentions: list[Mention], in_heading: Callable[[int], bool]) -> list[Mention]:
    """Place mentions for nationality words that describe an organisation: one modifying its
    name ("Finnish Scanfil") or a noun for its kind ("an American manufacturer")."""
    demonyms = word_table("demonyms.tsv")
    classes = article_classes(mentions)
    found = []
    for view in _views(doc, mentions):
        for token in view.span:
            if token.dep_ not in ("amod", "compound", "nmod") or token.pos_ != "ADJ" or token.ent_type_ == "LANGUAGE" \
                    or token.i in view.by_token or in_heading(token.idx):
                continue  # "in Spanish": a language
            start = token.i - 1 if token.i > view.span.start and token.nbor(-1).head.i == token.i else token.i
            words = doc[start:token.i + 1]
            if words.text.lower() not in demonyms:
                words = doc[token.i:token.i + 1]
                if words.text.lower() not in demonyms:
                    continue
            described = view.by_token.get(token.head.i)
            if described is not None and token.head.dep_ in ("compound", "nmod"):
                continue  # "the Swedish U.N. mediator": a person's nationality
            if (described is not None and classes.get(described.text) == "Organization") or \
                    (described is None and token.head.lemma_.lower() in ORGANISATION_KINDS):
                found.append(Mention(words.text, words.start_char, words.end_char, "Place"))
    return found


def _views(doc: Doc, mentions: list[Mention]):
    for sentence in doc.sents:
        inside = [m for m in mentions if sentence.start_char <= m.start < sentence.end_char]
        if inside:
            yield SentenceView(sentence, inside)


def _retype_examples(doc: Doc, mentions: list[Mention]) -> list[Mention]:
    """Organisations by the noun that names their kind: "companies like A and B", "engineering
    group Jarvis" (an apposition is not trusted: "hired X, the startup is ..." is misparsed)."""
    organisations: set[str] = set()
    for view in _views(doc, mentions):
        for token in view.span:
            if token.pos_ == "NOUN" and token.lemma_.lower() in ORGANISATION_KINDS and token.i not in view.by_token:
                named = view.examples(token)
                if token.dep_ == "compound" and token.head.i in view.by_token and token.head.i == token.i + 1:
                    named.append(view.by_token[token.head.i])  # "engineering group Jarvis"
                organisations.update(m.text for m in named if m.cls != "Organization")
    if not organisations:
        return mentions
    return [Mention(m.text, m.start, m.end, "Organization") if m.text in organisations else m for m in mentions]


def _launched_products(doc: Doc, mentions: list[Mention], in_heading: Callable[[int], bool]) -> list[Mention]:
    classes = article_classes(mentions)
    found: list[Mention] = []
    for view in _views(doc, mentions):
        for verb in view.span:
            if not is_launch_verb(verb) or not is_asserted(verb) or in_heading(verb.idx):
                continue
            if not any(classes.get(m.text) == "Organization" for m in view.mentions_of(clause_subjects(verb))):
                continue
            for obj in verb.children:
                if obj.dep_ == "dobj" and obj.pos_ == "PROPN" and obj.i not in view.by_token:
                    product = _product_name(doc, obj)
                    if product is not None:
                        found.append(product)
    return found


#: Verbs of deals between organisations: whoever does them, and whatever they are done to, is one.
DEAL_VERBS = {"acquire", "buy", "purchase", "merge", "sell", "divest"}


def _deal_parties(doc: Doc, mentions: list[Mention], in_heading: Callable[[int], bool]) -> list[Mention]:
    taken = {i for m in mentions for i in range(m.start, m.end)}
    found: list[Mention] = []
    for verb in doc:
        if verb.pos_ != "VERB" or verb.lemma_.lower() not in DEAL_VERBS or not is_asserted(verb) or in_heading(verb.idx):
            continue
        for party in verb.children:
            if party.dep_ not in ("nsubj", "dobj", "nsubjpass") or not _looks_like_a_name(party) or party.idx in taken:
                continue
            name = _product_name(doc, party)
            if name is not None and not taken.intersection(range(name.start, name.end)):
                found.append(Mention(name.text, name.start, name.end, "Organization"))
                taken.update(range(name.start, name.end))
    return found


#: Deal verbs whose subject is also a party that cannot be a person: "merge".
_JOINT_DEALS = {"merge"}


def _retype_deal_parties(doc: Doc, mentions: list[Mention]) -> list[Mention]:
    """Organisations by their part in a deal, over NER's "person" (see the module's docstring)."""
    by_token = {}
    for mention in mentions:
        span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
        if span is not None and mention.cls == "Person":
            by_token[span.root.i] = mention
    if not by_token:
        return mentions
    surnames = {m.text.split()[-1] for m in mentions if m.cls == "Person" and " " in m.text}
    retyped: set[Mention] = set()
    for verb in doc:
        lemma = verb.lemma_.lower()
        if verb.pos_ != "VERB" or lemma not in DEAL_VERBS:
            continue
        for party in verb.children:
            mention = by_token.get(party.i)
            if mention is None:
                continue
            done_to = party.dep_ in ("dobj", "nsubjpass") or (party.dep_ == "nsubj" and lemma in _JOINT_DEALS)
            one_word_doer = party.dep_ == "nsubj" and " " not in mention.text and mention.text not in surnames
            if done_to or one_word_doer:
                retyped.add(mention)
    return [Mention(m.text, m.start, m.end, "Organization") if m in retyped else m for m in mentions]


def _looks_like_a_name(token: Token) -> bool:
    """A proper noun, or a capitalised word the tagger read as a noun away from the sentence start."""
    return token.pos_ == "PROPN" or (token.pos_ == "NOUN" and token.is_title and token.i != token.sent.start)


def _product_name(doc: Doc, head: Token) -> Mention | None:
    """The proper-noun phrase of ``head`` (its proper-noun and number modifiers next to it), as a product."""
    start = end = head.i
    while start > 0 and doc[start - 1].head.i in range(start, head.i + 1) and doc[start - 1].dep_ == "compound" \
            and doc[start - 1].pos_ in ("PROPN", "NUM"):
        start -= 1
    while end + 1 < len(doc) and doc[end + 1].head.i == head.i and doc[end + 1].dep_ in ("nummod", "compound") \
            and doc[end + 1].pos_ in ("PROPN", "NUM"):
        end += 1
    span = doc[start:end + 1]
    text = span.text
    if "\n" in text or not any(ch.isupper() for ch in text) or text.lower() in word_list("generic_names.txt"):
        return None
    return Mention(text, span.start_char, span.end_char, "Product")
