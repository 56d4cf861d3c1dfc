"""Benchmark: incremental builds against a full build of the same BBC articles.

Prints, measured in one run: a rebuild with nothing changed, and a rebuild with 1% of
the articles changed, each divided by the full build's time. Goals: 0.05 and 0.10.

    python bench/bench_incremental.py [--articles 200]
"""

from __future__ import annotations

import argparse
import platform
import shutil
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from kg.build import build

BBC = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus" / "bbc"


def timed(*args, **kwargs) -> tuple[float, object]:
    started = time.perf_counter()
    report = build(*args, **kwargs)
    return time.perf_counter() - started, report


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=200, help="how many BBC articles (spread over the sections)")
    args = parser.parse_args()
    if not BBC.is_dir():
        print(f"{BBC} not found: the benchmark needs ../shared/corpus/bbc", file=sys.stderr)
        return 1
    workdir = Path(tempfile.mkdtemp(prefix="kg-bench-incremental-"))
    try:
        corpus = workdir / "in"
        corpus.mkdir()
        sections = sorted(p for p in BBC.iterdir() if p.is_dir())
        for section in sections:
            for path in sorted(section.glob("*.txt"))[: max(1, args.articles // len(sections))]:
                (corpus / f"{section.name}-{path.name}").write_bytes(path.read_bytes())
        out = workdir / "out"
        full, report = timed([corpus], out, on_warning=lambda message: None)
        same, unchanged = timed([corpus], out, on_warning=lambda message: None)
        files = sorted(corpus.iterdir())
        changed = files[:: max(1, len(files) // max(1, len(files) // 100))][: max(1, len(files) // 100)]
        for path in changed:
            with path.open("ab") as handle:
                handle.write(b"\nThe article was updated with a correction.\n")
        some, partly = timed([corpus], out, on_warning=lambda message: None)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    print(f"# kg incremental builds, {date.today()}, {platform.node()}, Python {platform.python_version()}")
    print(f"full build: {report.articles} articles, {report.facts} facts in {full:.1f} s")
    print(f"nothing changed: {same:.2f} s, parsed {unchanged.parsed}, ratio {same / full:.3f} (goal 0.05)")
    print(f"{len(changed)} changed ({len(changed) / len(files):.1%}): {some:.2f} s, parsed {partly.parsed}, "
          f"ratio {some / full:.3f} (goal 0.10)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
