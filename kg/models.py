"""Typed records passed between the stages of a build.

Every record is immutable and carries its provenance, so a fact can be traced
back to the sentence and article it came from without side channels.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
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
