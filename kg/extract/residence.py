"""Where people live and were born, in the ways news says it: "Jane Doe, a native of
Dayton", "Dayton native Jane Doe", "Ohio Gov. Jane Doe", "Jane Doe, the mayor of Dayton",
"Jane Doe, who lives in Dayton", "Jane Doe is from Dayton", "Jane Doe grew up in Dayton",
"Jane Doe was raised in Dayton", "her Dayton home", "Jane Doe was born in a farmhouse near
Dayton", "Born in Dayton, Jane Doe ...".

Someone who holds an office of a place ("Lima's mayor", "the Oregon senator", "the president
of Chile", but not "the seventh president") lives there, as do "Atlanta businessman X" and
"X, a Dayton lawyer"; a job named after a place's thing ("a Dallas nightclub owner") says
less and is not read. "His native Ohio" and "her hometown" are the home of the one person
named before them in the sentence.
Nationality adjectives ("French") are not names of places and are not read either.
"""

from __future__ import annotations

import re
from typing import Iterator

from spacy.tokens import Token

from kg.data import word_list
from kg.extract import Finding, register_extractor
from kg.extract.syntax import SentenceView, children, doc_text, is_asserted, passive_subjects, prep_objects, subjects
from kg.models import Mention

#: Nouns that say where a person is from: "a native of Y", "a Y resident".
_ORIGIN = {"native", "resident", "citizen", "inhabitant"}
#: Offices held for a place, whose holders live there: "Ohio Gov. X", "the mayor of Y",
#: "Madison County Judge X", "France's representative, X".
_PLACE_OFFICES = {"mayor", "governor", "gov.", "senator", "sen.", "congressman", "congresswoman", "lawmaker",
                  "legislator", "assemblyman", "assemblywoman", "alderman", "councilman", "councilwoman", "premier",
                  "sheriff", "judge", "attorney", "prosecutor", "commissioner", "supervisor", "superintendent",
                  "representative", "ambassador", "envoy", "negotiator", "president", "king",
                  "queen", "emperor"}
#: Offices held in the place they are "to": "the ambassador to Ukraine".
_POSTED_TO = {"ambassador", "envoy"}
#: People named by where they live and what they are: "Atlanta businessman X", "X, a Dayton
#: lawyer" (not a job named after a place's thing: "a Dallas nightclub owner").
_TOWNSFOLK = {"businessman", "businesswoman", "man", "woman", "boy", "girl", "resident", "housewife", "homemaker",
              "farmer", "rancher", "lawyer", "doctor", "physician", "dentist", "teacher", "student", "merchant",
              "retiree", "grandmother", "grandfather", "mother", "father", "widow", "homeowner", "landlord"}
#: Verbs of living somewhere: "X lives in Y", "X grew up in Y", "X is from Y".
_LIVING = {"live", "reside", "settle"}
#: Modifiers that make a title or a home not a current one.
_NOT_CURRENT = {"former", "ex", "ex-", "late", "then", "future", "would-be", "incoming", "onetime", "one-time"}
_BORN_PREPS = ("in", "near", "at", "outside")
_NUMBERED = re.compile(r"\d+(st|nd|rd|th)")
_AGED_OF = re.compile(r"\s*,\s*\d{1,3}\s*,\s*of\s+")


