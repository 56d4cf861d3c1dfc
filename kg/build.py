"""``build``: articles in, exports out. The library call behind ``kg build``.

Stages: ingest (files to Articles) -> nlp (spaCy, batched) -> extract (mentions
and relations) -> resolve (entities and IRIs) -> store (RDF dataset on disk) -> export.

Builds are incremental. The store (``.kg/`` in the output folder) keeps every
article's analysis by content and the list of articles it holds, so an unchanged
article is never parsed again. Resolution across articles, the dataset and the
exports are always made from all the store's articles, so an incremental build
gives exactly the graph a clean build of the same inputs gives; and when nothing
changed at all, nothing is recomputed.
"""

from __future__ import annotations

import hashlib
import json
import platform
import time
from dataclasses import asdict, dataclass, field
from importlib import resources
from pathlib import Path
from typing import Callable, Iterable, Mapping, Sequence

import networkx
import rdflib
import spacy

import kg
from kg import __version__
from kg.errors import NoArticlesError
from kg.executors import AnalysisSettings, analyse_articles, choose_executor
from kg.export import DEFAULT_FORMATS, export, get_exporter, write_atomically
from kg.extract import Extractor, get_extractors
from kg.extract.classifier import describe_relation_model, use_relation_model
from kg.ingest import DEFAULT_MAX_ARTICLE_CHARS, Skipped, read_inputs
from kg.models import Article, ArticleAnalysis
from kg.nlp import model_identity
from kg.resolve import load_aliases, resolve
from kg.schema import fact_properties
from kg.store import build_dataset
from kg.store.cache import AnalysisCache, article_key
from kg.store.disk import STORE_DIR, DiskStore, Manifest, StoredArticle, StoreError
from kg.store.lock import StoreLock
from kg.vocab import KG, article_iri

DEFAULT_INPUTS = ("seeds",)
DEFAULT_OUT = "exports"
REPORT_NAME = "build.json"

Progress = Callable[[int, int], None]  # (articles done, articles in all)


@dataclass
class BuildReport:
    """What a build read, skipped, made and wrote; saved as build.json."""

    inputs: list[str]
    out: str
    store: str = ""
    files_read: list[str] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    duplicates: list[dict] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    articles: int = 0  # in the graph: read now or kept in the store from earlier builds
    parsed: int = 0  # of them, parsed by this build (new or changed); the rest came from the store's cache
    removed: int = 0  # articles dropped from the store (--prune, or replaced by a changed file)
    unchanged: bool = False  # nothing changed since the last build: nothing was recomputed
    entities: int = 0
    facts: int = 0
    evidence: int = 0
    events: int = 0  # deals, hirings, layoffs, ... (hedged ones too: their status says how far they got)
    memberships: int = 0
    refused_by_ontology: int = 0
    seconds: float = 0.0
    state: str = ""  # digest of everything the graph was made from: equal state, equal graph
    outputs: list[str] = field(default_factory=list)
    versions: dict[str, str] = field(default_factory=dict)

    def to_dict(self) -> dict:
        return asdict(self)


