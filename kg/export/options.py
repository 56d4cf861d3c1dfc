"""What a graph format shows: the view and its filters (``kg export --view --min-weight --types --since --until``).

Kept apart from ``kg.export.views`` so that the exporter registry can name the options without
importing the views, which import the RDF writers.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Iterable

from kg.errors import UsageError
from kg.models import ENTITY_CLASSES

#: entities: a node per entity, an edge per fact; events: deals, hirings, launches... as nodes with
#: role edges to their parties; full: the events view and the articles, with edges to what they mention.
VIEWS = ("entities", "events", "full")


@dataclass(frozen=True)
class ViewOptions:
    """Which graph a graph format writes and what it leaves out; the defaults are what ``kg build`` writes.

    ``types`` keeps entities of these classes only (local names: Organization, Person, Place, Product);
    ``since`` and ``until`` keep what articles dated within them state (both inclusive; undated
    articles then count for nothing); ``min_weight`` keeps edges with at least that many
    supporting sentences, and drops the nodes it leaves without edges.
    """

    view: str = "entities"
    min_weight: int | None = None
    types: frozenset[str] | None = None
    since: date | None = None
    until: date | None = None

    def __post_init__(self) -> None:
        if self.view not in VIEWS:
            raise UsageError(f"unknown view {self.view!r}; choose from: {', '.join(VIEWS)}")
        if self.min_weight is not None and self.min_weight < 1:
            raise UsageError(f"the minimum weight must be 1 or more, not {self.min_weight}")
        if self.types is not None:
            object.__setattr__(self, "types", frozenset(entity_class(name) for name in self.types))
        if self.since and self.until and self.since > self.until:
            raise UsageError(f"since ({self.since}) is after until ({self.until})")

    @property
    def dated(self) -> bool:
        """Whether only dated articles count (a --since or --until was given)."""
        return self.since is not None or self.until is not None

    def covers(self, day: date | None) -> bool:
        """Whether an article of this date counts: any article without a window, else a dated one inside it."""
        if not self.dated:
            return True
        return day is not None and (self.since is None or day >= self.since) and (self.until is None or day <= self.until)


def entity_class(name: str) -> str:
    """An entity class by its local name, in any case ("person" -> "Person")."""
    for cls in ENTITY_CLASSES:
        if cls.lower() == name.strip().lower():
            return cls
    raise UsageError(f"unknown entity class {name!r}; choose from: {', '.join(ENTITY_CLASSES)}")


def parse_day(text: str, what: str = "date") -> date:
    """An ISO 8601 date, or the day of an ISO date and time ("2024-03-15", "2024-03-15T09:30:00Z")."""
    value = text.strip()
    try:
        if len(value) == 10:
            return date.fromisoformat(value)
        return datetime.fromisoformat(value.replace("Z", "+00:00")).date()
    except ValueError:
        raise UsageError(f"{what} {text!r} is not an ISO date (YYYY-MM-DD)") from None


def view_options(view: str | None = None, min_weight: int | None = None, types: Iterable[str] | None = None,
                 since: str | None = None, until: str | None = None) -> ViewOptions | None:
    """Options from command-line text, or None when none was given (so an RDF format can refuse them)."""
    if view is None and min_weight is None and not types and since is None and until is None:
        return None
    return ViewOptions(view or "entities", min_weight, frozenset(types) if types else None,
                       parse_day(since, "--since") if since is not None else None,
                       parse_day(until, "--until") if until is not None else None)
