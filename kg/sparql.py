"""SPARQL over the store or an export, read-only and bounded in time and size.

Queries run in worker processes (Oxigraph, through pyoxigraph) so that one that
runs too long can be stopped: its worker is killed and replaced. ``kg query`` uses
one worker, ``kg serve`` a few. Updates, LOAD and SERVICE (a request to another
host) are refused before a query reaches a worker.
"""

from __future__ import annotations

import multiprocessing
import queue
import re
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph

from kg.errors import KgError
from kg.store.disk import CURRENT, DiskStore

#: Declared in every query: kg's own prefixes and the usual ones.
PREFIXES = {
    "kg": "https://w3id.org/kg-news/ontology#", "id": "https://w3id.org/kg-news/id/",
    "schema": "https://schema.org/", "prov": "http://www.w3.org/ns/prov#", "dcterms": "http://purl.org/dc/terms/",
    "skos": "http://www.w3.org/2004/02/skos/core#", "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#", "xsd": "http://www.w3.org/2001/XMLSchema#",
    "owl": "http://www.w3.org/2002/07/owl#",
}

#: Result formats: name -> (media type, pyoxigraph format for solutions and booleans).
RESULT_FORMATS = {
    "json": ("application/sparql-results+json", pyoxigraph.QueryResultsFormat.JSON),
    "xml": ("application/sparql-results+xml", pyoxigraph.QueryResultsFormat.XML),
    "csv": ("text/csv", pyoxigraph.QueryResultsFormat.CSV),
    "tsv": ("text/tab-separated-values", pyoxigraph.QueryResultsFormat.TSV),
}
#: Formats for CONSTRUCT and DESCRIBE.
GRAPH_FORMATS = {
    "turtle": ("text/turtle", pyoxigraph.RdfFormat.TURTLE),
    "ntriples": ("application/n-triples", pyoxigraph.RdfFormat.N_TRIPLES),
}


class QueryError(KgError):
    """The query is not valid SPARQL, or failed while running."""


class QueryRefused(KgError):
    """The query asks for something a read-only endpoint does not do."""


class QueryTimeout(KgError):
    """The query ran longer than allowed and was stopped."""


class ResultTooLarge(KgError):
    """The result has more rows or triples than allowed."""


@dataclass(frozen=True)
class Answer:
    """A serialised result and its media type; ``graph`` when it is RDF (CONSTRUCT, DESCRIBE)."""

    body: bytes
    media_type: str
    graph: bool = False