def build(
    inputs: Sequence[str | Path] = DEFAULT_INPUTS,
    out: str | Path = DEFAULT_OUT,
    *,
    store: str | Path | None = None,
    prune: bool = False,
    model: str | None = None,
    batch_size: int = 256,
    extractors: Iterable[str] | None = None,
    formats: Iterable[str] = DEFAULT_FORMATS,
    progress: Progress | None = None,
    on_warning: Callable[[str], None] | None = None,
    relation_model: str | Path | None = None,
    aliases: Iterable[str | Path] = (),
    max_article_chars: int = DEFAULT_MAX_ARTICLE_CHARS,
    jobs: int = 1,
    executor: str | None = None,
    scheduler: str | None = None,
) -> BuildReport:
    """Build the knowledge graph of ``inputs`` (and of the articles already in the store) into ``out``.

    ``store`` defaults to ``out/.kg``. ``prune`` drops the store's articles whose file is gone.
    ``jobs`` worker processes parse and analyse the articles (0: one per core); ``executor``
    names how (kg.executors: ``serial``, ``processes``, ``dask``, picked from ``jobs`` and
    ``scheduler`` when None); ``scheduler`` is a Dask scheduler's address. The graph is the
    same whichever runs it.

    Raises ModelNotFoundError, UnknownPluginError, StoreLockedError, ExecutorError, or NoArticlesError when no
    input gave an article (nothing is written then).
    An article longer than ``max_article_chars`` is skipped, and so is a file too large to hold one.
    """
    started = time.perf_counter()
    formats = list(formats)
    for name in formats:
        get_exporter(name)  # an unknown format fails before any work
    chosen = get_extractors(extractors)
    use_relation_model(relation_model)
    alias_table = load_aliases(aliases)  # a bad table fails before any work
    choose_executor(executor, jobs, scheduler)  # and so do executor options that cannot work
    out_dir = Path(out)
    store_dir = Path(store) if store is not None else out_dir / STORE_DIR
    report = BuildReport(inputs=[str(i) for i in inputs], out=str(out), store=str(store_dir))
    warn = on_warning or (lambda message: None)

    read = _read(inputs, report, warn, max_article_chars)
    if not read:
        raise NoArticlesError("no articles to build: " + ("; ".join(f"{s.path}: {s.reason}" for s in report.skipped)
                                                          or "the inputs hold no files kg can read"))
    with StoreLock(store_dir) as lock, _open_cache(store_dir) as cache:
        if lock.previous_holder:
            warn(f"{store_dir}: took over the lock left by process {lock.previous_holder}, which is gone")
        disk = DiskStore(store_dir)
        previous = disk.manifest()
        fingerprint = pipeline_fingerprint(model, chosen)
        entries, fresh = _place(previous.articles, read, fingerprint, prune)
        report.removed = len({e.place for e in previous.articles} - {e.place for e in entries})
        analyses = cache.get(entry.key for entry in entries)
        wanted = [article for key, article in fresh.items() if key not in analyses]
        if wanted:
            how = AnalysisSettings(model=model, batch_size=batch_size, extractors=tuple(e.name for e in chosen),
                                   relation_model=None if relation_model is None else str(relation_model))
            found = list(analyse_articles(wanted, how, executor=executor, jobs=jobs, scheduler=scheduler, progress=progress))
            parsed = [(article_key(article, fingerprint), analysis) for article, analysis in zip(wanted, found)]
            cache.put(parsed)
            analyses.update(parsed)
        report.parsed = len(wanted)
        report.state = _state(fingerprint, alias_table, entries)
        report.versions = _versions(model)
        report.outputs = [str(out_dir / get_exporter(name).filename) for name in formats]
        if previous.state == report.state and _exports_current(out_dir, report):
            report.unchanged = True
            counts = previous.counts
        else:
            settings = {"fingerprint": fingerprint, "aliases": alias_table, "formats": formats}
            counts = publish(disk, entries, analyses, out_dir, Manifest(entries, report.state, {}, settings))
        cache.keep_only(entry.key for entry in entries)
    return _finish(report, counts, out_dir, started)


def publish(disk: DiskStore, entries: list[StoredArticle], analyses: Mapping[str, ArticleAnalysis],
            out_dir: Path, manifest: Manifest) -> dict[str, int]:
    """Resolve the store's articles, write them as the store's next generation and export it; return the counts.

    ``manifest.settings`` holds the alias table and the formats. Exports are written from the
    store as stored, by the code behind ``kg export``. Of several articles with the same text,
    the first by file and identifier is the one in the graph.
    """
    unique = list({entry.sha256: analyses[entry.key] for entry in reversed(entries)}.values())[::-1]
    resolution = resolve(unique, manifest.settings["aliases"])
    dataset, refused = build_dataset(unique, resolution)
    manifest.counts = _counts(dataset, len(resolution.entities), refused)
    manifest.counts["articles"] = len(unique)
    disk.write(dataset.serialize(format="nquads", encoding="utf-8"), manifest)
    export(disk.dataset(), out_dir, manifest.settings["formats"])
    return manifest.counts


def remove(identifiers: Iterable[str], out: str | Path = DEFAULT_OUT, *, store: str | Path | None = None) -> BuildReport:
    """Drop articles from the store (by identifier, article IRI or content hash) and rewrite the graph and exports.

    The rest is not parsed again: the graph is remade from the store's cached analyses, with the
    alias table and formats of the last build. Raises StoreError when an identifier is not in the store.
    """
    started = time.perf_counter()
    out_dir = Path(out)
    store_dir = Path(store) if store is not None else out_dir / STORE_DIR
    report = BuildReport(inputs=[], out=str(out), store=str(store_dir))
    with StoreLock(store_dir), _open_cache(store_dir) as cache:
        disk = DiskStore(store_dir)
        previous = disk.manifest()
        if not previous.articles:
            raise StoreError(f"{store_dir}: no store here; run `kg build` first or pass --store/--out")
        wanted = set(identifiers)
        matched = {i for e in previous.articles for i in wanted if i in (e.identifier, e.sha256, str(article_iri(e.sha256)))}
        if wanted - matched:
            raise StoreError(f"{store_dir}: no article {sorted(wanted - matched)[0]!r} in the store "
                             "(give an identifier, an article IRI or a sha256 from build.json or the graph)")
        entries = [e for e in previous.articles
                   if not {e.identifier, e.sha256, str(article_iri(e.sha256))} & wanted]
        report.removed = len(previous.articles) - len(entries)
        settings = previous.settings
        if not settings:
            raise StoreError(f"{store_dir}: the store was written by an older kg; run kg build once, then kg remove")
        report.state = _state(settings["fingerprint"], settings["aliases"], entries)
        report.outputs = [str(out_dir / get_exporter(name).filename) for name in settings["formats"]]
        analyses = cache.get(e.key for e in entries)
        counts = publish(disk, entries, analyses, out_dir, Manifest(entries, report.state, {}, settings))
        cache.keep_only(e.key for e in entries)
    report.versions = _versions(None)
    return _finish(report, counts, out_dir, started)


