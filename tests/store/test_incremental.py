"""Incremental builds: what is unchanged is not parsed again, and the graph equals a clean build's."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kg.build import build
from kg.store.disk import DiskStore
from kg.store.lock import StoreLock, StoreLockedError, is_locked

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
EXPORTS = ("graph.ttl", "graph.trig", "graph.graphml")


def exports_of(out: Path) -> dict[str, bytes]:
    return {name: (out / name).read_bytes() for name in EXPORTS}


@pytest.fixture
def inputs(tmp_path) -> Path:
    folder = tmp_path / "in"
    shutil.copytree(SEEDS, folder)
    return folder


def test_a_rebuild_with_nothing_changed_parses_nothing_and_writes_the_same_bytes(inputs, tmp_path):
    out = tmp_path / "out"
    first = build([inputs], out)
    before = exports_of(out)
    second = build([inputs], out)
    assert (first.parsed, first.unchanged) == (first.articles, False)
    assert (second.parsed, second.unchanged, second.articles) == (0, True, first.articles)
    assert (second.facts, second.entities) == (first.facts, first.entities)
    assert exports_of(out) == before


def test_a_changed_article_is_parsed_again_and_the_graph_equals_a_clean_build(inputs, tmp_path):
    out = tmp_path / "out"
    build([inputs], out)
    story = inputs / "norrland-acquires-fjordnet.txt"
    story.write_text(story.read_text(encoding="utf-8") + "\nNorrland Telecom hired Ines Alvarez from Fjordnet.\n",
                     encoding="utf-8")
    again = build([inputs], out)
    clean = build([inputs], tmp_path / "clean")
    assert again.parsed == 1 and again.removed == 0
    assert again.articles == clean.articles
    assert exports_of(out) == exports_of(tmp_path / "clean")
    assert b"Ines Alvarez" in (out / "graph.ttl").read_bytes()


def test_an_exported_graph_does_not_depend_on_the_order_articles_arrived(inputs, tmp_path):
    out = tmp_path / "out"
    files = sorted(inputs.iterdir())
    for file in reversed(files):  # one file a build: each build adds to the store
        build([file], out)
    clean = tmp_path / "clean"
    build(files, clean)
    assert exports_of(out) == exports_of(clean)


def test_articles_whose_file_is_gone_stay_until_pruned(inputs, tmp_path):
    out = tmp_path / "out"
    build([inputs], out)
    (inputs / "veltrix-hires.md").unlink()
    kept = build([inputs], out)
    assert b"Veltrix" in (out / "graph.ttl").read_bytes()
    pruned = build([inputs], out, prune=True)
    assert pruned.removed == 1 and pruned.articles == kept.articles - 1 and pruned.parsed == 0
    build([inputs], tmp_path / "clean")
    assert exports_of(out) == exports_of(tmp_path / "clean")


def test_a_file_read_again_replaces_what_the_store_had_from_it(inputs, tmp_path):
    out = tmp_path / "out"
    first = build([inputs], out)
    wire = inputs / "wire.jsonl"
    wire.write_text(wire.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")  # keep one record
    again = build([inputs], out)
    assert again.removed == first.articles - again.articles > 0 and again.parsed == 0


def test_another_pipeline_parses_everything_again(inputs, tmp_path):
    out = tmp_path / "out"
    first = build([inputs], out)
    fewer = build([inputs], out, extractors=["investment"])
    assert fewer.parsed == first.articles and fewer.facts < first.facts
    back = build([inputs], out)
    assert back.parsed == first.articles  # the cache keeps only what the store holds
    assert back.facts == first.facts


def test_a_build_killed_while_writing_leaves_the_previous_graph(inputs, tmp_path):
    out = tmp_path / "out"
    build([inputs], out)
    store = DiskStore(out / ".kg")
    before = store.nquads()
    half = out / ".kg" / "graph-000002"  # what a build killed before switching generations leaves
    (half / "oxigraph").mkdir(parents=True)
    (half / "oxigraph" / "junk").write_bytes(b"\x00" * 10)
    assert store.nquads() == before
    (inputs / "veltrix-hires.md").unlink()
    report = build([inputs], out, prune=True)
    assert report.removed == 1 and store.generation().name == "graph-000002"
    assert store.nquads() != before


def test_a_second_writer_is_refused_at_once(tmp_path):
    with StoreLock(tmp_path / "store"):
        assert is_locked(tmp_path / "store")
        with pytest.raises(StoreLockedError, match="locked by process"):
            StoreLock(tmp_path / "store").__enter__()
    assert not is_locked(tmp_path / "store")


def test_a_lock_left_by_a_killed_process_is_taken_over(inputs, tmp_path):
    folder = tmp_path / "out" / ".kg"
    folder.mkdir(parents=True)
    holder = subprocess.Popen([sys.executable, "-c", (
        "import sys, time; sys.path.insert(0, sys.argv[1]); from kg.store.lock import StoreLock\n"
        "with StoreLock(sys.argv[2]):\n    print('held', flush=True); time.sleep(60)"),
        str(Path(__file__).resolve().parents[2]), str(folder)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        with pytest.raises(StoreLockedError):
            build([inputs], tmp_path / "out")
    finally:
        holder.kill()
        holder.wait()
    warnings: list[str] = []
    report = build([inputs], tmp_path / "out", on_warning=warnings.append)
    assert report.articles > 0
    assert any(f"process {holder.pid}" in message for message in warnings)
    assert os.path.exists(folder / "lock")


def test_removed_articles_leave_the_graph_without_parsing_the_rest(inputs, tmp_path):
    from kg.build import remove
    from kg.errors import KgError

    out = tmp_path / "out"
    first = build([inputs], out)
    report = remove(["veltrix-hires.md"], out)
    assert report.removed == 1 and report.articles == first.articles - 1
    assert b"Veltrix" not in (out / "graph.ttl").read_bytes()
    (inputs / "veltrix-hires.md").unlink()
    build([inputs], tmp_path / "clean")
    assert exports_of(out) == exports_of(tmp_path / "clean")
    with pytest.raises(KgError, match="no article 'nothing-like-it'"):
        remove(["nothing-like-it"], out)


def test_two_builds_in_two_processes_write_the_same_bytes_in_every_format(tmp_path):
    """Python randomises hashing per process; the exports must not depend on it."""
    import subprocess
    import sys

    from kg.export import EXPORTERS

    formats = ",".join(sorted(EXPORTERS))
    outs = []
    for seed in ("1", "2"):
        out = tmp_path / f"out-{seed}"
        subprocess.run([sys.executable, "-m", "kg.cli", "build", str(SEEDS), "--out", str(out), "--quiet",
                        "--formats", formats], check=True, env={**os.environ, "PYTHONHASHSEED": seed},
                       cwd=Path(__file__).resolve().parents[2])
        outs.append(out)
    names = [EXPORTERS[name].filename for name in sorted(EXPORTERS)]
    for name in names:
        assert (outs[0] / name).read_bytes() == (outs[1] / name).read_bytes(), name


def test_kg_export_from_the_store_writes_what_the_build_wrote(inputs, tmp_path):
    from typer.testing import CliRunner

    from kg.cli import app

    out = tmp_path / "out"
    build([inputs], out, formats=["turtle", "trig", "graphml", "gexf"])
    for name, filename in (("turtle", "graph.ttl"), ("trig", "graph.trig"), ("graphml", "graph.graphml"),
                           ("gexf", "graph.gexf")):
        target = tmp_path / f"again-{filename}"
        result = CliRunner().invoke(app, ["export", name, "--store", str(out / ".kg"), "--out", str(target)])
        assert result.exit_code == 0, result.output
        assert target.read_bytes() == (out / filename).read_bytes(), name
