"""Extraction: spaCy Docs in, mentions and relations out.

Each relation extractor is one small module with one function of the shared
signature ``(SentenceView) -> Iterable[Finding]``, registered by name with
``@register_extractor``. ``analyse`` runs the chosen extractors over every
sentence and wraps what they find with evidence.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Callable, Iterable, Mapping

from spacy.tokens import Doc

from kg.errors import UnknownPluginError
from kg.extract.entities import find_mentions
from kg.extract.syntax import SentenceView
from kg.models import Article, ArticleAnalysis, Evidence, Mention, Relation


@dataclass(frozen=True)
class Finding:
    """What an extractor reports for one sentence, before evidence is attached."""

    subject: Mention
    predicate: str
    object: Mention
    confidence: float
    qualifiers: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))


ExtractorFunction = Callable[[SentenceView], Iterable[Finding]]


@dataclass(frozen=True)
class Extractor:
    """A registered extractor: its name, version and the properties it may produce."""

    name: str
    version: int
    predicates: tuple[str, ...]
    function: ExtractorFunction

    @property
    def id(self) -> str:
        """Name and version as recorded in evidence, e.g. ``investment.v1``."""
        return f"{self.name}.v{self.version}"


EXTRACTORS: dict[str, Extractor] = {}


def register_extractor(name: str, *, predicates: Iterable[str], version: int = 1) -> Callable[[ExtractorFunction], ExtractorFunction]:
    """Register an extractor function under ``name``."""

    def decorate(function: ExtractorFunction) -> ExtractorFunction:
        EXTRACTORS[name] = Extractor(name, version, tuple(predicates), function)
        return function

    return decorate


def get_extractors(names: Iterable[str] | None = None) -> list[Extractor]:
    """The extractors called ``names`` (all registered ones when None), in registry order."""
    if names is None:
        return list(EXTRACTORS.values())
    chosen = []
    for name in names:
        if name not in EXTRACTORS:
            raise UnknownPluginError("extractor", name, list(EXTRACTORS))
        chosen.append(EXTRACTORS[name])
    return chosen


def analyse(doc: Doc, article: Article, extractors: Iterable[Extractor]) -> ArticleAnalysis:
    """Mentions and relations of one parsed article; every relation carries its evidence."""
    mentions = find_mentions(doc)
    extractors = list(extractors)
    relations: list[Relation] = []
    seen: set[tuple] = set()
    for sentence in doc.sents:
        inside = [m for m in mentions if sentence.start_char <= m.start < sentence.end_char]
        if len(inside) < 2:
            continue
        view = SentenceView(sentence, inside)
        start, end, text = _trimmed(sentence)
        for extractor in extractors:
            for finding in extractor.function(view):
                key = (finding.subject, finding.predicate, finding.object, start)
                if finding.subject == finding.object or key in seen:
                    continue
                seen.add(key)
                evidence = Evidence(article.sha256, text, start, end, extractor.id,
                                    finding.confidence, finding.qualifiers)
                relations.append(Relation(finding.subject, finding.predicate, finding.object, evidence))
    return ArticleAnalysis(article, tuple(mentions), tuple(relations))


def _trimmed(sentence) -> tuple[int, int, str]:
    """Sentence offsets and text without surrounding space and list bullets."""
    text = sentence.text
    start = sentence.start_char
    stripped = text.lstrip(" \n•·*-–—▪●◦")
    start += len(text) - len(stripped)
    stripped = stripped.rstrip()
    return start, start + len(stripped), stripped


# Extractors register themselves on import.
from kg.extract import acquisition, ceo, corporate, employment, founding, investment, joining, location  # noqa: E402,F401
