"""Typed records passed between the stages of a build.

Every record is immutable and carries its provenance, so a fact can be traced
back to the sentence and article it came from without side channels.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from decimal import Decimal
from types import MappingProxyType
from typing import Any, Mapping

#: Entity classes of the ontology that NER labels map to.
ENTITY_CLASSES = ("Organization", "Person", "Place", "Product")


@dataclass(frozen=True)
class Article:
    """One news article, its text already normalised (see kg.ingest.normalize).

    ``text`` holds the title line and the body as read; character offsets in
    evidence refer to it. ``identifier`` is the JSON ``id``, the path relative to
    the input root, or the URL.
    """

    text: str
    title: str | None
    identifier: str
    source: str
    date: str | None = None
    metadata: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))

    @property
    def sha256(self) -> str:
        """Content identity: the same normalised text is the same article."""
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Mention:
    """A name in an article, with its character span in ``Article.text``."""

    text: str
    start: int
    end: int
    cls: str  # one of ENTITY_CLASSES


@dataclass(frozen=True)
class Evidence:
    """Why we believe a fact: one sentence of one article, and who read it there."""

    article_sha256: str
    sentence: str
    start: int  # sentence offsets in Article.text
    end: int
    extractor: str
    confidence: float
    qualifiers: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))


@dataclass(frozen=True)
class Relation:
    """``subject predicate object`` between two mentions, with its evidence.

    ``predicate`` is the local name of an ontology property (e.g. ``investedIn``).
    ``object`` is None when the property's object is the event the sentence reports
    rather than an entity (``laidOff``: the organisation's kg:Layoff, which the store
    makes from the evidence's qualifiers such as ``headcount`` and ``percentage``).
    """

    subject: Mention
    predicate: str
    object: Mention | None
    evidence: Evidence


@dataclass(frozen=True)
class Entity:
    """A resolved entity: one stable IRI for all mentions of the same thing."""

    iri: str
    cls: str
    label: str
    aliases: frozenset[str] = frozenset()


@dataclass(frozen=True)
class ArticleAnalysis:
    """What extraction found in one article, before resolution across articles."""

    article: Article
    mentions: tuple[Mention, ...]
    relations: tuple[Relation, ...]


# JSON form of an analysis: what the build cache keeps and what worker processes send back.
# Mapping proxies do not pickle and Decimals are not JSON, so values are tagged where JSON is ambiguous.

def analysis_to_json(analysis: ArticleAnalysis) -> dict[str, Any]:
    """A JSON-ready dict that ``analysis_from_json`` turns back into an equal analysis."""
    article = analysis.article
    return {
        "article": {"text": article.text, "title": article.title, "identifier": article.identifier,
                    "source": article.source, "date": article.date,
                    "metadata": {name: _tagged(value) for name, value in article.metadata.items()}},
        "mentions": [_mention_to_json(m) for m in analysis.mentions],
        "relations": [{"subject": _mention_to_json(r.subject), "predicate": r.predicate,
                       "object": None if r.object is None else _mention_to_json(r.object),
                       "evidence": _evidence_to_json(r.evidence)} for r in analysis.relations],
    }


def analysis_from_json(data: Mapping[str, Any]) -> ArticleAnalysis:
    raw = data["article"]
    article = Article(text=raw["text"], title=raw["title"], identifier=raw["identifier"], source=raw["source"],
                      date=raw["date"],
                      metadata=MappingProxyType({name: _untagged(value) for name, value in raw["metadata"].items()}))
    relations = tuple(Relation(Mention(**r["subject"]), r["predicate"],
                               None if r["object"] is None else Mention(**r["object"]),
                               _evidence_from_json(r["evidence"])) for r in data["relations"])
    return ArticleAnalysis(article, tuple(Mention(**m) for m in data["mentions"]), relations)


def _mention_to_json(mention: Mention) -> dict[str, Any]:
    return {"text": mention.text, "start": mention.start, "end": mention.end, "cls": mention.cls}


def _evidence_to_json(evidence: Evidence) -> dict[str, Any]:
    return {"article_sha256": evidence.article_sha256, "sentence": evidence.sentence, "start": evidence.start,
            "end": evidence.end, "extractor": evidence.extractor, "confidence": evidence.confidence,
            "qualifiers": {name: _tagged(value) for name, value in evidence.qualifiers.items()}}


def _evidence_from_json(data: Mapping[str, Any]) -> Evidence:
    qualifiers = MappingProxyType({name: _untagged(value) for name, value in data["qualifiers"].items()})
    return Evidence(data["article_sha256"], data["sentence"], data["start"], data["end"], data["extractor"],
                    data["confidence"], qualifiers)


def _tagged(value: Any) -> Any:
    """Decimals as {"decimal": "14.3"}; plain JSON values as they are, dicts tagged so they cannot be mistaken."""
    if isinstance(value, Decimal):
        return {"decimal": str(value)}
    if isinstance(value, dict):
        return {"dict": {name: _tagged(each) for name, each in value.items()}}
    if isinstance(value, (list, tuple)):
        return [_tagged(each) for each in value]
    return value


def _untagged(value: Any) -> Any:
    if isinstance(value, dict):
        if "decimal" in value:
            return Decimal(value["decimal"])
        return {name: _untagged(each) for name, each in value["dict"].items()}
    if isinstance(value, list):
        return [_untagged(each) for each in value]
    return value
