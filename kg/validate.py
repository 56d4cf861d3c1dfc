"""``validate``: check a graph against the SHACL shapes of ``ontology/shapes.ttl``.

The library call behind ``kg validate``. The shapes say what kg writes: one class and
one label per entity, complete evidence for every fact, articles with an identifier
and a content hash, facts whose subject and object fit the ontology's domain and range,
and well-formed events and memberships. Validation runs pyshacl over the union of all
named graphs, with the ontology mixed in (no inference) so that ``rdfs:subClassOf``
is known: a ``kg:Hiring`` counts as a ``kg:Appointment``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SH, SKOS, XSD
from rdflib.term import Node

from kg.errors import KgError
from kg.schema import ontology, ontology_text
from kg.vocab import ID, KG, SCHEMA

SHAPES_FILE = "shapes.ttl"
_IRI = re.compile(r"<?(https?://[^\s<>\"']+?)>?(?=[\s,;)]|$)")

#: Prefixes for readable node names in messages, longest namespace first so ``id:`` wins over others.
PREFIXES = {
    "kg": str(KG._NS), "id": str(ID), "schema": str(SCHEMA), "prov": str(PROV), "dcterms": str(DCTERMS),
    "skos": str(SKOS), "rdf": str(RDF), "rdfs": str(RDFS), "xsd": str(XSD), "sh": str(SH),
}


@dataclass(frozen=True)
class Violation:
    """One result of validation: the node at fault, the property (if any), what is wrong, and how bad."""

    focus: Node
    path: Node | None
    message: str
    severity: str  # "Violation", "Warning" or "Info"
    value: Node | None = None
    shape: Node | None = None


@dataclass
class ValidationReport:
    """Whether a graph conforms to the shapes, every result, and how many triples were checked."""

    conforms: bool
    violations: list[Violation] = field(default_factory=list)
    triples: int = 0


@lru_cache(maxsize=1)
def shapes() -> Graph:
    """The SHACL shapes graph (``ontology/shapes.ttl``), parsed once."""
    return Graph().parse(data=ontology_text(SHAPES_FILE), format="turtle")


def validate(data: Graph) -> ValidationReport:
    """Validate a graph, or a dataset as the union of all its named graphs, against kg's shapes.

    Warnings and infos are reported but do not make the graph non-conforming.
    """
    from pyshacl import validate as shacl_validate  # imported late: it takes a while to load

    union = _union(data)
    triples = len(union)
    try:
        _, results, _ = shacl_validate(
            union,
            shacl_graph=shapes(),
            ont_graph=ontology(),
            inference="none",
            inplace=union is not data,  # our own copy may take the ontology's triples
            allow_warnings=True,
            advanced=True,  # sh:SPARQLTarget: whole-graph checks run once, not per node
        )
    except Exception as error:  # pyshacl raises its own types for broken shapes or data
        raise KgError(f"cannot validate: {type(error).__name__}: {error}") from error
    violations = sorted((_violation(results, node) for node in results.subjects(RDF.type, SH.ValidationResult)),
                        key=lambda v: (v.severity != "Violation", str(v.focus), str(v.path or ""), v.message))
    conforms = not any(v.severity == "Violation" for v in violations)
    return ValidationReport(conforms=conforms, violations=violations, triples=triples)


def _union(data: Graph) -> Graph:
    """All triples of all graphs of a dataset in one graph; a plain graph as it is."""
    if not getattr(data, "context_aware", False):
        return data
    union = Graph()
    for s, p, o, _ in data.quads((None, None, None, None)):
        union.add((s, p, o))
    return union


def _violation(results: Graph, node: Node) -> Violation:
    messages = sorted(str(m) for m in results.objects(node, SH.resultMessage))
    severity = results.value(node, SH.resultSeverity)
    return Violation(
        focus=results.value(node, SH.focusNode),
        path=results.value(node, SH.resultPath),
        message=_IRI.sub(lambda match: short(URIRef(match.group(1))), " ".join(" ".join(messages).split()))
        or "does not conform",
        severity=str(severity).rsplit("#", 1)[-1] if severity is not None else "Violation",
        value=results.value(node, SH.value),
        shape=results.value(node, SH.sourceShape),
    )


def short(term: Node | None) -> str:
    """A node as people read it: ``id:person/anna-berg``, ``kg:ceoOf``, a literal's text."""
    if term is None:
        return "-"
    if isinstance(term, URIRef):
        text = str(term)
        best = max((ns for ns in PREFIXES.values() if text.startswith(ns)), key=len, default=None)
        if best is None:
            return f"<{text}>"
        prefix = next(name for name, ns in PREFIXES.items() if ns == best)
        return f"{prefix}:{text[len(best):]}"
    if isinstance(term, Literal):
        return repr(str(term))
    if isinstance(term, BNode):
        return "[]"
    return str(term)


def format_violation(violation: Violation) -> str:
    """One readable line: severity (unless a plain violation), focus node, property, message."""
    level = "" if violation.severity == "Violation" else f"{violation.severity.lower()}: "
    path = f" {short(violation.path)}" if violation.path is not None else ""
    return f"{level}{short(violation.focus)}{path}: {violation.message}"
