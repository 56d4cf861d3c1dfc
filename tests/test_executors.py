"""Executors: the same analyses, in the same order, whichever process or cluster runs them."""

from __future__ import annotations

import sys
from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.build import build
from kg.cli import app
from kg.errors import ExecutorError, UnknownPluginError
from kg.executors import (EXECUTORS, MAX_CHUNK, TASKS_PER_WORKER, AnalysisSettings, analyse_articles,
                          analyse_partition, article_from_json, article_to_json, chunks)
from kg.models import Article, analysis_from_json

ROOT = Path(__file__).resolve().parent.parent
EXPORTS = ("graph.ttl", "graph.trig", "graph.graphml")


def article(n: int, text: str = "Harborview Capital invested in Lumora Robotics.") -> Article:
    return Article(text=text, title=None, identifier=f"a{n}", source=f"a{n}.txt")


ARTICLES = [
    Article(text="Deal\n\nNorrland Telecom has acquired Fjordnet, a regional broadband provider.\n",
            title="Deal", identifier="deal.txt", source="in/deal.txt", date="2026-01-05",
            metadata={"section": "business", "scores": [1, Decimal("2.50")], "extra": {"by": "desk"}}),
    Article(text="Maya Chen joined Veltrix as chief scientist. Samuel Reyes, Veltrix's CEO, welcomed her.",
            title=None, identifier="hire", source="wire.jsonl"),
    Article(text="Quillon Systems named Hannah Weber chief executive.", title=None, identifier="ceo", source="x"),
]


@pytest.mark.parametrize("count,workers", [(0, 2), (1, 2), (7, 2), (100, 2), (1000, 2), (1000, 16), (5, 1)])
def test_chunks_cover_the_articles_in_order(count, workers):
    articles = [article(n) for n in range(count)]
    parts = chunks(articles, workers)
    assert [a for part in parts for a in part] == articles
    assert all(0 < len(part) <= MAX_CHUNK for part in parts)
    if count >= workers * TASKS_PER_WORKER:
        assert len(parts) >= workers * TASKS_PER_WORKER  # a worker that finishes early finds more to do


def test_an_article_travels_as_json_and_comes_back_equal():
    for each in ARTICLES:
        assert article_from_json(article_to_json(each)) == each


def test_a_partition_gives_what_this_process_gives(nlp):
    # The function workers run: JSON in, JSON out, the same analyses as the serial executor.
    settings = AnalysisSettings()
    serial = list(analyse_articles(ARTICLES, settings))
    assert any(a.relations for a in serial)
    remote = [analysis_from_json(data) for data in analyse_partition([article_to_json(a) for a in ARTICLES], settings)]
    assert remote == serial


def test_the_serial_executor_reports_progress(nlp):
    seen = []
    analyses = list(analyse_articles(ARTICLES, AnalysisSettings(), progress=lambda done, total: seen.append((done, total))))
    assert [a.article for a in analyses] == ARTICLES
    assert seen == [(1, 3), (2, 3), (3, 3)]


@pytest.mark.parametrize("kwargs,message", [
    ({"executor": "cluster"}, "unknown executor 'cluster'; choose from: dask, processes, serial"),
    ({"executor": "serial", "jobs": 2}, "the serial executor runs in this process only"),
    ({"executor": "processes", "scheduler": "tcp://127.0.0.1:8786"}, "scheduler address is for the dask executor"),
    ({"jobs": -1}, "jobs must be 0"),
])
def test_contradictory_settings_fail_before_any_work(kwargs, message):
    with pytest.raises((ExecutorError, UnknownPluginError), match=message):
        analyse_articles(ARTICLES, AnalysisSettings(), **kwargs)


def test_an_unknown_extractor_fails_in_the_caller_not_in_a_worker():
    with pytest.raises(UnknownPluginError, match="unknown extractor 'nope'"):
        analyse_articles(ARTICLES, AnalysisSettings(extractors=("nope",)), executor="processes", jobs=2)


def test_every_executor_is_registered():
    assert set(EXECUTORS) == {"serial", "processes", "dask"}


def test_without_dask_the_dask_executor_says_how_to_install_it(monkeypatch, tmp_path):
    monkeypatch.setitem(sys.modules, "distributed", None)  # import distributed raises ImportError
    with pytest.raises(ExecutorError, match=r"pip install 'kg\[dask\]'"):
        analyse_articles(ARTICLES, AnalysisSettings(), executor="dask")
    result = CliRunner().invoke(app, ["build", str(ROOT / "seeds"), "--executor", "dask", "--out", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [
        "kg: error: the dask executor needs Dask, which is not installed: "
        "pip install 'kg[dask]' (or: pip install 'dask[distributed]')"]
    assert not (tmp_path / "out").exists()


def test_a_malformed_scheduler_address_is_refused_before_any_work():
    pytest.importorskip("distributed")
    with pytest.raises(ExecutorError, match="'nonsense' is not a Dask scheduler address"):
        analyse_articles(ARTICLES, AnalysisSettings(), scheduler="nonsense")


# ---------------------------------------------------------------- whole builds: the same bytes

@pytest.fixture(scope="module")
def serial_build(tmp_path_factory, nlp):
    out = tmp_path_factory.mktemp("serial")
    build([ROOT / "seeds"], out)
    return {name: (out / name).read_bytes() for name in EXPORTS}


def test_two_processes_build_the_same_bytes_as_one(serial_build, tmp_path):
    seen = []
    report = build([ROOT / "seeds"], tmp_path, jobs=2, progress=lambda done, total: seen.append((done, total)))
    assert report.facts > 10
    assert {name: (tmp_path / name).read_bytes() for name in EXPORTS} == serial_build
    assert seen[-1] == (report.articles, report.articles)
    assert [done for done, _ in seen] == sorted(done for done, _ in seen)


def test_a_dask_cluster_builds_the_same_bytes_as_one_process(serial_build, tmp_path):
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None) as cluster:
        report = build([ROOT / "seeds"], tmp_path, executor="dask", scheduler=cluster.scheduler_address)
        assert report.facts > 10
    assert {name: (tmp_path / name).read_bytes() for name in EXPORTS} == serial_build
