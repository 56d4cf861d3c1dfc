"""Benchmark: kg build on the BBC corpus of ../shared, as ratios measured in one run.

The machines are shared and noisy, so seconds mean little from one run to the next;
what is compared is measured in the same run, one right after the other:

- overhead: kg build's wall time over bare spaCy (``nlp.pipe`` over the same texts, same
  model, batch size and components), both with the model already loaded and warmed up;
- cores: ``kg build --jobs 2`` against ``--jobs 1`` (and whether their exports are the same bytes);
- incremental rebuilds (n/a until the build has a persistent store);
- memory: peak RSS of a build of N articles and of the same articles ten times over (as new
  articles: other identifiers, each text with its copy's number), each in a fresh process;
- exports: seconds to write Turtle, TriG and GraphML for the corpus.

It prints the machine, date and versions with the figures and appends them to
bench/results.md.

    python bench/bench_build.py                  # the whole corpus (about 10 minutes on 2 cores)
    python bench/bench_build.py --limit 100      # a quick run
"""

from __future__ import annotations

import argparse
import datetime
import io
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from rdflib import Dataset

import kg
from kg.build import build
from kg.export import export
from kg.ingest import read_inputs
from kg.models import Article
from kg.nlp import load_model, model_name, split_lines

HERE = Path(__file__).resolve().parent
BBC = HERE.parent.parent / "shared" / "corpus" / "bbc"
RESULTS = HERE / "results.md"
EXPORTS = ("graph.ttl", "graph.trig", "graph.graphml")
GOALS = {"overhead": 1.20, "speed-up": 1.7, "memory growth": 2.0}


@dataclass
class Timing:
    wall: float
    cpu: float  # this process and its finished children


def timed(run) -> tuple[Timing, object]:
    """Wall and CPU seconds of ``run()`` (CPU includes worker processes that have exited)."""
    before = _cpu()
    started = time.perf_counter()
    result = run()
    return Timing(time.perf_counter() - started, _cpu() - before), result


def _cpu() -> float:
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None, help="at most N articles, spread over the sections (default: all)")
    parser.add_argument("--batch-size", type=int, default=256)
    parser.add_argument("--repeat", type=int, default=1, help="time bare spaCy and kg build R times each, alternating; the fastest counts")
    parser.add_argument("--memory-articles", type=int, default=100, help="articles of the memory measure (built x1 and x10)")
    parser.add_argument("--skip", default="", help="comma-separated parts to leave out: overhead, cores, incremental, memory, exports")
    parser.add_argument("--no-append", action="store_true", help=f"print only; do not append to {RESULTS.name}")
    args = parser.parse_args()
    if not BBC.is_dir():
        print(f"{BBC} not found: the benchmark needs ../shared/corpus/bbc", file=sys.stderr)
        return 1
    skip = {name.strip() for name in args.skip.split(",") if name.strip()}

    lines = header(args)
    print("\n".join(lines), flush=True)
    workdir = Path(tempfile.mkdtemp(prefix="kg-bench-"))
    try:
        files = corpus_files(args.limit)
        rows: list[tuple[str, str, str]] = []

        def report(measure: str, value: str, goal: str = "") -> None:
            rows.append((measure, value, goal))
            print(f"  {measure:<44} {value}  {('goal ' + goal) if goal else ''}", flush=True)

        jobs1 = None
        if "overhead" not in skip or "cores" not in skip or "exports" not in skip:
            jobs1 = overhead(files, args, workdir, report, bare="overhead" not in skip)
        if "cores" not in skip:
            cores(files, args, workdir, jobs1, report)
        if "incremental" not in skip:
            incremental(files, args, workdir, report)
        if "memory" not in skip:
            memory(files, args, workdir, report)
        if "exports" not in skip:
            exports(workdir / "jobs1", workdir, report)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    if not args.no_append:
        append_results(lines, rows)
        print(f"appended to {RESULTS}")
    return 0