@register_extractor("residence", predicates=["livesIn", "bornIn"])
def extract_residences(view: SentenceView) -> Iterator[Finding]:
    # "Rita Gomez, 41, of Lakewood": a name, an age and a town, whatever NER read the town as
    for person, town in aged_of(view):
        yield Finding(person, "livesIn", town, 0.75)
    for token in view.span:
        lemma = token.lemma_.lower()
        if lemma == "native" and token.dep_ == "amod" and _places(view, [token.head]):
            # "his native Ohio", "Van Buren's native Kinderhook"
            for person in _possessors(view, token.head):
                for place in _places(view, [token.head]):
                    yield Finding(person, "bornIn", place, 0.7)
        elif (token.pos_ in ("NOUN", "PROPN") or lemma == "native") and (lemma in _ORIGIN or lemma in _PLACE_OFFICES
                                                                         or lemma in _TOWNSFOLK):
            if _is_current(token):
                predicate = "bornIn" if lemma == "native" else "livesIn"
                # "a native of Y" says who and where, whatever NER read; an office's "of Y" may be an organisation's
                for person, place in _holders_and_places(view, token, trust_classes=lemma not in _ORIGIN):
                    yield Finding(person, predicate, place, 0.65 if lemma in _ORIGIN else 0.6 if lemma in _PLACE_OFFICES else 0.55)
        elif token.pos_ == "NOUN" and token.lower_ in word_list("job_titles.txt") and _is_current(token):
            # "Atlanta architect X", "X, a Fresno pilot": a place right before a job says where its holder lives
            for person, place in _holders_and_places(view, token, places=[token.nbor(-1)] if token.i > view.span.start else []):
                yield Finding(person, "livesIn", place, 0.5)
        elif lemma == "bear" and token.tag_ == "VBN":
            yield from _born(view, token)
        elif token.pos_ in ("VERB", "AUX") and _is_living(token) and is_asserted(token):
            # the verb says who and where; resolution settles the classes NER got wrong
            for person in view.mentions_of(subjects(token) + passive_subjects(token)):
                for place in view.mentions_of(prep_objects(token, "in", "from", "at") + ([token.head] if _where(token) else [])):
                    yield Finding(person, "livesIn", place, 0.7)
        elif lemma in ("home", "hometown") and token.pos_ == "NOUN":
            # "Dana Cole's Fresno home", "her home in Fresno", "Tomas Reyes's hometown of Fresno"
            if _is_current(token):
                for person in _possessors(view, token):
                    for place in view.mentions_of(children(token, "compound", "nmod") + prep_objects(token, "in", "of")):
                        yield Finding(person, "livesIn", place, 0.65)
        # "Jane Doe from Dayton", "Jane Doe, an engineer from Dayton"
        person = view.by_token.get(token.i)
        if person is not None and person.cls == "Person" and token.dep_ != "compound":
            described = [token] + children(token, "appos")
            for place in _places(view, [obj for each in described for obj in prep_objects(each, "from")]):
                yield Finding(person, "livesIn", place, 0.6)


def aged_of(view: SentenceView) -> list[tuple[Mention, Mention]]:
    """(person, town) for each "Name, age, of Town" in the sentence."""
    mentions = sorted(view.mentions, key=lambda m: m.start)
    text = doc_text(view.span.doc)
    return [(person, town) for person, town in zip(mentions, mentions[1:])
            if person.cls == "Person" and _AGED_OF.fullmatch(text[person.end:town.start])]


def _holders_and_places(view: SentenceView, noun: Token, trust_classes: bool = True,
                        places: list[Token] | None = None) -> Iterator[tuple[Mention, Mention]]:
    """People the noun describes and places it names: "Y mayor X", "X, a Y native",
    "X, the mayor of Y", "Y's mayor, X", "X is a native of Y"; with ``trust_classes``, only
    mentions NER took for a person and a place."""
    holders = children(noun, "appos")
    if noun.dep_ in ("compound", "appos", "amod", "nmod"):
        holders.append(noun.head)
    elif noun.dep_ == "conj" and noun.head.dep_ == "appos":  # "X, a lawyer and a Y native"
        holders.append(noun.head.head)
    elif noun.dep_ == "attr" and noun.head.lemma_.lower() in ("be", "become", "remain"):
        holders.extend(children(noun.head, "nsubj"))
    if places is None:
        places = children(noun, "poss", "compound", "nmod") + prep_objects(noun, "of", "from", "for")
        if noun.lemma_.lower() in _POSTED_TO:  # "the U.S. ambassador to Ukraine, X" lives in Ukraine
            places += prep_objects(noun, "to")
        if noun.i > noun.sent.start:  # "Portland native X", however the parse reads "Portland"
            places.append(noun.nbor(-1))
    people, places = (_people(view, holders), _places(view, places)) if trust_classes else \
        (view.mentions_of(holders), view.mentions_of(places))
    for person in people:
        for place in places:
            if person != place:
                yield person, place


