"""Namespaces and IRIs.

``KG`` is closed: a misspelt term raises instead of minting a new IRI.
``tests/test_vocab.py`` checks it against ``ontology/kg.ttl``, the source of truth.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

from rdflib import Namespace, URIRef
from rdflib.namespace import DefinedNamespace

ONTOLOGY_IRI = "https://w3id.org/kg-news/ontology"
ID = Namespace("https://w3id.org/kg-news/id/")
SCHEMA = Namespace("https://schema.org/")


class KG(DefinedNamespace):
    """The kg ontology's terms."""

    _NS = Namespace(ONTOLOGY_IRI + "#")
    _fail = True

    Organization: URIRef
    Person: URIRef
    Place: URIRef
    Product: URIRef
    Evidence: URIRef

    investedIn: URIRef
    acquired: URIRef
    founded: URIRef
    worksFor: URIRef
    ceoOf: URIRef
    joined: URIRef

    sha256: URIRef
    sentence: URIRef
    startOffset: URIRef
    endOffset: URIRef
    extractor: URIRef
    confidence: URIRef
    amount: URIRef
    currency: URIRef
    amountText: URIRef
    stakePercent: URIRef
    metadata: URIRef


def slugify(name: str) -> str:
    """A readable, stable IRI segment: lower-case letters and digits joined by hyphens.

    Accents are folded ("Zürich" -> "zurich"); letters of other scripts are kept
    ("東京 Robotics" -> "東京-robotics"), so distinct names keep distinct IRIs.
    """
    folded = "".join(ch for ch in unicodedata.normalize("NFKD", name) if not unicodedata.combining(ch))
    slug = re.sub(r"[\W_]+", "-", unicodedata.normalize("NFC", folded).lower()).strip("-")
    return slug or "x" + hashlib.sha256(name.encode()).hexdigest()[:12]


def entity_iri(cls: str, name: str) -> URIRef:
    """Same canonical name and class, same IRI, in every build."""
    return ID[f"{cls.lower()}/{slugify(name)}"]


def article_iri(sha256: str) -> URIRef:
    """Articles are identified by their content, so the same text twice is one article."""
    return ID[f"article/{sha256[:20]}"]


def evidence_iri(*parts: object) -> URIRef:
    """A stable IRI for one fact's evidence in one sentence."""
    digest = hashlib.sha256("\x1f".join(map(str, parts)).encode("utf-8")).hexdigest()
    return ID[f"evidence/{digest[:20]}"]
