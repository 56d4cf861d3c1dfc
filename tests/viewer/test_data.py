"""The viewer's data and page, without a browser: what a dataset becomes, and that article text stays text."""

from __future__ import annotations

import json
import math
import re

import pytest

from kg.vocab import FACTS_GRAPH
from kg.viewer import render_html, script_json, view_data

NASTY_NAME = "</script><script>window.pwned=1</script> & Co"  # as in conftest.py
NASTY_TITLE = '<img src=x onerror="window.pwned=2"> "Deals" & <b>more</b>'


@pytest.fixture(scope="module")
def data(news):
    return view_data(news)


def node(data, label):
    (found,) = [n for n in data.nodes if n.label == label]
    return found


def edge(data, subject, prop, object_):
    (found,) = [e for e in data.edges if (data.nodes[e.source].label, e.property, data.nodes[e.target].label)
                == (subject, prop, object_)]
    return found


def test_entities_in_facts_are_nodes_with_class_and_degree(data):
    assert {(n.label, n.cls, n.degree) for n in data.nodes} == {
        ("Quillon Systems", "Organization", 3), ("Brightwater Labs", "Organization", 1),
        ("Marta Quell", "Person", 1), (NASTY_NAME, "Organization", 1), ("Tove Works", "Organization", 1),
        ("layoff: Quillon Systems", "Layoff", 1),
    }
    assert data.classes == ["Layoff", "Organization", "Person"]
    assert node(data, "Quillon Systems").iri == "https://w3id.org/kg-news/id/organization/quillon-systems"
    assert [n.degree for n in data.nodes] == sorted((n.degree for n in data.nodes), reverse=True)


def test_a_fact_has_its_combined_confidence_and_every_sentence_with_its_article(data):
    invested = edge(data, "Brightwater Labs", "investedIn", "Quillon Systems")
    assert invested.confidence == 0.97  # 1 - (1 - 0.9)(1 - 0.7)
    assert [e.sentence for e in invested.evidence] == ["Brightwater Labs invested in Quillon Systems.",
                                                       "Analysts said Brightwater Labs invested in Quillon Systems."]
    first, second = invested.evidence
    assert (first.confidence, first.extractor, first.details["amountText"]) == (0.9, "handmade.v1", "$40 million")
    assert data.articles[first.article].title == "Brightwater bets on Quillon"
    assert data.articles[first.article].link == "https://news.example/alpha"
    assert data.articles[second.article].title == NASTY_TITLE
    assert invested.days == ["2024-03-14", "2024-05-02"]


def test_without_the_facts_graph_a_fact_is_as_confident_as_its_strongest_sentence(handmade):
    h = handmade
    bare = h.dataset_of(h.article("one", [("Brightwater Labs invested in Quillon Systems.", "Brightwater Labs", h.ORG,
                                           "investedIn", "Quillon Systems", h.ORG, 0.6)]))
    bare.remove_graph(bare.graph(FACTS_GRAPH))
    (only,) = view_data(bare).edges
    assert only.confidence == 0.6


def test_a_layoff_is_a_node_with_its_head_count(data):
    layoff = node(data, "layoff: Quillon Systems")
    assert layoff.details == {"headcount": "120"} and layoff.days == ["2024-05-02"]
    assert edge(data, "Quillon Systems", "laidOff", "layoff: Quillon Systems").evidence[0].details["headcount"] == "120"


def test_dates_are_days_of_articles_and_undated_facts_have_none(data):
    assert data.days == ["2024-03-14", "2024-05-02"]
    assert node(data, "Marta Quell").days == ["2024-03-14"]
    assert edge(data, NASTY_NAME, "acquired", "Tove Works").days == []
    beta = next(a for a in data.articles if a.identifier == "beta")
    assert (beta.date, beta.day) == ("2024-05-02T09:30:00+00:00", "2024-05-02")


def test_only_web_addresses_are_links(data):
    links = {a.identifier: a.link for a in data.articles}
    assert links == {"alpha": "https://news.example/alpha", "beta": "https://news.example/beta?a=1&b=2", "gamma": None}


def test_the_layout_is_finite_spread_and_the_same_every_time(news, data):
    points = [(n.x, n.y) for n in data.nodes]
    assert all(math.isfinite(v) for point in points for v in point)
    assert len(set(points)) == len(points)
    assert view_data(news) == data


def test_an_empty_graph_has_no_nodes():
    from kg.store import new_dataset

    empty = view_data(new_dataset())
    assert (empty.nodes, empty.edges, empty.days) == ([], [], [])
    assert "kg-data" in render_html(empty)


@pytest.mark.parametrize("text", ["</script><script>alert(1)</script>", "a & b < c > d", "<!-- x", "\u2028\u2029 line"])
def test_script_json_has_no_markup_and_reads_back(text):
    encoded = script_json({"text": text})
    assert not re.search(r"[<>&\u2028\u2029]", encoded)
    assert json.loads(encoded) == {"text": text}


def test_the_page_embeds_the_data_and_no_article_text_as_markup(data):
    page = render_html(data)
    payload = re.search(r'<script type="application/json" id="kg-data">(.*?)</script>', page, re.S).group(1)
    assert json.loads(payload) == json.loads(json.dumps(data.to_json()))
    assert page.count("</script") == 2  # the data's and the script's own: none from a name or a title
    assert "<img" not in page and "window.pwned" in payload and "<b>" not in page


def test_the_page_loads_nothing_from_anywhere(data):
    page = render_html(data)
    assert not re.search(r"<(script|link|img|iframe)\b[^>]*\b(src|href)=", page, re.I)
    assert "default-src 'none'" in page
    assert "/*{{" not in page  # every slot filled


def test_a_hedged_sentence_is_evidence_but_does_not_date_the_fact(handmade):
    h = handmade
    dataset = h.dataset_of(
        h.article("early", [("Brightwater Labs plans to acquire Tove Works.", "Brightwater Labs", h.ORG, "acquired",
                             "Tove Works", h.ORG, 0.8, {"status": "planned"})], date="2024-01-10"),
        h.article("late", [("Brightwater Labs acquired Tove Works.", "Brightwater Labs", h.ORG, "acquired",
                            "Tove Works", h.ORG)], date="2024-02-20"))
    (fact,) = view_data(dataset).edges
    assert [(e.sentence, e.asserts) for e in fact.evidence] == [
        ("Brightwater Labs acquired Tove Works.", True), ("Brightwater Labs plans to acquire Tove Works.", False)]
    assert fact.evidence[1].details["status"] == "planned"
    assert fact.days == ["2024-02-20"]