def _finish(report: BuildReport, counts: Mapping[str, int], out_dir: Path, started: float) -> BuildReport:
    """Fill in the counts and the time and write build.json, last: it vouches for the exports beside it."""
    for name, value in counts.items():
        setattr(report, name, value)
    report.outputs.append(str(out_dir / REPORT_NAME))
    report.seconds = round(time.perf_counter() - started, 3)
    write_atomically(out_dir / REPORT_NAME,
                     lambda handle: handle.write(json.dumps(report.to_dict(), indent=2, default=str).encode("utf-8")))
    return report


def pipeline_fingerprint(model: str | None, extractors: Sequence[Extractor]) -> str:
    """What an article's analysis depends on besides the article: kg's code and data, spaCy and its model,
    the extractors chosen and the relation model. Any change means parsing again."""
    digest = hashlib.sha256()
    package = Path(kg.__file__).parent
    for path in sorted(package.rglob("*")):
        if path.is_file() and path.suffix in {".py", ".txt", ".tsv", ".npz", ".json"}:
            digest.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    digest.update(f"{spacy.__version__}\0{model_identity(model)}\0".encode())
    digest.update(",".join(e.id for e in extractors).encode() + b"\0" + describe_relation_model().encode())
    return digest.hexdigest()


def _state(fingerprint: str, alias_table: Mapping[str, str], entries: Sequence[StoredArticle]) -> str:
    """A digest of everything a graph is made from: equal states give equal graphs."""
    digest = hashlib.sha256(fingerprint.encode())
    ontology = resources.files("kg.ontology")
    for name in sorted(p.name for p in ontology.iterdir() if p.name.endswith(".ttl")):
        digest.update(ontology.joinpath(name).read_bytes())
    digest.update(json.dumps(sorted(alias_table.items())).encode())
    digest.update(json.dumps([[e.file, e.identifier, e.key] for e in entries]).encode())
    return digest.hexdigest()


def _place(stored: Sequence[StoredArticle], read: Sequence[tuple[str, Article]], fingerprint: str,
           prune: bool) -> tuple[list[StoredArticle], dict[str, Article]]:
    """The store's articles after this build, sorted by file and identifier, and the articles read now by key.

    A file read now replaces everything the store had from it; the store's other articles stay,
    unless ``prune`` and their file is gone.
    """
    read_files = {file for file, _ in read}
    kept = [e for e in stored if e.file not in read_files and not (prune and e.file and not Path(e.file).exists())]
    fresh: dict[str, Article] = {}
    entries = {e.place: e for e in kept}
    for file, article in read:
        key = article_key(article, fingerprint)
        fresh[key] = article
        entries.setdefault((file, article.identifier), StoredArticle(file, article.identifier, article.sha256, key))
    return sorted(entries.values(), key=lambda e: e.place), fresh


def _counts(dataset: rdflib.Dataset, entities: int, refused: int) -> dict[str, int]:
    # A fact stated by several articles is in several graphs but is one fact.
    facts = len({(s, p, o) for p in fact_properties() for s, o in dataset.subject_objects(p)})
    described = set(dataset.objects(None, KG.describes))  # every event and membership has evidence
    memberships = len(described & set(dataset.subjects(rdflib.RDF.type, KG.Membership)))
    return {"entities": entities, "facts": facts, "evidence": len(set(dataset.subjects(rdflib.RDF.type, KG.Evidence))),
            "memberships": memberships, "events": len(described) - memberships, "refused_by_ontology": refused}


def _exports_current(out_dir: Path, report: BuildReport) -> bool:
    """Whether the exports asked for exist and were written from the graph of this state."""
    try:
        last = json.loads((out_dir / REPORT_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return last.get("state") == report.state and all(Path(path).is_file() for path in report.outputs)


def _versions(model: str | None) -> dict[str, str]:
    return {"kg": __version__, "model": model_identity(model), "spacy": spacy.__version__,
            "rdflib": rdflib.__version__, "networkx": networkx.__version__,
            "python": platform.python_version(), "relation_model": describe_relation_model()}


class _open_cache:
    """The store's analysis cache, closed however the build ends."""

    def __init__(self, folder: Path):
        self.folder = folder

    def __enter__(self) -> AnalysisCache:
        try:
            self.cache = AnalysisCache(self.folder)
        except Exception as error:  # sqlite3.DatabaseError and OSError: a damaged or unwritable store
            raise StoreError(f"{self.folder}: cannot open the analysis cache: {error}") from error
        return self.cache

    def __exit__(self, *exc) -> None:
        self.cache.close()


def _read(inputs: Sequence[str | Path], report: BuildReport, warn: Callable[[str], None],
          max_article_chars: int = DEFAULT_MAX_ARTICLE_CHARS) -> list[tuple[str, Article]]:
    """Read every input: each article with the file it came from (absolute), one per distinct text."""
    articles: dict[str, Article] = {}
    found: list[tuple[str, Article]] = []
    for result in read_inputs(inputs, max_article_chars):
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
                continue
            found.append((str(Path(result.path).resolve()), article))
    return found


