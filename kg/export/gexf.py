"""GEXF 1.3 for Gephi: the graph view (``kg.export.views``) with colours, sizes and a timeline.

Each node is coloured by class (``viz:color``) and sized by degree (``viz:size``); each edge has
its property as label and ``kind`` (so Gephi keeps two facts between the same pair apart) and
its supporting sentences as weight. Nodes and edges carry one spell per date of the articles
behind them (start = end = that day), so Gephi's timeline replays the news; an undated article
adds no spell, and a node or edge with no dated article has none (Gephi's timeline filter keeps
such elements by default).

Written here rather than by ``networkx.write_gexf``, whose 1.3 output misspells the
XMLSchema-instance namespace and gives ``<graph>`` a ``name`` that GEXF 1.3 does not allow.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import asdict
from typing import BinaryIO

import networkx as nx
from rdflib import Dataset

from kg import __version__
from kg.export import register_exporter
from kg.export.options import ViewOptions
from kg.export.views import graph_view

GEXF = "http://gexf.net/1.3"
VIZ = "http://gexf.net/1.3/viz"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
ET.register_namespace("", GEXF)
ET.register_namespace("viz", VIZ)
ET.register_namespace("xsi", XSI)

#: Attributes written as GEXF's own markup rather than as attribute values.
NODE_MARKUP = frozenset({"label", "color", "size", "dates"})
EDGE_MARKUP = frozenset({"label", "weight", "dates"})


def _g(tag: str) -> str:
    return f"{{{GEXF}}}{tag}"


def _type(values: list) -> str:
    """The GEXF type of an attribute's values: integer, double, boolean or string."""
    if all(isinstance(v, bool) for v in values):
        return "boolean"
    if all(isinstance(v, int) and not isinstance(v, bool) for v in values):
        return "integer"
    if all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values):
        return "double"
    return "string"


def _text(value, kind: str) -> str:
    if kind == "boolean":
        return "true" if value else "false"
    if kind == "double":
        return repr(float(value))
    return str(value)


def _declare(graph_element: ET.Element, scope: str, items, markup: frozenset) -> dict[str, str]:
    """An <attributes> block for every attribute name used (in first-seen order); name -> type."""
    values: dict[str, list] = {}
    for data in items:
        for name, value in data.items():
            if name not in markup and value is not None:
                values.setdefault(name, []).append(value)
    types = {name: _type(found) for name, found in values.items()}
    if types:
        block = ET.SubElement(graph_element, _g("attributes"), {"class": scope, "mode": "static"})
        for name, kind in types.items():
            ET.SubElement(block, _g("attribute"), {"id": name, "title": name, "type": kind})
    return types


def _attvalues(element: ET.Element, data: dict, types: dict[str, str]) -> None:
    present = [(name, data[name]) for name in types if data.get(name) is not None]
    if present:
        block = ET.SubElement(element, _g("attvalues"))
        for name, value in present:
            ET.SubElement(block, _g("attvalue"), {"for": name, "value": _text(value, types[name])})


def _spells(element: ET.Element, dates) -> None:
    if dates:
        block = ET.SubElement(element, _g("spells"))
        for day in dates:
            ET.SubElement(block, _g("spell"), {"start": day, "end": day})


def _rgb(hex_colour: str) -> dict[str, str]:
    value = hex_colour.lstrip("#")
    return {"r": str(int(value[0:2], 16)), "g": str(int(value[2:4], 16)), "b": str(int(value[4:6], 16)), "a": "1.0"}


def gexf_tree(network: nx.MultiDiGraph, description: str = "") -> ET.ElementTree:
    """The GEXF document of a graph view; nodes and edges in a stable order."""
    root = ET.Element(_g("gexf"), {"version": "1.3", f"{{{XSI}}}schemaLocation": f"{GEXF} {GEXF}/gexf.xsd"})
    meta = ET.SubElement(root, _g("meta"))
    ET.SubElement(meta, _g("creator")).text = f"kg {__version__}"
    if description:
        ET.SubElement(meta, _g("description")).text = description
    dynamic = any(data.get("dates") for _, data in network.nodes(data=True)) or any(
        data.get("dates") for *_, data in network.edges(data=True))
    graph_element = ET.SubElement(root, _g("graph"), {"defaultedgetype": "directed", "mode": "dynamic" if dynamic else "static",
                                                      **({"timeformat": "date"} if dynamic else {})})
    nodes = sorted(network.nodes(data=True))
    edges = sorted(network.edges(keys=True, data=True), key=lambda e: e[:3])
    node_types = _declare(graph_element, "node", (data for _, data in nodes), NODE_MARKUP)
    edge_types = _declare(graph_element, "edge", (data for *_, data in edges), EDGE_MARKUP)

    nodes_element = ET.SubElement(graph_element, _g("nodes"), {"count": str(len(nodes))})
    for node, data in nodes:
        element = ET.SubElement(nodes_element, _g("node"), {"id": node, "label": str(data.get("label", node))})
        _attvalues(element, data, node_types)
        _spells(element, data.get("dates"))
        if data.get("color"):
            ET.SubElement(element, f"{{{VIZ}}}color", _rgb(data["color"]))
        if data.get("size") is not None:
            ET.SubElement(element, f"{{{VIZ}}}size", {"value": repr(float(data["size"]))})

    edges_element = ET.SubElement(graph_element, _g("edges"), {"count": str(len(edges))})
    for number, (s, o, key, data) in enumerate(edges):
        label = str(data.get("label", key))
        attributes = {"id": f"e{number}", "source": s, "target": o, "label": label, "kind": label}
        if data.get("weight") is not None:
            attributes["weight"] = repr(float(data["weight"]))
        element = ET.SubElement(edges_element, _g("edge"), attributes)
        _attvalues(element, data, edge_types)
        _spells(element, data.get("dates"))
    ET.indent(root)
    return ET.ElementTree(root)


def write_gexf(network: nx.MultiDiGraph, out: BinaryIO, description: str = "") -> None:
    """Write a graph view as GEXF 1.3 (UTF-8, with an XML declaration)."""
    gexf_tree(network, description).write(out, encoding="utf-8", xml_declaration=True)


@register_exporter("gexf", "graph.gexf", views=True)
def export_gexf(dataset: Dataset, out: BinaryIO, options: ViewOptions) -> None:
    write_gexf(graph_view(dataset, **asdict(options)), out, description=f"kg graph, {options.view} view")
