"""`kg view` and `kg report` from the command line: what they write, and their one-line errors."""

from __future__ import annotations

import sys

from typer.testing import CliRunner

from kg.cli import app

runner = CliRunner()


def test_view_writes_the_page(news, tmp_path):
    graph = tmp_path / "graph.trig"
    news.serialize(graph, format="trig")
    out = tmp_path / "site" / "graph.html"
    result = runner.invoke(app, ["view", "--graph", str(graph), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert f"Wrote {out}: 6 entities, 4 facts" in result.stderr
    assert 'id="kg-data"' in out.read_text(encoding="utf-8")


def test_report_writes_the_page(news, tmp_path):
    graph = tmp_path / "graph.trig"
    news.serialize(graph, format="trig")
    out = tmp_path / "report.html"
    result = runner.invoke(app, ["report", "--graph", str(graph), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8").count("<svg") == 3


def test_a_missing_graph_is_one_line_and_exit_1(tmp_path):
    for command in ("view", "report"):
        result = runner.invoke(app, [command, "--graph", str(tmp_path / "none.trig"), "--out", str(tmp_path / "x.html")])
        assert result.exit_code == 1 and "no such graph file" in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1
        assert not (tmp_path / "x.html").exists()


def test_report_without_matplotlib_says_how_to_install_it(news, tmp_path, monkeypatch):
    graph = tmp_path / "graph.trig"
    news.serialize(graph, format="trig")
    for name in [m for m in sys.modules if m == "matplotlib" or m.startswith("matplotlib.")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    result = runner.invoke(app, ["report", "--graph", str(graph), "--out", str(tmp_path / "report.html")])
    assert result.exit_code == 1
    assert result.stderr.strip().startswith("kg: error: kg report draws its charts with matplotlib, which is not "
                                            "installed: pip install matplotlib")
    assert len(result.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "report.html").exists()
