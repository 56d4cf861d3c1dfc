"""Benchmark: the persistent store at a million triples and more.

Builds a slice of the BBC corpus once, then copies its articles' named graphs under
new article identifiers (new article and evidence IRIs, the same entities, as when
the same companies are in the news every day) until the store holds the number of
quads asked for, at several sizes. For each size, in a fresh process: load time,
size on disk, p50/p95 latency of a one-hop lookup (everything about one entity)
and of an aggregate (facts per property, over all their evidence), and peak memory
of the querying process. Memory should not grow
with the store: the store is on disk, queries stream.

    python bench/bench_store.py [--quads 1000000] [--articles 40]
"""

from __future__ import annotations

import argparse
import json
import platform
import random
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

BBC = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus" / "bbc"
ONE_HOP = "SELECT ?p ?o WHERE { <%s> ?p ?o }"
# Facts per property, counted by their evidence (every article's sentences, so it grows with the store).
AGGREGATE = "SELECT ?p (COUNT(*) AS ?n) WHERE { ?e a kg:Evidence ; rdf:predicate ?p } GROUP BY ?p ORDER BY DESC(?n)"
_ARTICLE = re.compile(rb"id/(article|evidence|event|membership)/([0-9a-f]{6})")


def seed_quads(workdir: Path, articles: int) -> bytes:
    """The N-Quads of a real build of ``articles`` BBC articles, spread over the sections."""
    from kg.build import build
    from kg.store.disk import DiskStore

    corpus = workdir / "in"
    corpus.mkdir()
    sections = sorted(p for p in BBC.iterdir() if p.is_dir())
    for section in sections:
        for path in sorted(section.glob("*.txt"))[: max(1, articles // len(sections))]:
            (corpus / f"{section.name}-{path.name}").write_bytes(path.read_bytes())
    build([corpus], workdir / "out", formats=["nquads"])
    return DiskStore(workdir / "out" / ".kg").nquads()


def copies(seed: bytes, wanted: int) -> bytes:
    """``seed`` repeated with per-copy article, evidence, event and membership IRIs until ``wanted`` quads."""
    lines = [line for line in seed.splitlines() if line]
    chunks, total, copy = [], 0, 0
    while total < wanted:
        tag = f"{copy:06x}".encode()
        chunks.append(_ARTICLE.sub(lambda m: b"id/" + m.group(1) + b"/" + tag + m.group(2), b"\n".join(lines)) + b"\n")
        total += len(lines)
        copy += 1
    return b"".join(chunks)


def measure(store_dir: str, entities: list[str], rounds: int) -> dict:
    """Run in a fresh process: open the store, time lookups and aggregates, report peak memory."""
    from kg.sparql import PREFIXES
    from kg.store.disk import DiskStore

    store = DiskStore(store_dir).open()

    def timed(query: str) -> float:
        started = time.perf_counter()
        for _ in store.query(query, prefixes=PREFIXES, use_default_graph_as_union=True):
            pass
        return (time.perf_counter() - started) * 1000

    picks = random.Random(7).choices(entities, k=rounds)
    hops = sorted(timed(ONE_HOP % iri) for iri in picks)
    aggregates = sorted(timed(AGGREGATE) for _ in range(max(3, rounds // 50)))
    return {"one_hop_ms": _percentiles(hops), "aggregate_ms": _percentiles(aggregates), "peak_rss_mb": peak_rss_mb()}


def peak_rss_mb() -> float:
    """This process's peak resident memory. /proc's VmHWM, because ru_maxrss carries the parent's
    peak over fork and exec (the parent held the store's data)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _percentiles(values: list[float]) -> dict:
    return {"p50": round(statistics.median(values), 2), "p95": round(values[int(0.95 * (len(values) - 1))], 2)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quads", type=int, default=1_000_000, help="the largest store, in quads")
    parser.add_argument("--articles", type=int, default=40, help="BBC articles built for the seed graph")
    parser.add_argument("--rounds", type=int, default=500, help="one-hop lookups per size")
    parser.add_argument("--measure", nargs=2, metavar=("STORE", "ENTITIES"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:  # the child process of one size
        print(json.dumps(measure(args.measure[0], json.loads(Path(args.measure[1]).read_text()), args.rounds)))
        return 0
    if not BBC.is_dir():
        print(f"{BBC} not found: the benchmark needs ../shared/corpus/bbc", file=sys.stderr)
        return 1

    import pyoxigraph

    from kg.store.disk import DiskStore, Manifest

    workdir = Path(tempfile.mkdtemp(prefix="kg-bench-store-"))
    try:
        seed = seed_quads(workdir, args.articles)
        entities = sorted({m.decode() for m in re.findall(rb"<(https://w3id.org/kg-news/id/(?:organization|person|place)/[^>]+)>", seed)})
        (workdir / "entities.json").write_text(json.dumps(entities))
        print(f"# kg store benchmark, {date.today()}, {platform.node()}, {platform.processor() or platform.machine()}, "
              f"Python {platform.python_version()}, pyoxigraph {pyoxigraph.__version__}")
        seed_size = seed.count(b"\n")
        print(f"seed: {args.articles} BBC articles -> {seed_size} quads, {len(entities)} entities")
        print("quads        load s   disk MB   one-hop p50/p95 ms   aggregate p50/p95 ms   peak RSS MB")
        for size in (args.quads // 4, args.quads // 2, args.quads):
            data = copies(seed, size)
            store = DiskStore(workdir / f"store-{size}")
            started = time.perf_counter()
            store.write(data, Manifest())
            load = time.perf_counter() - started
            quads = data.count(b"\n")
            del data
            disk = sum(p.stat().st_size for p in store.folder.rglob("*") if p.is_file()) / 1e6
            child = subprocess.run([sys.executable, __file__, "--measure", str(store.folder), str(workdir / "entities.json"),
                                    "--rounds", str(args.rounds)], capture_output=True, text=True, check=True)
            result = json.loads(child.stdout)
            hop, agg = result["one_hop_ms"], result["aggregate_ms"]
            print(f"{quads:<12,} {load:>6.1f} {disk:>9.1f}   {hop['p50']:>8} / {hop['p95']:<8}  "
                  f"{agg['p50']:>9} / {agg['p95']:<9}  {result['peak_rss_mb']:>8.0f}")
            shutil.rmtree(store.folder, ignore_errors=True)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
