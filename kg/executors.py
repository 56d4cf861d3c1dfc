"""Executors: where the articles of a build are parsed and analysed.

Parsing and extraction are the costly stages, and each article is analysed on its
own, so they can run in several processes or on a Dask cluster. Resolution across
articles (which names are one entity, which class it has, its IRI) needs every
analysis, so it stays with the caller: an executor only turns Articles into
ArticleAnalyses, in input order, whatever ran them.

Adding an executor is one function ``(articles, settings, jobs, scheduler, progress)
-> Iterator[ArticleAnalysis]`` registered with ``@register_executor("name")``.
Work sent to another process travels as JSON-ready dicts (``kg.models.analysis_to_json``):
records holding mapping proxies do not pickle.
"""

from __future__ import annotations

import importlib.util

import logging
import multiprocessing
import os
import threading
from concurrent.futures import ProcessPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Sequence

from kg.errors import ExecutorError, UnknownPluginError
from kg.extract import Extractor, analyse, get_extractors
from kg.extract.classifier import use_relation_model
from kg.models import Article, ArticleAnalysis, analysis_from_json, analysis_to_json
from kg.nlp import load_model, parse

Progress = Callable[[int, int], None]  # (articles done, articles in all)

#: Most articles in one task sent to a worker: enough to fill spaCy's batches, few enough to balance the load.
MAX_CHUNK = 32
#: Tasks per worker at least, so that a worker that finishes early takes more.
TASKS_PER_WORKER = 4
DASK_HINT = "pip install 'kg[dask]' (or: pip install 'dask[distributed]')"


@dataclass(frozen=True)
class AnalysisSettings:
    """What a worker needs to analyse articles exactly as a single process would.

    Plain values only (names and paths, not loaded objects): they are sent to other
    processes, and each worker loads the model once and keeps it.
    """

    model: str | None = None  # spaCy model name; None: kg's default
    batch_size: int = 256  # lines per spaCy batch
    extractors: tuple[str, ...] | None = None  # None: all registered extractors
    relation_model: str | None = None  # path to a `kg train` model; None: the one shipped


Run = Callable[[Sequence[Article], AnalysisSettings, int, "str | None", "Progress | None"], Iterator[ArticleAnalysis]]


@dataclass(frozen=True)
class Executor:
    """A registered executor: its name and the function that runs the analyses."""

    name: str
    run: Run


EXECUTORS: dict[str, Executor] = {}


def register_executor(name: str) -> Callable[[Run], Run]:
    """Register ``run`` under ``name``: ``run(articles, settings, jobs, scheduler, progress)``
    yields one ArticleAnalysis per article, in input order."""

    def decorate(run: Run) -> Run:
        EXECUTORS[name] = Executor(name, run)
        return run

    return decorate


def get_executor(name: str) -> Executor:
    if name not in EXECUTORS:
        raise UnknownPluginError("executor", name, list(EXECUTORS))
    return EXECUTORS[name]


def analyse_articles(articles: Sequence[Article], settings: AnalysisSettings = AnalysisSettings(), *,
                     executor: str | None = None, jobs: int = 1, scheduler: str | None = None,
                     progress: Progress | None = None) -> Iterator[ArticleAnalysis]:
    """Analyse ``articles`` with ``executor``, yielding their analyses in input order.

    ``executor`` None picks one: ``dask`` with a ``scheduler``, else ``serial`` for one job and
    ``processes`` for more. ``jobs`` is the number of worker processes (0: one per core); for Dask
    without a scheduler, the workers of a local cluster. Raises ExecutorError for settings that
    contradict each other, UnknownPluginError for an unknown executor or extractor.
    """
    chosen = choose_executor(executor, jobs, scheduler)
    get_extractors(settings.extractors)  # an unknown extractor fails here, not in a worker
    return chosen.run(articles, settings, jobs or cores(), scheduler, progress)


def choose_executor(executor: str | None = None, jobs: int = 1, scheduler: str | None = None) -> Executor:
    """The executor these options name, checked (a build asks before any work): see ``analyse_articles``."""
    if jobs < 0:
        raise ExecutorError(f"jobs must be 0 (one per core) or more, not {jobs}")
    name = executor or ("dask" if scheduler else "serial" if jobs == 1 else "processes")
    chosen = get_executor(name)
    if scheduler and name != "dask":
        raise ExecutorError(f"a scheduler address is for the dask executor, not {name!r}")
    if name == "serial" and jobs != 1:
        raise ExecutorError("the serial executor runs in this process only; use jobs 1, or the processes executor")
    if name == "dask" and importlib.util.find_spec("distributed") is None:
        raise ExecutorError(f"the dask executor needs Dask, which is not installed: {DASK_HINT}")
    return chosen


