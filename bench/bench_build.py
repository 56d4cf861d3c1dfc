"""Benchmark: kg build against bare spaCy parsing of the same BBC articles.

Prints ratios measured in one run (the machines are shared and noisy, so absolute
seconds mean little across runs): kg's whole build time over spaCy's time to
parse the same texts with nlp.pipe, and per-stage shares of the build.

    python bench/bench_build.py [--articles 200] [--batch-size 256]
"""

from __future__ import annotations

import argparse
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

from kg.build import build
from kg.ingest import read_inputs
from kg.nlp import load_model

BBC = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus" / "bbc"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=200, help="how many BBC articles (spread over the sections)")
    parser.add_argument("--batch-size", type=int, default=256)
    args = parser.parse_args()
    if not BBC.is_dir():
        print(f"{BBC} not found: the benchmark needs ../shared/corpus/bbc", file=sys.stderr)
        return 1

    sections = sorted(p for p in BBC.iterdir() if p.is_dir())
    per_section = max(1, args.articles // len(sections))
    workdir = Path(tempfile.mkdtemp(prefix="kg-bench-"))
    try:
        corpus = workdir / "in"
        corpus.mkdir()
        for section in sections:
            for path in sorted(section.glob("*.txt"))[:per_section]:
                (corpus / f"{section.name}-{path.name}").write_bytes(path.read_bytes())
        texts = [a.text for r in read_inputs([corpus]) for a in r.articles]
        words = sum(len(t.split()) for t in texts)

        nlp = load_model()
        list(nlp.pipe(texts[:5]))  # warm up
        started = time.perf_counter()
        for _ in nlp.pipe(texts, batch_size=32):
            pass
        spacy_seconds = time.perf_counter() - started

        started = time.perf_counter()
        report = build([corpus], workdir / "out", batch_size=args.batch_size)
        kg_seconds = time.perf_counter() - started
    finally:
        shutil.rmtree(workdir, ignore_errors=True)

    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"articles              {report.articles} ({words} words)")
    print(f"facts / evidence      {report.facts} / {report.evidence}, entities {report.entities}")
    print(f"spaCy nlp.pipe        {spacy_seconds:.1f} s  ({words / spacy_seconds:.0f} words/s)")
    print(f"kg build              {kg_seconds:.1f} s  ({report.articles / kg_seconds:.1f} articles/s)")
    print(f"ratio kg / spaCy      {kg_seconds / spacy_seconds:.2f}   (target: <= 1.5)")
    print(f"peak memory           {peak_mb:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
