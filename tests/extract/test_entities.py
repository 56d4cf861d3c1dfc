"""Mentions: NER names kept, page furniture and noise dropped."""

from __future__ import annotations

import pytest

from kg.extract.entities import clean_span, is_heading_line, is_plausible_name


@pytest.mark.parametrize("line,heading", [
    ("Recent News", True),
    ("Join Now", True),
    ("Written by", True),
    ("Restructuring Follows Rapid Expansion and Leadership Change", True),
    ("What's Next for Lumora Robotics?", True),
    ("Lumora Robotics opens a second factory in Ohio", False),
    ("Harborview Capital has invested $250 million in Lumora Robotics.", False),
    ("", False),
])
def test_heading_lines(line, heading):
    assert is_heading_line(line) is heading


@pytest.mark.parametrize("name,plausible", [
    ("AI", False), ("Learn", False), ("the company", False), ("2019", False), ("x", False),
    ("Scale AI", True), ("OpenAI", True), ("Meta", True),
])
def test_plausible_names(name, plausible):
    assert is_plausible_name(name) is plausible


def test_names_in_title_case_headings_need_running_text(analyse_text):
    text = ("Lumora Robotics Plans Rapid Growth and Bold Hiring\n"
            "Priya Natarajan founded Lumora Robotics in 2019 in Boston.")
    names = {m.text for m in analyse_text(text).mentions}
    assert "Lumora Robotics" in names
    assert not any("Rapid" in n or "Bold" in n for n in names)


def test_names_lose_possessives_and_line_breaks(nlp):
    doc = nlp("Harborview's plan")
    assert clean_span(doc[0:2]).text == "Harborview"


def test_repeated_names_and_surnames_are_found_where_ner_missed_them(analyse_text):
    text = "Priya Natarajan founded Lumora Robotics. Natarajan said Lumora Robotics would grow."
    found = [m.text for m in analyse_text(text).mentions]
    assert found.count("Lumora Robotics") == 2
    assert "Natarajan" in found


def test_generic_words_are_not_entities(analyse_text):
    names = {m.text for m in analyse_text("AI is everywhere, and Google says AI will grow.").mentions}
    assert "AI" not in names


def test_a_place_inside_an_organisation_s_name_is_a_mention_of_its_own(analyse_text):
    analysis = analyse_text("The vote in the U.S. Senate was close, said Dana Price of Harvard Law School.")
    assert ("U.S.", "Place") in {(m.text, m.cls) for m in analysis.mentions}
    assert "Harvard" not in {m.text for m in analysis.mentions}  # not a country nor a news city
    # the place is not short for the organisation named after it
    facts = {(r.subject.text, r.predicate, r.object.text) for r in analysis.relations}
    assert ("U.S. Senate", "headquarteredIn", "U.S.") in facts
    assert not any(r.object.text == "U.S." for r in analysis.relations if r.predicate != "headquarteredIn")


def test_an_event_named_after_a_city_is_not_based_there(analyse_text):
    analysis = analyse_text("Dana Price ran the London Marathon in April.")
    assert not [r for r in analysis.relations if r.predicate == "headquarteredIn"]
