"""kg report: the numbers behind its charts, the page, and what happens without matplotlib."""

from __future__ import annotations

import re
import sys
import xml.etree.ElementTree as ET

import pytest

from kg.errors import KgError
from kg.viewer import render_report, report_data
from kg.viewer.report import _periods


@pytest.fixture(scope="module")
def data(news):
    return report_data(news)


def test_counts_come_from_the_graph(data):
    assert data.stats.articles == 3
    assert data.stats.properties == {"investedIn": 1, "ceoOf": 1, "acquired": 1}
    assert data.stats.top_entities[0] == ("Quillon Systems", "Organization", 2)


def test_events_are_counted_by_the_month_of_their_article(data):
    assert data.periods == ["2024-03", "2024-04", "2024-05"]  # consecutive, the empty month too
    assert data.events == {"investment": [1, 0, 1], "layoff": [0, 0, 1]}
    assert data.undated_events == {"acquisition": 1}


def test_long_spans_are_counted_by_year():
    periods, by_period = _periods(["2019-11", "2024-02"])
    assert periods == ["2019", "2020", "2021", "2022", "2023", "2024"]
    assert by_period == {"2019-11": "2019", "2024-02": "2024"}
    assert _periods(["2024-11", "2025-02"])[0] == ["2024-11", "2024-12", "2025-01", "2025-02"]


def test_the_page_has_three_charts_and_escapes_every_name(data, handmade):
    page = render_report(data, title="report of <graph>")
    charts = re.findall(r"<svg.*?</svg>", page, re.S)
    assert len(charts) == 3
    for chart in charts:
        ET.fromstring(chart)  # well-formed SVG, inline
    assert "<script" not in page and "<img" not in page and "<graph>" not in page
    assert "&lt;/script&gt;&lt;script&gt;window.pwned=1&lt;/script&gt; &amp; Co" in page
    assert "Quillon Systems" in page and "Not shown, their article has no date: 1 acquisition." in page
    assert re.search(r"<td>investedIn</td><td class=n>1</td>", page)


def test_names_with_dollar_signs_are_text_not_tex(handmade):
    h = handmade
    name = "A$1 and B$2 Capital"
    dataset = h.dataset_of(h.article("fund", [(f"{name} invested in Quillon Systems.", name, h.ORG, "investedIn",
                                               "Quillon Systems", h.ORG)], date="2024-01-02"))
    page = render_report(report_data(dataset))
    facts, entities, events = re.findall(r"<svg.*?</svg>", page, re.S)
    assert f">{name}</text>" in entities  # one text element, as written


def test_an_empty_graph_still_has_a_report():
    from kg.store import new_dataset

    page = render_report(report_data(new_dataset()))
    assert "No facts." in page and "No event has an article with a date." in page


def test_without_matplotlib_the_error_says_how_to_install_it(data, monkeypatch):
    for name in [m for m in sys.modules if m == "matplotlib" or m.startswith("matplotlib.")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # import matplotlib now raises ImportError
    with pytest.raises(KgError, match=r"pip install matplotlib"):
        render_report(data)
