"""Datelines: the city in capitals and its state or country are places, whatever NER read."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("text,city,region", [
    ("LAKEWOOD, Colo. (AP) - Hail damaged cars on Monday.", "LAKEWOOD", "Colo."),
    ("GREEN BAY , Wis .", "GREEN BAY", "Wis"),
    ("MAPLE GROVE, Minn. - Lena Ortiz, a trader at Harborview Capital, left.", "MAPLE GROVE", "Minn."),
])
def test_a_dateline_names_two_places(analyse_text, text, city, region):
    classes = {m.text: m.cls for m in analyse_text(text).mentions}
    assert classes[city] == classes[region] == "Place"


def test_capitals_before_a_comma_need_a_place_after_them(analyse_text):
    classes = {m.text: m.cls for m in analyse_text("BREAKING NEWS, Read more about the storm.").mentions}
    assert "BREAKING NEWS" not in classes


def _reports(analysis) -> set[tuple[str, str]]:
    return {(r.subject.text, r.object.text) for r in analysis.relations if r.predicate == "reportsFrom"}


@pytest.mark.parametrize("text,expected", [
    ("TOPEKA , Kan. ( AP ) _ Wind closed two highways on Sunday .", {("AP", "TOPEKA"), ("AP", "Kan.")}),
    ("DENVER (AP) - Snow closed the schools on Monday.", {("AP", "DENVER")}),
    ("(Text) Lusaka, March 9 (ZANA) -- The cabinet met on Tuesday to discuss the maize harvest.",
     {("ZANA", "Lusaka")}),
    ("Oslo , 4 May NORDPRESS -- Ferry fares rose again.", {("NORDPRESS", "Oslo")}),
    ("Ferries Cancelled KB0312150499 Tallinn VALGUS in Estonian 1500 GMT 3 Dec 99", {("VALGUS", "Tallinn")}),
    ("CX1105081299 Porto Alegre Radio Farol Network in Portuguese 0800 GMT 11 May 99",
     {("Radio Farol Network", "Porto Alegre")}),
    ("Vienna KURIER ALPEN", {("KURIER ALPEN", "Vienna")}),
    ("Lima Radio Andina Network", {("Radio Andina Network", "Lima")}),
])
def test_the_agency_of_a_dateline_and_the_outlet_of_a_source_line_report_from_its_places(analyse_text, text, expected):
    assert _reports(analyse_text(text)) == expected


@pytest.mark.parametrize("text", [
    "U.S. (USTR) official Dana Cole spoke to reporters in Tokyo.",
    "London Stock Exchange",
    "Apple TV",
    "NIGHT RIDER (PIXELWORKS)\nA racing game with twelve tracks.",
    "Harborview Capital hired Lena Ortiz in May, the firm said on 3 May 99.",
])
def test_other_lines_credit_no_one(analyse_text, text):
    assert _reports(analyse_text(text)) == set()


def test_a_dateline_is_not_the_agency_s_head_office(analyse_text):
    analysis = analyse_text("DENVER (AP) - Snow closed the schools on Monday.")
    assert not [r for r in analysis.relations if r.predicate == "headquarteredIn"]