def header(args) -> list[str]:
    """Date, machine, load before the run, versions."""
    nlp = load_model()
    versions = {"kg": kg.__version__, "python": platform.python_version(), "model": model_name(nlp)}
    for package in ("spacy", "rdflib", "networkx", "dask", "distributed"):
        try:
            versions[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            versions[package] = "not installed"
    load = " / ".join(f"{x:.2f}" for x in os.getloadavg())
    return [
        f"## {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC: "
        f"`python bench/bench_build.py{''.join(' ' + arg for arg in sys.argv[1:])}`",
        "",
        f"- machine: {platform.platform()}, {_cpu_model()}, {os.cpu_count()} cores, {_memory_gb():.0f} GB; "
        f"load average before the run (1/5/15 min): {load}",
        "- versions: " + ", ".join(f"{name} {version}" for name, version in versions.items()),
        f"- spaCy components (all used by extraction, none disabled): {', '.join(nlp.pipe_names)}; "
        f"batch size {args.batch_size}",
    ]


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "cpu"


def _memory_gb() -> float:
    try:
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    except (ValueError, OSError):
        return 0.0


def corpus_files(limit: int | None) -> list[Path]:
    """The corpus's files, taken in turn from each section so that a slice is spread over all of them."""
    sections = [sorted(p.glob("*.txt")) for p in sorted(BBC.iterdir()) if p.is_dir()]
    files = [f for row in zip(*[s + [None] * (max(map(len, sections)) - len(s)) for s in sections]) for f in row if f]
    return files[:limit] if limit else files


def read(files: list[Path]) -> list[Article]:
    """Distinct articles as kg reads them (the corpus has a few texts twice)."""
    articles = {a.sha256: a for result in read_inputs(files) for a in result.articles}
    return list(articles.values())


# ---------------------------------------------------------------- overhead over bare spaCy

def overhead(files, args, workdir: Path, report, bare: bool) -> Timing:
    """kg build --jobs 1 and (when ``bare``) bare spaCy on the same texts, alternating, the fastest of each."""
    nlp = load_model()
    texts = [a.text for a in read(files)]
    words = sum(len(t.split()) for t in texts)
    lines = sum(len(split_lines(t)) for t in texts)
    # Both warmed up alike: spaCy's first batch, and kg's first build (it loads its word lists, ontology
    # and relation model once per process, about half a second).
    list(nlp.pipe(texts[:20], batch_size=args.batch_size))
    build(files[:5], workdir / "warm-up", batch_size=args.batch_size)
    spacy_runs, kg_runs = [], []
    result = None
    for _ in range(args.repeat):
        if bare:
            spacy_runs.append(timed(lambda: sum(1 for _ in nlp.pipe(texts, batch_size=args.batch_size)))[0])
        timing, result = timed(lambda: build(files, workdir / "jobs1", batch_size=args.batch_size))
        kg_runs.append(timing)
    kg_best = min(kg_runs, key=lambda t: t.wall)
    report("articles (distinct) / words / lines", f"{len(texts)} / {words} / {lines}")
    report("graph: entities / facts / evidence", f"{result.entities} / {result.facts} / {result.evidence}")
    if bare:
        spacy_best = min(spacy_runs, key=lambda t: t.wall)
        report("bare nlp.pipe", f"{spacy_best.wall:.1f} s wall, {spacy_best.cpu:.1f} s CPU ({words / spacy_best.wall:.0f} words/s)")
    report("kg build --jobs 1", f"{kg_best.wall:.1f} s wall, {kg_best.cpu:.1f} s CPU ({len(texts) / kg_best.wall:.1f} articles/s)")
    if bare:
        report("overhead: kg build / bare nlp.pipe (wall)", f"{kg_best.wall / spacy_best.wall:.2f}", f"<= {GOALS['overhead']:.2f}")
        report("overhead: kg build / bare nlp.pipe (CPU)", f"{kg_best.cpu / spacy_best.cpu:.2f}")
        report("peak RSS of this process, which built them (--jobs 1)", f"{_own_peak_rss():.0f} MB")
    return kg_best


# ---------------------------------------------------------------- cores

def cores(files, args, workdir: Path, jobs1: Timing, report) -> None:
    """kg build --jobs 2 (the fastest of --repeat runs) against the fastest --jobs 1."""
    runs = [timed(lambda: build(files, workdir / "jobs2", batch_size=args.batch_size, jobs=2))[0]
            for _ in range(args.repeat)]
    timing = min(runs, key=lambda t: t.wall)
    same = all((workdir / "jobs1" / name).read_bytes() == (workdir / "jobs2" / name).read_bytes() for name in EXPORTS)
    report("kg build --jobs 2", f"{timing.wall:.1f} s wall ({os.cpu_count()} cores)")
    report("speed-up: --jobs 2 over --jobs 1 (wall)", f"{jobs1.wall / timing.wall:.2f}", f">= {GOALS['speed-up']:.1f}")
    report("--jobs 2 exports the same bytes as --jobs 1", "yes" if same else "NO")


# ---------------------------------------------------------------- incremental rebuilds

def incremental(files, args, workdir: Path, report) -> None:
    """A first build into a fresh store, a rebuild with nothing changed, and one with 1% of the files
    changed (a sentence appended), each rebuild as a ratio of the first build's wall time."""
    folder = workdir / "incremental-in"
    folder.mkdir()
    copies = []
    for number, path in enumerate(files):
        copy = folder / f"{number:05d}-{Path(path).name}"
        copy.write_bytes(Path(path).read_bytes())
        copies.append(copy)
    out = workdir / "incremental"
    full = timed(lambda: build(copies, out, batch_size=args.batch_size))[0]
    same = timed(lambda: build(copies, out, batch_size=args.batch_size))[0]
    changed = copies[:: max(1, len(copies) // max(1, len(copies) // 100))][: max(1, len(copies) // 100)]
    for path in changed:
        with path.open("ab") as handle:
            handle.write(b"\nThe article was updated with a correction.\n")
    some = timed(lambda: build(copies, out, batch_size=args.batch_size))[0]
    report("incremental: full build into a new store", f"{full.wall:.1f} s wall")
    report("incremental: nothing changed / full build", f"{same.wall / full.wall:.3f}", "<= 0.05")
    report(f"incremental: {len(changed)} changed ({len(changed) / len(copies):.0%}) / full build",
           f"{some.wall / full.wall:.3f}", "<= 0.10")


# ---------------------------------------------------------------- memory

# Each prints its own peak RSS (VmHWM, per process image): the kernel's rusage of a child starts from
# its parent's peak at the fork, and the parent here has just built the whole corpus.
_PEAK = "print([line.split()[1] for line in open('/proc/self/status') if line.startswith('VmHWM')][0])"
_CHILD_BUILD = "import sys; from kg.build import build; build([sys.argv[1]], sys.argv[2]); " + _PEAK
_CHILD_MODEL = "from kg.nlp import load_model; import kg.build; load_model(); " + _PEAK


def memory(files, args, workdir: Path, report) -> None:
    articles = read(files)[:args.memory_articles]
    peaks = {}
    for copies in (1, 10):
        path = workdir / f"copies{copies}.jsonl"
        with path.open("w", encoding="utf-8") as out:
            for copy in range(copies):
                for a in articles:  # a new article: its own identifier and text (the same text is built once)
                    out.write(json.dumps({"id": f"copy{copy}/{a.identifier}", "title": a.title,
                                          "text": f"{a.text.rstrip()}\n\nCopy {copy + 1}.\n"}) + "\n")
        peaks[copies] = _peak_rss(_CHILD_BUILD, str(path), str(workdir / f"memory{copies}"))
    base = _peak_rss(_CHILD_MODEL)
    n = len(articles)
    report("peak RSS: kg and the model loaded, no build", f"{base:.0f} MB")
    report(f"peak RSS: build of {n} articles", f"{peaks[1]:.0f} MB")
    report(f"peak RSS: build of {n} x 10 = {n * 10} articles", f"{peaks[10]:.0f} MB")
    report("memory growth: x10 / x1", f"{peaks[10] / peaks[1]:.2f}", f"< {GOALS['memory growth']:.1f}")


def _own_peak_rss() -> float:
    """This process's peak resident memory in MB (Linux: /proc)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM"):
            return int(line.split()[1]) / 1024
    return 0.0


def _peak_rss(code: str, *argv: str) -> float:
    """Peak resident memory in MB of a fresh Python process running ``code`` (Linux: /proc)."""
    result = subprocess.run([sys.executable, "-c", code, *argv], capture_output=True, text=True)
    if result.returncode:
        raise SystemExit(f"memory measure failed: {result.stderr.strip().splitlines()[-1:]}")
    return int(result.stdout.split()[-1]) / 1024  # kB


# ---------------------------------------------------------------- exports

def exports(built: Path, workdir: Path, report) -> None:
    dataset = Dataset()
    dataset.parse(built / "graph.trig", format="trig")  # the build's graph, as written
    report("triples (all named graphs)", f"{len(dataset)}")
    for name in ("turtle", "trig", "graphml"):
        timing, (path,) = timed(lambda: export(dataset, workdir / "exports", [name]))
        report(f"export {name}", f"{timing.wall:.1f} s ({path.stat().st_size / 2**20:.1f} MB)")


def append_results(lines: list[str], rows: list[tuple[str, str, str]]) -> None:
    table = io.StringIO()
    table.write("| measure | value | goal |\n|---|---|---|\n")
    for measure, value, goal in rows:
        table.write(f"| {measure} | {value} | {goal} |\n")
    new = not RESULTS.exists()
    with RESULTS.open("a", encoding="utf-8") as out:
        if new:
            out.write("# Benchmark results\n\nAppended by `python bench/bench_build.py` (see its docstring); "
                      "ratios are measured within one run.\n\n")
        out.write("\n".join(lines) + "\n\n" + table.getvalue() + "\n")


if __name__ == "__main__":
    sys.exit(main())