def _born(view: SentenceView, born: Token) -> Iterator[Finding]:
    """"X was born in Y", "X, born near Y", "X was born Z in Y" (Z the birth name),
    "born in a cabin in Y", "a Y-born X"."""
    names = children(born, "oprd", "dobj", "attr")  # the name at birth
    people = passive_subjects(born) + names
    if _where(born):  # "Rolling Fork, where X was born"
        pass
    elif born.dep_ in ("acl", "relcl", "amod", "appos"):
        people.append(born.head)
        if born.head.dep_ == "appos":  # "X, 69, born in Y": the parse hangs "born" on the age
            people.append(born.head.head)
    elif born.dep_ == "advcl" and not people:  # "Born in Philadelphia, X moved to Paris."
        people.extend(subjects(born.head))
    people += [named for person in people for named in children(person, "appos")]  # "the 30th president, X, was born"
    places = view.mentions_of(_nested(prep_objects(born, *_BORN_PREPS) + [o for n in names for o in prep_objects(n, "in")]
                                      + ([born.head] if _where(born) else [])))
    places += _places(view, [c for c in born.children if c.dep_ in ("npadvmod", "compound", "nmod") and c.i < born.i])
    if not is_asserted(born):
        return
    for person in view.mentions_of(people):
        for place in places:
            yield Finding(person, "bornIn", place, 0.85)


def _where(verb: Token) -> bool:
    """A clause about the place before it: "Dayton, where she lives"."""
    return verb.dep_ == "relcl" and any(child.lower_ == "where" for child in verb.children)


def _is_current(title: Token) -> bool:
    """Not a former role, nor one of a numbered line of holders ("the 16th president"): a
    place where someone lives is a present fact."""
    return not any(child.lower_ in _NOT_CURRENT or _NUMBERED.fullmatch(child.lower_) or child.ent_type_ == "ORDINAL"
                   for child in title.children)


def _nested(objects: list[Token]) -> list[Token]:
    """The objects and, for an object that is not a name, the places of its own phrase:
    "in a log cabin in Hodgenville" -> cabin, Hodgenville."""
    found = list(objects)
    for obj in objects:
        found.extend(_nested(prep_objects(obj, *_BORN_PREPS)))
    return found


def _is_living(verb: Token) -> bool:
    lemma = verb.lemma_.lower()
    if lemma in _LIVING:
        return True
    if lemma == "raise":  # "X was raised in Y"
        return verb.tag_ == "VBN" and bool(passive_subjects(verb))
    if lemma == "grow":  # "grew up in Y"
        return any(child.dep_ == "prt" and child.lower_ == "up" for child in verb.children)
    if lemma in ("be", "hail", "come"):  # "X is from Y", "X hails from Y"
        return bool(prep_objects(verb, "from")) and (lemma != "come" or verb.tag_ in ("VBZ", "VBP"))
    return False


def _possessors(view: SentenceView, noun: Token) -> list[Mention]:
    """Whose the noun is: "Dana Cole's" or, for "his" and "her", the one person the sentence
    has named before it ("Dana Cole visited her hometown")."""
    found = []
    for owner in children(noun, "poss"):
        if owner.lower_ in ("his", "her"):
            before = [m for m in view.mentions if m.cls == "Person" and m.end <= owner.idx]
            found += before if len(before) == 1 else []
        else:
            found += _people(view, [owner])
    return found


def _people(view: SentenceView, tokens: list[Token]) -> list[Mention]:
    return [m for m in view.mentions_of(tokens) if m.cls == "Person"]


def _places(view: SentenceView, tokens: list[Token]) -> list[Mention]:
    return [m for m in view.mentions_of(tokens) if m.cls == "Place"]
