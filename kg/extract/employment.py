"""X works for Y, from job titles: "X, an analyst at Y", "Y spokesman X", "Y's chairman X",
"X is a director of Y". The title words are in kg/data/job_titles.txt.

Any other noun in the same places reads as a job too ("CBS anchorman Dan Rather", "David
Pimentel, an ecologist at Cornell University"), less surely: unless it names a tie that is
not a job ("a critic of Y", "Y investor X"), and only for a full name (a single capitalised
word by a noun is as often a product or a brand as a person)."""

from __future__ import annotations

from typing import Iterator

from spacy.tokens import Token

from kg.data import word_list
from kg.extract import Finding, register_extractor
from kg.extract.ceo import is_ceo_title
from kg.extract.names import is_country_name
from kg.extract.syntax import SentenceView, is_asserted, prep_objects, subjects
from kg.extract.residence import aged_of
from kg.extract.titles import title_holders

#: Modifiers that make a title not a current job.
_NOT_CURRENT = {"former", "ex", "ex-", "late", "then", "future", "would-be", "incoming"}
#: Verbs of doing one's job at or for an organisation.
_WORKING = {"work", "teach", "lecture", "report", "write", "cover", "research"}
#: Nouns in the places of a job title that name another tie to an organisation (a founder's
#: is stated by the founding extractor).
_NOT_JOBS = {"founder", "co-founder", "cofounder", "critic", "rival", "customer", "client", "user", "fan", "supporter", "opponent", "friend", "investor",
             "shareholder", "stockholder", "graduate", "alumnus", "student", "victim", "suspect", "defendant", "plaintiff",
             "witness", "passenger", "patient", "buyer", "seller", "son", "daughter", "wife", "husband", "father", "mother",
             "brother", "sister", "child", "family", "guest", "visitor", "nominee", "author", "killer", "assassin",
             "murderer", "scholar", "biographer", "part", "share", "stake", "unit", "subsidiary", "division", "rest"}


def is_job_title(token: Token) -> bool:
    """A current job title other than CEO (the ceo extractor states that, more precisely)."""
    if token.lemma_.lower() not in word_list("job_titles.txt") or token.pos_ not in ("NOUN", "PROPN"):
        return False
    return _is_current_job(token)


def is_job_noun(token: Token) -> bool:
    """A common noun that may say what someone does at an organisation ("anchorman", "ecologist")."""
    if token.pos_ != "NOUN" or token.lemma_.lower() in _NOT_JOBS or not token.text.replace("-", "").isalpha():
        return False
    return _is_current_job(token)


def _is_current_job(token: Token) -> bool:
    if is_ceo_title(token):
        return False
    return not any(child.lower_ in _NOT_CURRENT for child in token.children)


@register_extractor("employment", predicates=["worksFor"])
def extract_employment(view: SentenceView) -> Iterator[Finding]:
    for person, organisation in title_holders(view, is_job_title):
        # "the president of Chile" holds an office of a country (kg.extract.residence); "Veltrix
        # engineer X" works for Veltrix, whatever NER read
        if not is_country_name(organisation.text):
            yield Finding(person, "worksFor", organisation, 0.75)
    for person, organisation in title_holders(view, is_job_noun):
        if person.cls == "Person" and len(person.text.split()) > 1 and organisation.cls == "Organization":
            yield Finding(person, "worksFor", organisation, 0.6)
    # "X works for Y", "X teaches at Y", "X has covered energy for Y since 2001": a job by its verb,
    # in the present (a past one, "X worked at Y", is not a current job)
    for verb in view.span:
        if (verb.lemma_.lower() in _WORKING and verb.pos_ == "VERB" and verb.tag_ != "VBD" and is_asserted(verb)
                and not any(child.lower_ == "longer" for child in verb.children)):  # "no longer works for"
            for person in view.mentions_of(subjects(verb)):
                for organisation in view.mentions_of(prep_objects(verb, "for", "at")):
                    if person.cls == "Person" and organisation.cls == "Organization":
                        yield Finding(person, "worksFor", organisation, 0.7)
    # "Wang Ziqiang at the Institute of Mechanics", "Lt. Ann Cole of the Fire Department":
    # a person placed at an organisation
    aged = {town for _, town in aged_of(view)}  # "Marta Vogel, 52, of Granite Falls": a home town, not an employer
    for token in view.span:
        person = view.by_token.get(token.i)
        if person is None or person.cls != "Person" or token.dep_ == "compound":
            continue
        for organisation in view.mentions_of(prep_objects(token, "at", "of")):
            if organisation.cls == "Organization" and organisation not in aged:
                yield Finding(person, "worksFor", organisation, 0.65)
