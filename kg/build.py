"""``build``: articles in, exports out. The library call behind ``kg build``.

Stages: ingest (files to Articles) -> nlp (spaCy, batched) -> extract (mentions
and relations) -> resolve (entities and IRIs) -> store (RDF dataset) -> export.
"""

from __future__ import annotations

import json
import platform
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Sequence

import networkx
import rdflib
import spacy

from kg import __version__
from kg.errors import NoArticlesError
from kg.executors import AnalysisSettings, analyse_articles
from kg.export import DEFAULT_FORMATS, export, get_exporter, write_atomically
from kg.extract import get_extractors
from kg.extract.classifier import describe_relation_model, use_relation_model
from kg.ingest import Skipped, read_inputs
from kg.models import Article
from kg.nlp import load_model, model_name
from kg.resolve import load_aliases, resolve
from kg.schema import fact_properties
from kg.store import build_dataset
from kg.vocab import KG

DEFAULT_INPUTS = ("seeds",)
DEFAULT_OUT = "exports"
REPORT_NAME = "build.json"

Progress = Callable[[int, int], None]  # (articles done, articles in all)


@dataclass
class BuildReport:
    """What a build read, skipped, made and wrote; saved as build.json."""

    inputs: list[str]
    out: str
    files_read: list[str] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    duplicates: list[dict] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    articles: int = 0
    entities: int = 0
    facts: int = 0
    evidence: int = 0
    events: int = 0  # deals, hirings, layoffs, ... (hedged ones too: their status says how far they got)
    memberships: int = 0
    refused_by_ontology: int = 0
    seconds: float = 0.0
    outputs: list[str] = field(default_factory=list)
    versions: dict[str, str] = field(default_factory=dict)

    def to_dict(self) -> dict:
        return asdict(self)


def build(
    inputs: Sequence[str | Path] = DEFAULT_INPUTS,
    out: str | Path = DEFAULT_OUT,
    *,
    model: str | None = None,
    batch_size: int = 256,
    extractors: Iterable[str] | None = None,
    formats: Iterable[str] = DEFAULT_FORMATS,
    progress: Progress | None = None,
    on_warning: Callable[[str], None] | None = None,
    relation_model: str | Path | None = None,
    aliases: Iterable[str | Path] = (),
    jobs: int = 1,
    executor: str | None = None,
    scheduler: str | None = None,
) -> BuildReport:
    """Build the knowledge graph of ``inputs`` into ``out``; return the report.

    ``jobs`` worker processes parse and analyse the articles (0: one per core); ``executor``
    names how (kg.executors: ``serial``, ``processes``, ``dask``, picked from ``jobs`` and
    ``scheduler`` when None); ``scheduler`` is a Dask scheduler's address. The graph is the
    same whichever runs it.

    Raises ModelNotFoundError, UnknownPluginError, ExecutorError, or NoArticlesError when no
    input gave an article (nothing is written then).
    """
    started = time.perf_counter()
    formats = list(formats)
    for name in formats:
        get_exporter(name)  # an unknown format fails before any work
    chosen = get_extractors(extractors)
    use_relation_model(relation_model)
    alias_table = load_aliases(aliases)  # a bad table fails before any work
    nlp = load_model(model)
    report = BuildReport(inputs=[str(i) for i in inputs], out=str(out))
    warn = on_warning or (lambda message: None)

    articles = _read(inputs, report, warn)
    if not articles:
        raise NoArticlesError("no articles to build: " + ("; ".join(f"{s.path}: {s.reason}" for s in report.skipped)
                                                          or "the inputs hold no files kg can read"))
    settings = AnalysisSettings(model=model, batch_size=batch_size, extractors=tuple(e.name for e in chosen),
                                relation_model=None if relation_model is None else str(relation_model))
    analyses = list(analyse_articles(articles, settings, executor=executor, jobs=jobs, scheduler=scheduler,
                                     progress=progress))
    resolution = resolve(analyses, alias_table)
    dataset, report.refused_by_ontology = build_dataset(analyses, resolution)

    report.articles = len(articles)
    report.entities = len(resolution.entities)
    # A fact stated by several articles is in several graphs but is one fact.
    report.facts = len({(s, p, o) for p in fact_properties() for s, o in dataset.subject_objects(p)})
    report.evidence = len(set(dataset.subjects(rdflib.RDF.type, KG.Evidence)))
    described = set(dataset.objects(None, KG.describes))  # every event and membership has evidence
    report.memberships = len(described & set(dataset.subjects(rdflib.RDF.type, KG.Membership)))
    report.events = len(described) - report.memberships
    report.versions = {"kg": __version__, "model": model_name(nlp), "spacy": spacy.__version__,
                       "rdflib": rdflib.__version__, "networkx": networkx.__version__,
                       "python": platform.python_version(), "relation_model": describe_relation_model()}
    out_dir = Path(out)
    report.outputs = [str(path) for path in export(dataset, out_dir, formats)]
    report.outputs.append(str(out_dir / REPORT_NAME))
    report.seconds = round(time.perf_counter() - started, 3)
    write_atomically(out_dir / REPORT_NAME,
                     lambda handle: handle.write(json.dumps(report.to_dict(), indent=2, default=str).encode("utf-8")))
    return report


def _read(inputs: Sequence[str | Path], report: BuildReport, warn: Callable[[str], None]) -> list[Article]:
    """Read every input; keep one article per distinct text and record the rest."""
    articles: dict[str, Article] = {}
    for result in read_inputs(inputs):
        for skipped in result.skipped:
            report.skipped.append(skipped)
            warn(f"{skipped.path}: skipped: {skipped.reason}")
        for message in result.warnings:
            report.warnings.append(message)
            warn(message)
        if result.articles:
            report.files_read.append(result.path)
        for article in result.articles:
            first = articles.setdefault(article.sha256, article)
            if first is not article:
                report.duplicates.append({"article": article.identifier, "same_text_as": first.identifier})
    return list(articles.values())
