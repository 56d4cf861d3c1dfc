"""SPARQL over the store or an export, and the result formats ``kg query`` prints.

``ask`` runs a query the way ``kg query`` does: in a worker process (kg.sparql) so that
``--timeout`` can stop it. ``load_graph`` and ``run_query`` read an export with rdflib,
for the commands that need the whole graph in memory (stats, validate).
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from rdflib import BNode, Dataset, Literal, URIRef
from rdflib.query import Result
from rdflib.util import guess_format

from kg.errors import GraphLoadError, KgError
from kg.store import PREFIXES, new_dataset

DEFAULT_GRAPH = "exports/graph.trig"
DEFAULT_STORE = "exports/.kg"
FORMATS = ("table", "csv", "tsv", "json")


def default_source(graph: str | Path | None = None, store: str | Path | None = None) -> Path:
    """What to query: the graph file or store given, else the default build's store, else its TriG export."""
    if graph is not None:
        return Path(graph)
    if store is not None:
        return Path(store)
    return Path(DEFAULT_STORE) if (Path(DEFAULT_STORE) / "current").exists() else Path(DEFAULT_GRAPH)


def load_source(source: str | Path) -> Dataset:
    """The whole graph of a store folder or an export file, in memory."""
    from kg.store.disk import DiskStore

    return DiskStore(source).dataset() if Path(source).is_dir() else load_graph(source)


def ask(source: str | Path, sparql: str, fmt: str = "table", timeout: float = 30.0) -> str:
    """Run ``sparql`` on a store folder or an export file; the answer as ``kg query`` prints it."""
    from kg.sparql import QueryPool  # worker processes only when a query is run

    if fmt not in FORMATS:
        raise KgError(f"unknown format {fmt!r}; choose from: {', '.join(FORMATS)}")
    with QueryPool(source, workers=1, timeout=timeout) as pool:
        answer = pool.run(sparql, "json")
    if answer.graph:
        return answer.body.decode("utf-8")
    return format_result(Result.parse(io.BytesIO(answer.body), format="json"), fmt)


def load_graph(path: str | Path = DEFAULT_GRAPH) -> Dataset:
    """Load an export (TriG, N-Quads, Turtle, JSON-LD, ...) into a dataset queried as one union graph."""
    path = Path(path)
    if not path.is_file():
        raise GraphLoadError(f"{path}: no such graph file; run `kg build` first or pass --graph")
    rdf_format = guess_format(str(path)) or ("json-ld" if path.suffix == ".jsonld" else None)
    if rdf_format is None:
        raise GraphLoadError(f"{path}: unknown RDF format; use .trig, .nq, .ttl, .nt or .jsonld")
    dataset = new_dataset()
    try:
        if rdf_format in ("trig", "nquads", "trix", "json-ld"):
            dataset.parse(path, format=rdf_format)
        else:
            dataset.default_graph.parse(path, format=rdf_format)
    except Exception as error:  # rdflib raises many parser-specific types
        raise GraphLoadError(f"{path}: cannot parse as {rdf_format}: {error}") from error
    return dataset


def run_query(dataset: Dataset, sparql: str) -> Result:
    """Run SPARQL 1.1 with kg's prefixes predeclared (kg:, id:, schema:, prov:, dcterms:, skos:, rdf:, rdfs:)."""
    try:
        return dataset.query(sparql, initNs=dict(PREFIXES))
    except Exception as error:  # pyparsing and rdflib errors: the message is what the user needs
        raise KgError(f"SPARQL error: {' '.join(str(error).split())}") from error


def format_result(result: Result, fmt: str = "table", dataset: Dataset | None = None) -> str:
    """The result as text: a table, CSV, TSV or SPARQL JSON; graphs from CONSTRUCT as Turtle."""
    if fmt not in FORMATS:
        raise KgError(f"unknown format {fmt!r}; choose from: {', '.join(FORMATS)}")
    if result.type == "ASK":
        return json.dumps({"head": {}, "boolean": result.askAnswer}) if fmt == "json" else str(result.askAnswer).lower()
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        return result.serialize(format="turtle").decode("utf-8")
    names = [str(v) for v in result.vars]
    if fmt == "json":
        return result.serialize(format="json").decode("utf-8")
    if fmt == "csv":
        return result.serialize(format="csv").decode("utf-8")
    rows = [[row[name] if name in row.labels else None for name in names] for row in result]
    if fmt == "tsv":
        out = io.StringIO()
        writer = csv.writer(out, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_NONE, escapechar="\\")
        writer.writerow(["?" + name for name in names])
        writer.writerows([[_nt(term) for term in row] for row in rows])
        return out.getvalue()
    namespace_manager = dataset.namespace_manager if dataset is not None else None
    return _table(names, [[_short(term, namespace_manager) for term in row] for row in rows])


def _nt(term) -> str:
    """A term in the SPARQL TSV results syntax (N-Triples-like)."""
    return "" if term is None else term.n3()


def _short(term, namespace_manager) -> str:
    if term is None:
        return ""
    if isinstance(term, URIRef):
        try:
            if namespace_manager is not None:
                prefix, _, local = namespace_manager.compute_qname(str(term), generate=False)
                if "/" not in local:
                    return f"{prefix}:{local}"
        except (KeyError, ValueError):
            pass
        for prefix, namespace in PREFIXES.items():
            if str(term).startswith(str(namespace)):
                return f"{prefix}:{str(term)[len(str(namespace)):]}"
        return str(term)
    if isinstance(term, (Literal, BNode)):
        return " ".join(str(term).split())
    return str(term)


def _table(names: list[str], rows: list[list[str]], max_width: int = 80) -> str:
    """A plain-text table that reads well in a terminal and in a log."""
    cells = [[value if len(value) <= max_width else value[: max_width - 1] + "…" for value in row] for row in rows]
    widths = [max([len(name)] + [len(row[i]) for row in cells]) for i, name in enumerate(names)]
    line = lambda values: "  ".join(value.ljust(width) for value, width in zip(values, widths)).rstrip()  # noqa: E731
    out = [line(names), line(["-" * width for width in widths])]
    out.extend(line(row) for row in cells)
    out.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(out) + "\n"
