"""Extraction: spaCy Docs in, mentions and relations out.

Each relation extractor is one small module with one function of the shared
signature ``(SentenceView) -> Iterable[Finding]``, registered by name with
``@register_extractor``. ``analyse`` runs the chosen extractors over every
sentence and wraps what they find with evidence.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import cached_property
from types import MappingProxyType
from typing import Any, Callable, Iterable, Iterator, Mapping

from spacy.tokens import Doc

from kg.errors import UnknownPluginError
from kg.extract.entities import find_mentions
from kg.extract.syntax import SentenceView
from kg.models import Article, ArticleAnalysis, Evidence, Mention, Relation
from kg.schema import event_properties
from kg.vocab import KG


@dataclass(frozen=True)
class Finding:
    """What an extractor reports for one sentence, before evidence is attached.

    ``qualifiers`` are keyed by ontology local names (``amount``, ``currency``, ``headcount``,
    ``roleTitle``, ``status``, ...). ``object`` is None for a property whose object is an event,
    not an entity (``laidOff``: the store makes the kg:Layoff from ``headcount`` and ``percentage``).
    """

    subject: Mention
    predicate: str
    object: Mention | None
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
    fallback: bool = False  # speaks only about mention pairs no other extractor related in the sentence

    @property
    def id(self) -> str:
        """Name and version as recorded in evidence, e.g. ``investment.v1``."""
        return f"{self.name}.v{self.version}"

    @cached_property
    def min_mentions(self) -> int:
        """Mentions a sentence needs for this extractor: two, or one for a property to an event (a layoff).
        Asked for every sentence, so worked out once."""
        events = event_properties()
        return 1 if any(KG[p] in events for p in self.predicates) else 2


EXTRACTORS: dict[str, Extractor] = {}


def register_extractor(name: str, *, predicates: Iterable[str], version: int = 1,
                       fallback: bool = False) -> Callable[[ExtractorFunction], ExtractorFunction]:
    """Register an extractor function under ``name``; a ``fallback`` one runs after the others and
    is ignored on pairs of mentions they already related (rules first, a statistical model after)."""

    def decorate(function: ExtractorFunction) -> ExtractorFunction:
        EXTRACTORS[name] = Extractor(name, version, tuple(predicates), function, fallback)
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
        usable = [extractor for extractor in extractors if len(inside) >= extractor.min_mentions]
        if not usable:
            continue
        nested = [m for m in inside if any(o.start <= m.start and m.end <= o.end and o.end - o.start > m.end - m.start
                                           for o in inside)]
        view = SentenceView(sentence, [m for m in inside if m not in nested], nested=nested)
        start, end, text = _trimmed(sentence)
        related: set[frozenset] = set()  # mention pairs that rule extractors spoke about
        for extractor in sorted(usable, key=lambda e: e.fallback):
            for finding in _with_larger_places(extractor.function(view), view):
                key = (finding.subject, finding.predicate, finding.object, start)
                pair = frozenset((finding.subject, finding.object))
                if finding.subject == finding.object or key in seen or (extractor.fallback and pair in related):
                    continue
                seen.add(key)
                if not extractor.fallback:
                    related.add(pair)
                evidence = Evidence(article.sha256, text, start, end, extractor.id,
                                    finding.confidence, finding.qualifiers)
                relations.append(Relation(finding.subject, finding.predicate, finding.object, evidence))
    return ArticleAnalysis(article, tuple(mentions), tuple(relations))


def _with_larger_places(findings: Iterable[Finding], view: SentenceView) -> Iterator[Finding]:
    """Each finding and, when its place is written with larger places after it, the same finding
    for each of them: who lives in "Troy, Mich." lives in Michigan."""
    regions = None  # read from the sentence when a finding first needs them
    for finding in findings:
        yield finding
        if finding.predicate in location.CARRIED_TO_LARGER_PLACES:
            regions = location.larger_places(view) if regions is None else regions
            for region in regions.get(finding.object, ()):
                yield replace(finding, object=region)


def _trimmed(sentence) -> tuple[int, int, str]:
    """Sentence offsets and text without surrounding space and list bullets."""
    text = sentence.text
    start = sentence.start_char
    stripped = text.lstrip(" \n•·*-–—▪●◦")
    start += len(text) - len(stripped)
    stripped = stripped.rstrip()
    return start, start + len(stripped), stripped


# Extractors register themselves on import.
from kg.extract import acquisition, ceo, competition, corporate, customer, employment, founding, investment, joining, launch, layoff, leadership, location, partnership, products, residence, sources, spokesperson, units  # noqa: E402,F401
from kg.extract import classifier  # noqa: E402,F401  (last: rules first, the model for the rest)
