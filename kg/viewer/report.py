"""``kg report``: a static overview of a graph, one HTML file with its charts inlined as SVG.

Three charts drawn with matplotlib (an optional dependency, the extra ``report``):
facts per relation, the most connected entities, and events over time by their article's
date. The counts come from ``kg.stats`` and from the events' classes; ``report_data`` is pure
and ``render_report`` only draws and writes, so the numbers are testable without matplotlib.
"""

from __future__ import annotations

import html
import io
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from rdflib import RDF, Dataset
from rdflib.namespace import DCTERMS, PROV

from kg.errors import KgError
from kg.export import write_atomically
from kg.schema import superclasses
from kg.stats import GraphStats, stats
from kg.store import class_label
from kg.viewer.data import CLASS_COLOURS, OTHER_COLOUR, local_name
from kg.vocab import KG

_MONTH = re.compile(r"(\d{4})-(\d{2})")
#: Past this many months, events are counted by year.
_MAX_MONTHS = 48
MISSING_MATPLOTLIB = ('kg report draws its charts with matplotlib, which is not installed: pip install matplotlib '
                      '(or pip install ".[report]" in kg\'s folder)')


@dataclass(frozen=True)
class ReportData:
    """What the report shows: the graph's counts and its events by period and kind."""

    stats: GraphStats
    periods: list[str]  # "2025-03" (or "2025" over long spans), consecutive, oldest first
    events: dict[str, list[int]]  # event kind ("investment") -> count per period
    undated_events: dict[str, int]  # event kind -> events whose article has no date


def report_data(dataset: Dataset, top: int = 15) -> ReportData:
    """Counts for the report of ``dataset`` (queried as the union of its graphs)."""
    dated: Counter = Counter()
    undated: Counter = Counter()
    for event, cls in set(dataset.subject_objects(RDF.type)):
        if str(cls).startswith(str(KG._NS)) and "Event" in superclasses(local_name(cls)) and local_name(cls) != "Event":
            kind = class_label(local_name(cls))
            months = {_month(dataset.value(article, DCTERMS.date)) for article in dataset.objects(event, PROV.wasDerivedFrom)}
            months.discard(None)
            if months:
                dated[(min(months), kind)] += 1
            else:
                undated[kind] += 1
    periods, by_period = _periods(sorted({month for month, _ in dated}))
    kinds = sorted({kind for _, kind in dated})
    events = {kind: [0] * len(periods) for kind in kinds}
    for (month, kind), count in dated.items():
        events[kind][periods.index(by_period[month])] += count
    return ReportData(stats=stats(dataset, top=top), periods=periods, events=events, undated_events=dict(sorted(undated.items())))


def _month(value) -> str | None:
    if value is None:
        return None
    match = _MONTH.match(str(value).strip())
    return f"{match.group(1)}-{match.group(2)}" if match else None


def _periods(months: list[str]) -> tuple[list[str], dict[str, str]]:
    """Consecutive periods from the first month to the last (months, or years over long spans) and each month's period."""
    if not months:
        return [], {}
    (first_year, first_month), (last_year, last_month) = [map(int, m.split("-")) for m in (months[0], months[-1])]
    span = (last_year - first_year) * 12 + last_month - first_month + 1
    if span > _MAX_MONTHS:
        return [str(year) for year in range(first_year, last_year + 1)], {m: m[:4] for m in months}
    periods = [f"{first_year + (first_month - 1 + i) // 12}-{(first_month - 1 + i) % 12 + 1:02d}" for i in range(span)]
    return periods, {m: m for m in months}


def write_report(dataset: Dataset, path: str | Path, title: str = "kg report") -> ReportData:
    """Write the report of ``dataset`` to ``path`` (atomically); return its numbers."""
    data = report_data(dataset)
    page = render_report(data, title).encode("utf-8")
    write_atomically(Path(path), lambda handle: handle.write(page))
    return data


def render_report(data: ReportData, title: str = "kg report") -> str:
    """The report as one HTML page: a summary, three charts (inline SVG) and their numbers as tables."""
    matplotlib = _matplotlib()
    with matplotlib.rc_context(_CHART_STYLE):
        body = "\n".join(_sections(data, title))
    return _PAGE.format(title=_e(title), body=body)


def _sections(data: ReportData, title: str) -> list[str]:
    s = data.stats
    facts = sum(s.properties.values())
    entities = sum(s.classes.values())
    sections = [
        f"<h1>{_e(title)}</h1>",
        f"<p class=meta>{s.articles} articles · {entities} entities · {facts} facts · {s.evidence} evidence sentences</p>",
        _table(["class", "entities"], list(s.classes.items())),
        "<h2>Facts per relation</h2>",
        _facts_chart(s) if s.properties else "<p>No facts.</p>",
        _table(["relation", "facts"], list(s.properties.items()), "the numbers"),
        "<h2>Most connected entities</h2>",
        _entities_chart(s) if s.top_entities else "<p>No facts.</p>",
        _table(["entity", "class", "facts"], s.top_entities, "the numbers"),
        "<h2>Events over time</h2>",
        "<p>Deals, hirings, layoffs, partnerships and launches, counted in the month (or year) of the article that "
        "reports them, whatever their status (a planned or denied deal counts too); an event reported in several "
        "articles counts once per article.</p>",
        _events_chart(data) if data.periods else "<p>No event has an article with a date.</p>",
        _table(["period", *data.events], [(p, *(counts[i] for counts in data.events.values()))
                                          for i, p in enumerate(data.periods)], "the numbers"),
    ]
    if data.undated_events:
        undated = ", ".join(f"{count} {kind}" for kind, count in data.undated_events.items())
        sections.append(f"<p>Not shown, their article has no date: {_e(undated)}.</p>")
    return sections


_PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="generator" content="kg report">
<title>{title}</title>
<style>
body {{ font: 15px/1.45 system-ui, -apple-system, "Segoe UI", "DejaVu Sans", sans-serif; color: #222; max-width: 60rem; margin: 1.5rem auto; padding: 0 1rem; }}
h1 {{ font-size: 1.5rem; }} h2 {{ font-size: 1.2rem; margin-top: 2rem; border-bottom: 1px solid #ddd; }}
.meta {{ color: #666; }}
figure {{ margin: 0.5rem 0; }} figure svg {{ max-width: 100%; height: auto; }}
table {{ border-collapse: collapse; margin: 0.5rem 0; }} summary {{ cursor: pointer; color: #555; }}
td, th {{ padding: 0.1rem 0.8rem 0.1rem 0; text-align: left; }} td.n {{ text-align: right; font-variant-numeric: tabular-nums; }}
</style>
</head>
<body>
{body}
</body>
</html>
"""


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _table(header: list[str], rows: list[tuple], caption: str | None = None) -> str:
    """A table of ``rows``; folded under ``caption`` when given (the numbers behind a chart)."""
    if not rows:
        return ""
    cells = "".join(f"<th>{_e(h)}</th>" for h in header)
    body = "".join("<tr>" + "".join(f"<td class=n>{v}</td>" if isinstance(v, int) else f"<td>{_e(v)}</td>" for v in row)
                   + "</tr>" for row in rows)
    table = f"<table><thead><tr>{cells}</tr></thead><tbody>{body}</tbody></table>"
    return f"<details><summary>{_e(caption)}</summary>{table}</details>" if caption else table


# ---------------------------------------------------------------- charts

#: Names are text, never TeX ("$14.3 billion fund" stays as written); SVG keeps text as (escaped) text,
#: with stable ids so that the same graph gives the same file.
_CHART_STYLE = {"text.parse_math": False, "svg.fonttype": "none", "svg.hashsalt": "kg-report"}


def _matplotlib():
    try:
        import matplotlib
    except ImportError as error:
        raise KgError(MISSING_MATPLOTLIB) from error
    return matplotlib


def _pyplot_free_figure(width: float, height: float):
    """A matplotlib Figure without pyplot's global state (no GUI backend, nothing to close)."""
    from matplotlib.figure import Figure

    return Figure(figsize=(width, height), layout="constrained")


def _svg(figure, description: str) -> str:
    """The figure as inline SVG, without its XML prologue or a creation date."""
    out = io.StringIO()
    figure.savefig(out, format="svg", metadata={"Date": None, "Title": description})
    svg = out.getvalue()
    return f'<figure role="img" aria-label="{_e(description)}">{svg[svg.index("<svg"):]}</figure>'


def _bars(labels: list[str], values: list[int], colours: list[str], xlabel: str):
    figure = _pyplot_free_figure(7.5, 0.6 + 0.28 * len(labels))
    axes = figure.subplots()
    positions = range(len(labels))
    axes.barh(positions, values, color=colours)
    axes.set_yticks(positions, labels)
    axes.invert_yaxis()
    axes.set_xlabel(xlabel)
    axes.xaxis.get_major_locator().set_params(integer=True)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    return figure


def _facts_chart(s: GraphStats) -> str:
    figure = _bars(list(s.properties), list(s.properties.values()), ["#4e79a7"] * len(s.properties), "facts")
    return _svg(figure, "Facts per relation")


def _entities_chart(s: GraphStats) -> str:
    from matplotlib.patches import Patch

    labels = [label for label, _, _ in s.top_entities]
    colours = [CLASS_COLOURS.get(cls, OTHER_COLOUR) for _, cls, _ in s.top_entities]
    figure = _bars(labels, [count for *_, count in s.top_entities], colours, "facts")
    classes = sorted({cls for _, cls, _ in s.top_entities})
    figure.axes[0].legend(handles=[Patch(color=CLASS_COLOURS.get(c, OTHER_COLOUR), label=c) for c in classes],
                          loc="lower right", frameon=False)
    return _svg(figure, "Most connected entities")


def _events_chart(data: ReportData) -> str:
    import matplotlib

    figure = _pyplot_free_figure(7.5, 3.2)
    axes = figure.subplots()
    positions = list(range(len(data.periods)))
    bottom = [0] * len(positions)
    palette = matplotlib.colormaps["tab10"]
    for i, (kind, counts) in enumerate(data.events.items()):
        axes.bar(positions, counts, bottom=bottom, label=kind, color=palette(i % 10))
        bottom = [b + c for b, c in zip(bottom, counts)]
    step = max(1, len(positions) // 12)  # at most about a dozen period labels
    axes.set_xticks(positions[::step], data.periods[::step], rotation=45 if len(positions) > 6 else 0)
    axes.set_ylabel("events")
    axes.yaxis.get_major_locator().set_params(integer=True)
    axes.legend(frameon=False, loc="upper left", bbox_to_anchor=(1, 1))
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    return _svg(figure, "Events over time")
