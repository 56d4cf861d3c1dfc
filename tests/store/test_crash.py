"""Crash safety: `kg build` killed with SIGKILL at many points leaves the previous graph or the new
one, never a corrupt one, and the next build recovers on its own (a stale lock is taken over)."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from rdflib import Dataset, Graph

from kg.build import build
from kg.store.disk import DiskStore

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
ROOT = Path(__file__).resolve().parents[2]
EXPORTS = ("graph.ttl", "graph.trig", "graph.graphml")
ADDED = "\nQuillon Systems hired Ravi Patel from Norrland Telecom as head of sales.\n"


def versions(folder: Path) -> list[Path]:
    """Two versions of the inputs: the seeds, and the seeds with one article changed."""
    paths = []
    for number in (1, 2):
        path = folder / f"v{number}"
        shutil.copytree(SEEDS, path)
        if number == 2:
            story = path / "norrland-acquires-fjordnet.txt"
            story.write_text(story.read_text(encoding="utf-8") + ADDED, encoding="utf-8")
        paths.append(path)
    return paths


def snapshot(out: Path) -> tuple[bytes, dict[str, bytes]]:
    return DiskStore(out / ".kg").nquads(), {name: (out / name).read_bytes() for name in EXPORTS}


def run_build(inputs: Path, out: Path) -> subprocess.Popen:
    # One input folder at a fixed path: its files are the "same files" in every version.
    return subprocess.Popen([sys.executable, "-m", "kg.cli", "build", str(inputs), "--out", str(out), "--quiet"],
                            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def test_a_build_killed_anywhere_leaves_a_whole_graph_and_the_next_build_recovers(tmp_path):
    v1, v2 = versions(tmp_path)
    expected = {}
    for version in (v1, v2):  # what clean builds of each version give
        live = tmp_path / "live"
        shutil.rmtree(live, ignore_errors=True)
        shutil.copytree(version, live)
        build([live], tmp_path / f"clean-{version.name}")
        expected[version.name] = snapshot(tmp_path / f"clean-{version.name}")
        shutil.rmtree(tmp_path / f"clean-{version.name}")  # the store folder name must not matter: rebuilt below
    live, out = tmp_path / "live", tmp_path / "out"
    shutil.rmtree(live)
    shutil.copytree(v1, live)
    build([live], out)
    assert snapshot(out) == expected["v1"]

    started = time.perf_counter()  # how long a whole incremental build takes here, to spread the kills over it
    _switch(live, v2)
    assert run_build(live, out).wait(timeout=120) == 0
    whole = time.perf_counter() - started
    assert snapshot(out) == expected["v2"]

    current = "v2"
    for fraction in (0.3, 0.55, 0.7, 0.8, 0.9, 0.97):
        target = "v1" if current == "v2" else "v2"
        _switch(live, v1 if target == "v1" else v2)
        process = run_build(live, out)
        time.sleep(whole * fraction)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=60)
        store, exports = snapshot(out)
        assert store in (expected[current][0], expected[target][0]), f"store corrupt after a kill at {fraction}"
        for name, data in exports.items():
            assert data in (expected[current][1][name], expected[target][1][name]), f"{name} corrupt at {fraction}"
            _parses(out / name)
        recovery = subprocess.run([sys.executable, "-m", "kg.cli", "build", str(live), "--out", str(out)],
                                  cwd=ROOT, capture_output=True, text=True, timeout=120)
        assert recovery.returncode == 0, recovery.stderr
        assert "Traceback" not in recovery.stderr
        assert snapshot(out) == expected[target]
        assert json.loads((out / "build.json").read_text())["state"]
        current = target
    assert len([p for p in (out / ".kg").iterdir() if p.name.startswith("graph-")]) <= 2


def _switch(live: Path, version: Path) -> None:
    """Make ``live`` hold ``version``'s files (same paths, so the store sees the same files change)."""
    for path in version.iterdir():
        data = path.read_bytes()
        if not (live / path.name).exists() or (live / path.name).read_bytes() != data:
            (live / path.name).write_bytes(data)


def _parses(path: Path) -> None:
    if path.suffix == ".trig":
        Dataset().parse(path, format="trig")
    elif path.suffix == ".ttl":
        Graph().parse(path, format="turtle")
    else:
        import networkx
        networkx.read_graphml(path)


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_the_lock_of_a_killed_build_does_not_block_the_next(tmp_path):
    live = tmp_path / "live"
    shutil.copytree(SEEDS, live)
    out = tmp_path / "out"
    process = run_build(live, out)
    deadline = time.time() + 60
    while not (out / ".kg" / "lock").exists() and time.time() < deadline:
        time.sleep(0.05)
    time.sleep(0.3)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    report = build([live], out)
    assert report.articles == 6