# Comments, strings and IRIs may contain any word: they are blanked before keywords are looked for.
_OPAQUE = re.compile(r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^<>"{}|^`\\\s]*>|#[^\n]*')
_PROLOGUE = re.compile(r"\s*(?:(?:PREFIX\s+[^\s:]*:\s*|BASE\s+)<>\s*)*", re.I)
_UPDATE = re.compile(r"(?:INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH)\b", re.I)
_SERVICE = re.compile(r"\bSERVICE\b", re.I)


def check_read_only(query: str) -> None:
    """Raise QueryRefused for SPARQL Update (LOAD included) and for SERVICE."""
    bare = _OPAQUE.sub(lambda m: "<>" if m.group(0).startswith("<") else " ", query)
    start = _PROLOGUE.match(bare).end()
    if _UPDATE.match(bare, start):
        raise QueryRefused("SPARQL Update (INSERT, DELETE, LOAD, CLEAR, ...) is refused: the graph is read-only; "
                           "change it with kg build or kg remove")
    if _SERVICE.search(bare):
        raise QueryRefused("SERVICE is refused: queries run on this graph only, never against other hosts")


def open_source(source: str | Path) -> pyoxigraph.Store:
    """A store folder (read-only) or an RDF file (loaded into memory) to query."""
    path = Path(source)
    if path.is_dir():
        return DiskStore(path).open()
    if not path.is_file():
        raise QueryError(f"{path}: no such graph file or store; run `kg build` first")
    try:
        rdf_format = pyoxigraph.RdfFormat.from_extension(path.suffix.lstrip(".") or "?")
    except ValueError:
        rdf_format = None
    if rdf_format is None:
        raise QueryError(f"{path}: unknown RDF format; use a store folder or .trig, .nq, .ttl, .nt, .jsonld")
    store = pyoxigraph.Store()
    try:
        store.load(path=str(path), format=rdf_format)
    except (SyntaxError, ValueError, OSError) as error:
        raise QueryError(f"{path}: cannot parse: {error}") from error
    return store


def execute(store: pyoxigraph.Store, query: str, fmt: str = "json", max_rows: int | None = None) -> Answer:
    """Run a read-only query; solutions and booleans in ``fmt`` (json, xml, csv, tsv), graphs in Turtle
    (or ``fmt`` when it is a graph format)."""
    check_read_only(query)
    try:
        result = store.query(query, prefixes=PREFIXES, use_default_graph_as_union=True)
    except SyntaxError as error:  # Oxigraph lists every token it expected: the position is what helps
        raise QueryError(f"SPARQL error: syntax {str(error).split(': expected')[0]}") from error
    except (OSError, ValueError, RuntimeError) as error:
        raise QueryError(f"SPARQL error: {error}") from error
    try:
        if isinstance(result, pyoxigraph.QueryTriples):
            media_type, rdf_format = GRAPH_FORMATS.get(fmt, GRAPH_FORMATS["turtle"])
            triples = _capped(result, max_rows, "triples")
            return Answer(pyoxigraph.serialize(triples, format=rdf_format, prefixes=PREFIXES)
                          if rdf_format is pyoxigraph.RdfFormat.TURTLE else pyoxigraph.serialize(triples, format=rdf_format),
                          media_type, graph=True)
        media_type, results_format = RESULT_FORMATS.get(fmt, RESULT_FORMATS["json"])
        if isinstance(result, pyoxigraph.QuerySolutions) and max_rows is not None:
            result = _capped_solutions(result, max_rows)
        return Answer(result.serialize(format=results_format), media_type)
    except (OSError, ValueError, RuntimeError) as error:
        raise QueryError(f"SPARQL error: {error}") from error


def _capped(items, max_rows: int | None, what: str) -> list:
    taken = []
    for item in items:
        taken.append(item)
        if max_rows is not None and len(taken) > max_rows:
            raise ResultTooLarge(f"the result has more than {max_rows} {what}; add a LIMIT")
    return taken


def _capped_solutions(solutions: pyoxigraph.QuerySolutions, max_rows: int) -> pyoxigraph.QuerySolutions:
    """The same solutions, read into memory up to ``max_rows`` (re-serialisable by pyoxigraph)."""
    variables = solutions.variables
    rows = _capped(solutions, max_rows, "rows")
    values = " ".join("(" + " ".join(_term(row[v]) for v in variables) + ")" for row in rows)
    names = " ".join(str(v) for v in variables)
    return pyoxigraph.Store().query(f"SELECT {names} WHERE {{ VALUES ({names}) {{ {values} }} }}")


def _term(term) -> str:
    if term is None:
        return "UNDEF"
    if isinstance(term, pyoxigraph.BlankNode):  # VALUES cannot hold blank nodes: keep their label visible
        return pyoxigraph.Literal(f"_:{term.value}").__str__()
    return str(term)


# Worker processes


def _worker(source: str, requests, replies) -> None:
    """Answer (query, fmt, max_rows) requests until told to stop; reopen the store when a build replaced it."""
    opened, seen = None, None
    while True:
        request = requests.get()
        if request is None:
            return
        query, fmt, max_rows = request
        try:
            generation = _generation_of(source)
            if opened is None or generation != seen:
                opened, seen = None, None
                opened, seen = open_source(source), generation
            replies.put(("ok", execute(opened, query, fmt, max_rows)))
        except KgError as error:
            replies.put(("error", type(error).__name__, str(error)))
        except Exception as error:  # a bug in a worker must still answer
            replies.put(("error", "QueryError", f"{type(error).__name__}: {error}"))


def _generation_of(source: str) -> str | None:
    path = Path(source)
    try:
        return (path / CURRENT).read_text(encoding="ascii") if path.is_dir() else str(path.stat().st_mtime_ns)
    except OSError:
        return None


_ERRORS = {cls.__name__: cls for cls in (QueryError, QueryRefused, QueryTimeout, ResultTooLarge, KgError)}


class _Worker:
    def __init__(self, context, source: str):
        self.requests, self.replies = context.Queue(), context.Queue()
        self.process = context.Process(target=_worker, args=(source, self.requests, self.replies), daemon=True)
        self.process.start()

    def stop(self, kill: bool = False) -> None:
        if kill:
            self.process.kill()
        else:
            self.requests.put(None)
        self.process.join(timeout=5)
        if self.process.is_alive():
            self.process.kill()
            self.process.join()


class QueryPool:
    """``pool.run(query, fmt)`` on the first idle worker; a query past ``timeout`` seconds kills its worker.

    Use as a context manager, or call ``close()``.
    """

    def __init__(self, source: str | Path, workers: int = 2, timeout: float = 30.0, max_rows: int | None = None,
                 start_method: str = "fork"):
        """``start_method`` "forkserver" for a threaded server (forking a process with threads is unsafe)."""
        self.source, self.timeout, self.max_rows = str(source), timeout, max_rows
        self._context = multiprocessing.get_context(start_method)
        if start_method == "forkserver":
            self._context.set_forkserver_preload(["kg.sparql"])
        self._idle: queue.Queue[_Worker] = queue.Queue()
        for _ in range(workers):
            self._idle.put(_Worker(self._context, self.source))

    def run(self, query: str, fmt: str = "json") -> Answer:
        check_read_only(query)  # refused at once, without a worker
        worker = self._idle.get()
        try:
            worker.requests.put((query, fmt, self.max_rows))
            try:
                reply = worker.replies.get(timeout=self.timeout)
            except queue.Empty:
                worker.stop(kill=True)
                worker = _Worker(self._context, self.source)
                raise QueryTimeout(f"the query ran longer than {self.timeout:g} s and was stopped") from None
        finally:
            self._idle.put(worker)
        if reply[0] == "ok":
            return reply[1]
        raise _ERRORS.get(reply[1], QueryError)(reply[2])

    def close(self) -> None:
        while True:
            try:
                self._idle.get_nowait().stop()
            except queue.Empty:
                return

    def __enter__(self) -> "QueryPool":
        return self

    def __exit__(self, *exc) -> None:
        self.close()
