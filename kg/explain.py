"""``kg explain``: why the graph says what it says, sentence by sentence.

Every statement in the graph has evidence nodes (``kg:Evidence``) naming its sentence,
article, extractor and confidence; this module gathers them for one fact ("Meta"
investedIn "Scale AI") or for every fact about one entity, with the combined
confidence from the facts graph. Statements a sentence only hedges, denies or sets
in the past are shown too, marked as not facts.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph

from kg.errors import KgError
from kg.schema import symmetric_properties
from kg.sparql import PREFIXES, open_source
from kg.vocab import KG


class NotInGraph(KgError):
    """A label or property the graph does not know."""


@dataclass(frozen=True)
class Support:
    """One sentence behind a statement, and where it was read."""

    sentence: str
    confidence: float
    extractor: str
    article: str  # identifier
    title: str | None
    date: str | None
    source: str | None
    status: str | None  # planned, denied, former, ...: why the statement is not a plain fact


@dataclass
class Statement:
    """A statement between two nodes and all its evidence; ``confidence`` is the fact's, None when not a fact."""

    subject: str
    predicate: str
    object: str
    confidence: float | None
    supports: list[Support] = field(default_factory=list)


def explain(source: str | Path, subject: str, predicate: str | None = None, object: str | None = None) -> list[Statement]:
    """The statements about ``subject`` (a label, alias or IRI), of ``predicate`` and to ``object`` when given,
    each with its supporting sentences, most confident first. Raises NotInGraph for unknown names."""
    store = open_source(source)
    subjects = _nodes(store, subject)
    objects = _nodes(store, object) if object is not None else None
    prop = _property(predicate) if predicate is not None else None
    rows = []
    for s, o in _pairs(subjects, objects, prop):
        rows += _evidence(store, s, prop, o)
    return _statements(store, rows)


def _pairs(subjects: list[str], objects: list[str] | None, prop: str | None) -> list[tuple[str | None, str | None]]:
    """Subject and object patterns to look up: both directions of a symmetric property, and of a lone entity."""
    if objects is None:
        return [(s, None) for s in subjects] + ([] if prop else [(None, s) for s in subjects])
    pairs = [(s, o) for s in subjects for o in objects]
    if prop is not None and prop.rsplit("#", 1)[-1] in symmetric_properties():
        pairs += [(o, s) for s, o in pairs]
    return pairs


def _nodes(store: pyoxigraph.Store, name: str) -> list[str]:
    """IRIs named ``name``: the IRI itself (full or id:...), else nodes labelled so, else with it as an alias."""
    if name.startswith(("http://", "https://")):
        return [name]
    prefix, _, local = name.partition(":")
    if local and prefix in PREFIXES and " " not in name:
        return [PREFIXES[prefix] + local]
    wanted = str(pyoxigraph.Literal(" ".join(name.split()).casefold()))  # an escaped literal
    for label in ("rdfs:label", "skos:altLabel"):
        found = store.query(f"SELECT DISTINCT ?node WHERE {{ ?node {label} ?name FILTER(LCASE(STR(?name)) = {wanted}) }} "
                            "ORDER BY ?node", prefixes=PREFIXES, use_default_graph_as_union=True)
        nodes = [row["node"].value for row in found]
        if nodes:
            return nodes
    raise NotInGraph(f"nothing in the graph is called {name!r} (try its label, an alias or its IRI)")


def _property(name: str) -> str:
    local = name.split(":", 1)[1] if name.startswith("kg:") else name
    if local.startswith(("http://", "https://")):
        return local
    try:
        return str(getattr(KG, local))
    except AttributeError:
        raise NotInGraph(f"kg has no property {name!r} (e.g. investedIn, ceoOf, worksFor; see ontology/kg.ttl)") from None


