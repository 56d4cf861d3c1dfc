"""GraphML for Gephi, yEd and networkx: the graph view (``kg.export.views``) written by networkx.

GraphML types node ids as XML name tokens, which IRIs are not (``/`` is not allowed), so a
node's id is its IRI made compact (``id:organization/acme`` -> ``organization:acme``) and the
IRI itself is its ``iri`` attribute. Edge ids are ``e0``, ``e1``, ... in a stable order. A
node's or edge's ``dates`` are written as one string, the ISO dates separated by spaces.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import asdict
from typing import BinaryIO

import networkx as nx
from rdflib import Dataset

from kg.export import register_exporter
from kg.export.options import ViewOptions
from kg.export.views import graph_view, local_name, xml_safe  # noqa: F401  (local_name, xml_safe: kept importable here)
from kg.vocab import ID

_NAME_TOKEN = re.compile(r"[\w.:-]+")


def graphml_ids(nodes) -> dict[str, str]:
    """A distinct XML name token for each node id: the IRI after ``id:`` with ``/`` as ``:``, else a hash."""
    ids: dict[str, str] = {}
    taken: set[str] = set()
    for node in sorted(nodes):
        compact = node[len(str(ID)):].replace("/", ":") if node.startswith(str(ID)) else ""
        if not _NAME_TOKEN.fullmatch(compact) or compact in taken:
            compact = "n" + hashlib.sha256(node.encode("utf-8")).hexdigest()[:16]
        ids[node] = compact
        taken.add(compact)
    return ids


def _scalars(data: dict) -> dict:
    """Attributes GraphML can type: tuples of dates joined by spaces; nothing that is None or empty."""
    return {name: " ".join(value) if isinstance(value, tuple) else value
            for name, value in data.items() if value is not None and value != ()}


def write_graphml(network: nx.MultiDiGraph, out: BinaryIO) -> None:
    """Write a graph view as GraphML (directed; every key declared with its type)."""
    ids = graphml_ids(network)
    flat = nx.MultiDiGraph(**network.graph)
    for node in sorted(network):
        flat.add_node(ids[node], **_scalars(network.nodes[node]))
    edges = sorted(network.edges(keys=True, data=True), key=lambda e: (ids[e[0]], ids[e[1]], e[2]))
    for number, (s, o, _, data) in enumerate(edges):
        flat.add_edge(ids[s], ids[o], key=f"e{number}", **_scalars(data))
    nx.write_graphml(flat, out, encoding="utf-8", prettyprint=True)


@register_exporter("graphml", "graph.graphml", views=True)
def export_graphml(dataset: Dataset, out: BinaryIO, options: ViewOptions) -> None:
    write_graphml(graph_view(dataset, **asdict(options)), out)