def cores() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def chunks(articles: Sequence[Article], workers: int) -> list[Sequence[Article]]:
    """The articles in consecutive slices: at least TASKS_PER_WORKER per worker, at most MAX_CHUNK articles each."""
    size = max(1, min(MAX_CHUNK, len(articles) // (workers * TASKS_PER_WORKER)))
    return [articles[start:start + size] for start in range(0, len(articles), size)]


# ---------------------------------------------------------------- what a worker runs

_worker_lock = threading.Lock()


def _prepared(settings: AnalysisSettings) -> tuple[Any, list[Extractor]]:
    """The model (loaded once per process: load_model keeps it) and the extractors of ``settings``."""
    use_relation_model(settings.relation_model)
    return load_model(settings.model), get_extractors(settings.extractors)


def _analyses(articles: Iterable[Article], settings: AnalysisSettings) -> Iterator[ArticleAnalysis]:
    nlp, extractors = _prepared(settings)
    for doc, article in parse(nlp, articles, batch_size=settings.batch_size):
        yield analyse(doc, article, extractors)


def analyse_partition(articles: list[dict[str, Any]], settings: AnalysisSettings) -> list[dict[str, Any]]:
    """What a worker process runs: articles in their JSON form in, analyses in their JSON form out.

    One partition at a time per process: the model and the chosen relation model are process-wide,
    and a Dask worker may run several threads.
    """
    with _worker_lock:
        return [analysis_to_json(a) for a in _analyses([article_from_json(each) for each in articles], settings)]


def article_to_json(article: Article) -> dict[str, Any]:
    """An article as sent to a worker (the article part of an analysis' JSON form)."""
    return analysis_to_json(ArticleAnalysis(article, (), ()))["article"]


def article_from_json(data: dict[str, Any]) -> Article:
    return analysis_from_json({"article": data, "mentions": [], "relations": []}).article


def _collected(parts: Iterable[tuple[Sequence[Article], list[dict[str, Any]]]], total: int,
               progress: Progress | None) -> Iterator[ArticleAnalysis]:
    """Analyses from the JSON a worker sent back, part by part in input order, with progress."""
    done = 0
    for part, results in parts:
        if len(results) != len(part):
            raise ExecutorError(f"a worker returned {len(results)} analyses for {len(part)} articles")
        done += len(part)
        for data in results:
            yield analysis_from_json(data)
        if progress:
            progress(done, total)


# ---------------------------------------------------------------- executors

@register_executor("serial")
def run_serially(articles: Sequence[Article], settings: AnalysisSettings, jobs: int, scheduler: str | None,
                 progress: Progress | None) -> Iterator[ArticleAnalysis]:
    """In this process, lazily: one article's analysis at a time."""
    for done, analysis in enumerate(_analyses(articles, settings), 1):
        if progress:
            progress(done, len(articles))
        yield analysis


@register_executor("processes")
def run_in_processes(articles: Sequence[Article], settings: AnalysisSettings, jobs: int, scheduler: str | None,
                     progress: Progress | None) -> Iterator[ArticleAnalysis]:
    """In ``jobs`` worker processes on this machine, each loading the model once.

    Workers are spawned, not forked: a fork copies whatever threads the caller runs (a progress bar, a
    BLAS pool) half-way through their work.
    """
    parts = chunks(articles, jobs)
    if not parts:
        return
    pool = ProcessPoolExecutor(max_workers=min(jobs, len(parts)), mp_context=multiprocessing.get_context("spawn"))
    try:
        results = pool.map(analyse_partition, [[article_to_json(a) for a in part] for part in parts],
                           [settings] * len(parts))
        yield from _collected(zip(parts, results), len(articles), progress)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


@register_executor("dask")
def run_on_dask(articles: Sequence[Article], settings: AnalysisSettings, jobs: int, scheduler: str | None,
                progress: Progress | None) -> Iterator[ArticleAnalysis]:
    """On a Dask cluster: the scheduler at ``scheduler``, or else a local cluster of ``jobs`` processes.

    Workers need kg and the model installed; each keeps the model loaded between partitions. They send
    back analyses, not triples: which names are one entity, and its IRI, is decided over all articles.
    """
    try:
        import distributed
    except ImportError:  # said now, before any work, rather than when the analyses are first asked for
        raise ExecutorError(f"the dask executor needs Dask, which is not installed: {DASK_HINT}") from None
    if scheduler:
        try:  # a malformed address fails now, and not in a Client that complains again as it is collected
            distributed.comm.get_address_host_port(scheduler)
        except ValueError as error:
            raise ExecutorError(f"{scheduler!r} is not a Dask scheduler address (tcp://HOST:PORT): {error}") from None
    return _on_dask(distributed, articles, settings, jobs, scheduler, progress)


def _on_dask(distributed: Any, articles: Sequence[Article], settings: AnalysisSettings, jobs: int,
             scheduler: str | None, progress: Progress | None) -> Iterator[ArticleAnalysis]:
    if settings.relation_model:  # workers elsewhere have another working directory
        settings = replace(settings, relation_model=str(Path(settings.relation_model).resolve()))
    with ExitStack() as stack:
        if scheduler:
            try:
                client = stack.enter_context(distributed.Client(scheduler, set_as_default=False))
            except (OSError, ValueError) as error:
                raise ExecutorError(f"cannot reach the Dask scheduler at {scheduler}: {error}") from error
        else:
            cluster = stack.enter_context(distributed.LocalCluster(
                n_workers=jobs, threads_per_worker=1, processes=True, dashboard_address=None,
                silence_logs=logging.ERROR))
            client = stack.enter_context(distributed.Client(cluster, set_as_default=False))
        workers = max(1, sum(client.nthreads().values()))  # tasks run one per worker thread
        parts = chunks(articles, workers)
        futures = client.map(analyse_partition, [[article_to_json(a) for a in part] for part in parts],
                             settings=settings, pure=False)
        try:
            yield from _collected(((part, future.result()) for part, future in zip(parts, futures)),
                                  len(articles), progress)
        finally:
            client.cancel(futures)
