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
