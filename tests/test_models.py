"""The JSON form of an analysis: the build cache and worker processes depend on it being exact."""

from __future__ import annotations

import json
import pickle
from pathlib import Path
from decimal import Decimal
from types import MappingProxyType

from kg.ingest import read_inputs
from kg.models import Article, ArticleAnalysis, Evidence, Mention, Relation, analysis_from_json, analysis_to_json

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def test_the_seed_analyses_round_trip_through_json(analyse_text):
    articles = [a for result in read_inputs([SEEDS]) for a in result.articles]
    assert articles
    for article in articles:
        analysis = analyse_text(article.text, article.identifier)
        assert analysis.relations, article.identifier
        again = analysis_from_json(json.loads(json.dumps(analysis_to_json(analysis))))
        assert again == analysis


def test_decimals_dicts_and_metadata_keep_their_types():
    article = Article("Acme bought Beta.", None, "a", "a.txt", "2026-01-02",
                      MappingProxyType({"tags": ["x", {"decimal": 1}], "extra": {"k": 2}, "n": 1.5}))
    acme, beta = Mention("Acme", 0, 4, "Organization"), Mention("Beta", 12, 16, "Organization")
    evidence = Evidence(article.sha256, article.text, 0, 17, "acquisition", 0.9,
                        MappingProxyType({"amount": Decimal("14300000000"), "currency": "USD", "status": "completed"}))
    analysis = ArticleAnalysis(article, (acme, beta), (Relation(acme, "acquired", beta, evidence),
                                                       Relation(acme, "laidOff", None, evidence)))
    data = json.loads(json.dumps(analysis_to_json(analysis)))
    again = analysis_from_json(data)
    assert again == analysis
    assert isinstance(again.relations[0].evidence.qualifiers["amount"], Decimal)
    assert again.article.metadata["tags"] == ["x", {"decimal": 1}]
    pickle.dumps(data)  # what a worker process sends back
