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

    # entities
    Organization: URIRef
    Person: URIRef
    Place: URIRef
    Product: URIRef
    # evidence, events, roles
    Evidence: URIRef
    Event: URIRef
    InvestmentEvent: URIRef
    FundingRound: URIRef
    Acquisition: URIRef
    Merger: URIRef
    Layoff: URIRef
    Appointment: URIRef
    Hiring: URIRef
    Departure: URIRef
    Partnership: URIRef
    ProductLaunch: URIRef
    Membership: URIRef

    # facts between entities
    investedIn: URIRef
    acquired: URIRef
    sold: URIRef
    mergedWith: URIRef
    founded: URIRef
    worksFor: URIRef
    joined: URIRef
    ceoOf: URIRef
    leads: URIRef
    spokespersonFor: URIRef
    customerOf: URIRef
    partnerOf: URIRef
    endedPartnershipWith: URIRef
    competesWith: URIRef
    subsidiaryOf: URIRef
    partOf: URIRef
    launched: URIRef
    productOf: URIRef
    locatedIn: URIRef
    headquarteredIn: URIRef
    livesIn: URIRef
    bornIn: URIRef

    # entities and events: an organisation's layoff, the participants of an event
    laidOff: URIRef
    participant: URIRef
    investor: URIRef
    investee: URIRef
    acquirer: URIRef
    acquiree: URIRef
    seller: URIRef
    mergingParty: URIRef
    employer: URIRef
    employee: URIRef
    partner: URIRef
    launcher: URIRef
    launchedProduct: URIRef
    eventPlace: URIRef

    # roles
    holder: URIRef
    roleIn: URIRef
    roleTitle: URIRef
    roleStatus: URIRef

    # articles
    sha256: URIRef
    metadata: URIRef

    # evidence
    sentence: URIRef
    startOffset: URIRef
    endOffset: URIRef
    extractor: URIRef
    confidence: URIRef

    # qualifiers of evidence and events
    amount: URIRef
    currency: URIRef
    amountText: URIRef
    stakePercent: URIRef
    headcount: URIRef
    percentage: URIRef
    eventDate: URIRef
    status: URIRef
    roundName: URIRef


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
