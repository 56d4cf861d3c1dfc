"""Who reports from where: the agency of a dateline ("BANGKOK, Thailand (AP)" - the AP filed
from Bangkok, in Thailand) and the outlet of a news monitoring source line ("Moscow INTERFAX in
English": Interfax publishes from Moscow). kg.extract.datelines finds the lines and makes
their mentions; this reads them as ``reportsFrom``, a claim about where the reporting came
from, not about where the agency has its head office."""

from __future__ import annotations

from typing import Iterator

from kg.extract import Finding, register_extractor
from kg.extract.datelines import DATELINES_KEY
from kg.extract.syntax import SentenceView


@register_extractor("dateline", predicates=["reportsFrom"])
def extract_news_sources(view: SentenceView) -> Iterator[Finding]:
    by_span = {(m.start, m.end): m for m in view.mentions}
    for line in view.span.doc.user_data.get(DATELINES_KEY, ()):
        source = by_span.get(line.source)
        for place in (by_span.get(span) for span in line.places):
            if source is not None and place is not None:
                yield Finding(source, "reportsFrom", place, 0.9)
