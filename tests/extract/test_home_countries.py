"""A nationality word that describes an organisation names its home country; a person's does not."""

from __future__ import annotations

import pytest

from kg.resolve import resolve
from kg.store import resolved_facts


def labelled(analysis):
    """The analysis's facts as (subject label, property, object label), after resolution."""
    resolution = resolve([analysis])
    label = lambda mention: resolution.entity(analysis.article.sha256, mention).label  # noqa: E731
    return {(label(r.subject), r.predicate, label(r.object)) for _, r, tail in resolved_facts(analysis, resolution)[0]
            if tail is not None}


@pytest.mark.parametrize("sentence,expected", [
    ("Polaris Inc. is an American manufacturer of snowmobiles.", ("Polaris Inc.", "headquarteredIn", "United States")),
    ("Acme Corp, a Swiss bank, cut its forecast.", ("Acme Corp", "headquarteredIn", "Switzerland")),
    ("South Korean carmaker Hyundai Motor opened a plant.", ("Hyundai Motor", "headquarteredIn", "South Korea")),
])
def test_an_organisation_s_nationality_is_its_home(sentence, expected, analyse_text):
    assert expected in labelled(analyse_text(sentence))


@pytest.mark.parametrize("sentence", [
    "The Swedish U.N. mediator Lars Olsen arrived in Cyprus.",    # a person's nationality
    "The French president met Acme Corp executives.",            # not an organisation's
    "Madrid EFE in Spanish 1419 GMT 26 Dec 93",                  # a language
])
def test_other_nationality_words_are_no_place(sentence, analyse_text):
    analysis = analyse_text(sentence)
    assert not [m for m in analysis.mentions if m.text in ("Swedish", "French", "Spanish")]


def test_the_demonym_and_the_country_are_one_entity(analyse_text):
    analysis = analyse_text("Acme Corp, a Swiss bank, cut jobs. Switzerland said nothing.")
    resolution = resolve([analysis])
    places = {resolution.entity(analysis.article.sha256, m).iri for m in analysis.mentions if m.cls == "Place"}
    assert len(places) == 1


def test_a_country_tagged_as_an_organisation_is_a_place():
    from kg.extract.names import _retype_countries
    from kg.models import Mention

    mentions = [Mention("U.S.", 0, 4, "Organization"), Mention("Britain", 10, 17, "Organization"),
                Mention("Jordan", 20, 26, "Person"), Mention("Acme", 30, 34, "Organization")]
    assert [m.cls for m in _retype_countries(mentions)] == ["Place", "Place", "Person", "Organization"]
