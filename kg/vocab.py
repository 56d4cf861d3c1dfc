"""Namespaces and IRIs.

``KG`` is closed: a misspelt term raises instead of minting a new IRI.
``tests/test_vocab.py`` checks it against ``ontology/kg.ttl``, the source of truth.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

import pyoxigraph
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
    Fact: URIRef

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
    reportsFrom: URIRef
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

    # evidence to its event or membership; facts across articles
    describes: URIRef
    supportedBy: URIRef
    evidenceCount: URIRef

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


# RFC 3987's characters (ucschar, outside the private-use ones, and ASCII's unreserved and reserved) with
# well-formed percent escapes, and no white space: rdflib's N-Quads reader refuses even a no-break space.
_UCSCHAR = ("\u00a0-\ud7ff\uf900-\ufdcf\ufdf0-\uffef"
            + "".join(f"{chr(plane << 16)}-{chr((plane << 16) + 0xfffd)}" for plane in range(1, 14))
            + "\U000e1000-\U000efffd")
_IRI = re.compile(rf"[A-Za-z][A-Za-z0-9+.-]*:(?:[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;={_UCSCHAR}]|%[0-9A-Fa-f]{{2}})*")


def is_iri(text: str) -> bool:
    """Whether ``text`` is an IRI (RFC 3987) that every RDF format writes and reads back: no spaces, quotes,
    "<", ">", backslashes, controls or stray "%" (rdflib), and well formed as Oxigraph parses it (one "#",
    "[" only around a host)."""
    if _IRI.fullmatch(text) is None or any(ch.isspace() for ch in text):
        return False
    try:
        pyoxigraph.NamedNode(text)
    except ValueError:
        return False
    return True


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


#: The named graph of kg:Fact nodes: what the whole build knows about each fact, across articles.
FACTS_GRAPH = ID["graph/facts"]


def minted_iri(kind: str, *parts: object) -> URIRef:
    """A stable IRI under ``id:kind/`` for a node made from ``parts``: same parts, same IRI in every build."""
    digest = hashlib.sha256("\x1f".join(map(str, parts)).encode("utf-8")).hexdigest()
    return ID[f"{kind}/{digest[:20]}"]


def evidence_iri(*parts: object) -> URIRef:
    """A stable IRI for one fact's evidence in one sentence."""
    return minted_iri("evidence", *parts)


def event_iri(article_sha256: str, predicate: str, *participants: object) -> URIRef:
    """One event per article, property and participants: sentences of an article that restate it share it."""
    return minted_iri("event", article_sha256, predicate, *participants)


def membership_iri(article_sha256: str, *parts: object) -> URIRef:
    """One membership per article, holder, organisation, title and status."""
    return minted_iri("membership", article_sha256, *parts)


def fact_iri(subject: object, predicate: object, object_: object) -> URIRef:
    """The fact ``subject predicate object`` across all articles: the same IRI whichever articles state it."""
    return minted_iri("fact", subject, predicate, object_)