_EVIDENCE = """
SELECT ?s ?p ?o ?sentence ?confidence ?extractor ?status ?roleStatus ?id ?title ?date ?source WHERE {
  ?e a kg:Evidence ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; kg:sentence ?sentence ;
     kg:confidence ?confidence ; kg:extractor ?extractor ; prov:wasDerivedFrom ?article .
  OPTIONAL { ?e kg:status ?status }
  OPTIONAL { ?e kg:describes ?membership . ?membership kg:roleStatus ?roleStatus }
  OPTIONAL { ?article dcterms:identifier ?id }
  OPTIONAL { ?article dcterms:title ?title }
  OPTIONAL { ?article dcterms:date ?date }
  OPTIONAL { ?article dcterms:source ?source }
}"""


def _evidence(store: pyoxigraph.Store, s: str | None, p: str | None, o: str | None) -> list[dict]:
    bound = {pyoxigraph.Variable(name): pyoxigraph.NamedNode(value)
             for name, value in (("s", s), ("p", p), ("o", o)) if value is not None}
    result = store.query(_EVIDENCE, prefixes=PREFIXES, use_default_graph_as_union=True, substitutions=bound)
    variables = [v.value for v in result.variables]
    return [{name: (None if row[name] is None else row[name].value) for name in variables} for row in result]


def _statements(store: pyoxigraph.Store, rows: list[dict]) -> list[Statement]:
    grouped: dict[tuple[str, str, str], list[Support]] = defaultdict(list)
    for row in rows:
        status = row["status"] or (row["roleStatus"] if row["roleStatus"] == "former" else None)
        support = Support(row["sentence"], float(row["confidence"]), row["extractor"], row["id"] or "",
                          row["title"], row["date"], row["source"], status)
        if support not in grouped[(row["s"], row["p"], row["o"])]:
            grouped[(row["s"], row["p"], row["o"])].append(support)
    statements = []
    for (s, p, o), supports in grouped.items():
        statements.append(Statement(_label(store, s), p.rsplit("#", 1)[-1], _label(store, o), _fact_confidence(store, s, p, o),
                                    sorted(supports, key=lambda x: (-x.confidence, x.date or "", x.article))))
    return sorted(statements, key=lambda st: (st.confidence is None, -(st.confidence or 0), st.predicate, st.subject, st.object))


def _label(store: pyoxigraph.Store, iri: str) -> str:
    for row in store.query("SELECT ?node ?label WHERE { ?node rdfs:label ?label } LIMIT 1", prefixes=PREFIXES,
                           use_default_graph_as_union=True,
                           substitutions={pyoxigraph.Variable("node"): pyoxigraph.NamedNode(iri)}):
        return row["label"].value
    return iri


def _fact_confidence(store: pyoxigraph.Store, s: str, p: str, o: str) -> float | None:
    found = store.query("SELECT ?s ?p ?o ?c WHERE { ?f a kg:Fact ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; "
                        "kg:confidence ?c } LIMIT 1", prefixes=PREFIXES, use_default_graph_as_union=True,
                        substitutions={pyoxigraph.Variable(n): pyoxigraph.NamedNode(v) for n, v in (("s", s), ("p", p), ("o", o))})
    for row in found:
        return float(row["c"].value)
    return None


def format_statements(statements: list[Statement]) -> str:
    """Each statement, then its sentences with title, date, source, confidence and extractor."""
    if not statements:
        return "No statement in the graph matches.\n"
    lines = []
    for st in statements:
        standing = (f"fact, confidence {st.confidence:.3f}" if st.confidence is not None
                    else "not a fact: " + ", ".join(sorted({s.status or "see the sentences" for s in st.supports})))
        count = len(st.supports)
        lines.append(f"{st.subject} {st.predicate} {st.object} ({standing}; {count} sentence{'s' if count != 1 else ''})")
        for support in st.supports:
            lines.append(f"  \"{' '.join(support.sentence.split())}\"")
            where = ", ".join(x for x in (support.title and f"\"{support.title}\"", support.date, support.source or support.article) if x)
            status = f", {support.status}" if support.status else ""
            lines.append(f"    {where}; confidence {support.confidence:.3f}, {support.extractor}{status}")
    return "\n".join(lines) + "\n"
