"""Shared fixtures: the spaCy model once per session, paths to the team's seeds and ../shared."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.extract import analyse, get_extractors
from kg.ingest.normalize import normalize_text
from kg.models import Article, ArticleAnalysis
from kg.nlp import load_model, parse

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SHARED = ROOT.parent / "shared"
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(scope="session")
def nlp():
    return load_model()


@pytest.fixture(scope="session")
def analyse_text(nlp):
    """Run extraction over a text as an article: ``analyse_text("X bought Y.")``."""

    def run(text: str, identifier: str = "test") -> ArticleAnalysis:
        article = Article(text=normalize_text(text), title=None, identifier=identifier, source=identifier)
        doc, _ = next(parse(nlp, [article]))
        return analyse(doc, article, get_extractors())

    return run


@pytest.fixture(scope="session")
def shared_path():
    """``shared_path("corpus", "seeds")``: a path under ../shared, or skip the test when it is absent."""

    def find(*parts: str) -> Path:
        path = SHARED.joinpath(*parts)
        if not path.exists():
            pytest.skip(f"{path} not present")
        return path

    return find
