"""``doctor``: can this environment build? The library call behind ``kg doctor``.

Each check is a small function registered with ``@register_check("name")`` that looks
at one thing (the Python version, the spaCy model, the exports folder, ...) and says
``ok``, ``warn`` or ``fail``, with what to do about a failure. ``doctor()`` runs them in
the order registered and returns typed results; a check that raises is itself a failure,
so one broken part never hides the others. Adding a check is one function here.
"""

from __future__ import annotations

import platform
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Literal

import networkx
import rdflib
import spacy
from rdflib import OWL, RDF
from rdflib.namespace import SH

from kg import __version__
from kg.errors import KgError
from kg.nlp import INSTALL_HINT, load_model, model_name

Status = Literal["ok", "warn", "fail"]
#: The oldest Python kg runs on (pyproject.toml: requires-python).
MIN_PYTHON = (3, 10)
#: What kg's extractors read from a spaCy pipeline.
NEEDED_PIPES = ("tagger", "parser", "ner")


@dataclass(frozen=True)
class Settings:
    """What the checks look at: the exports folder, the spaCy model and relation model a build would use."""

    out: Path = Path("exports")
    model: str | None = None
    relation_model: Path | None = None


@dataclass(frozen=True)
class Outcome:
    """What one check found: ``ok``, ``warn`` or ``fail``, in a line, and how to fix it."""

    status: Status
    detail: str
    fix: str = ""


@dataclass(frozen=True)
class CheckResult:
    """A check's name and outcome, as ``doctor`` reports it."""

    name: str
    status: Status
    detail: str
    fix: str = ""

    @property
    def failed(self) -> bool:
        return self.status == "fail"


Check = Callable[[Settings], Outcome]
CHECKS: dict[str, Check] = {}


def register_check(name: str) -> Callable[[Check], Check]:
    """Register a check under ``name``; checks run in the order registered."""

    def decorate(check: Check) -> Check:
        CHECKS[name] = check
        return check

    return decorate


def doctor(out: str | Path = "exports", model: str | None = None,
           relation_model: str | Path | None = None) -> list[CheckResult]:
    """Run every registered check; a check that raises is reported as failed, with its error."""
    settings = Settings(Path(out), model, Path(relation_model) if relation_model is not None else None)
    results = []
    for name, check in CHECKS.items():
        try:
            outcome = check(settings)
        except Exception as error:  # noqa: BLE001 - the doctor reports what is broken, whatever it is
            outcome = Outcome("fail", f"the check failed: {type(error).__name__}: {error}",
                              "a broken install or a bug: reinstall kg (pip install .) and run kg doctor again")
        results.append(CheckResult(name, outcome.status, outcome.detail, outcome.fix))
    return results


@register_check("python")
def check_python(settings: Settings) -> Outcome:
    needed = ".".join(map(str, MIN_PYTHON))
    if sys.version_info[:2] < MIN_PYTHON:
        return Outcome("fail", f"Python {platform.python_version()}; kg needs {needed} or newer",
                       f"install Python {needed} or newer and reinstall kg in a virtual environment made with it")
    return Outcome("ok", f"Python {platform.python_version()} (kg needs {needed} or newer)")


@register_check("versions")
def check_versions(settings: Settings) -> Outcome:
    return Outcome("ok", f"kg {__version__}, spaCy {spacy.__version__}, rdflib {rdflib.__version__}, "
                         f"networkx {networkx.__version__}")


@register_check("spacy model")
def check_spacy_model(settings: Settings) -> Outcome:
    try:
        nlp = load_model(settings.model)
    except KgError as error:
        return Outcome("fail", str(error), INSTALL_HINT if settings.model is None else
                       f"install the model {settings.model}, or leave out --model to use kg's default")
    wanted = nlp.meta.get("spacy_version", "")
    detail = f"{model_name(nlp)} loads (made for spaCy {wanted or '?'}; spaCy here is {spacy.__version__})"
    missing = [pipe for pipe in NEEDED_PIPES if pipe not in nlp.pipe_names]
    if missing:
        return Outcome("fail", f"{detail}, but it has no {', '.join(missing)}",
                       "use a model with a tagger, parser and named entities, such as en_core_web_sm")
    if wanted and not spacy.util.is_compatible_version(spacy.__version__, wanted):
        return Outcome("warn", detail + ": not a version made for it", f"install a model made for spaCy {spacy.__version__}")
    return Outcome("ok", detail)


@register_check("exports folder")
def check_exports_folder(settings: Settings) -> Outcome:
    out = settings.out
    fix = f"choose another folder with --out, or make {out} writable"
    if out.exists() and not out.is_dir():
        return Outcome("fail", f"{out} is a file, not a folder", fix)
    existing = next(folder for folder in (out, *out.absolute().parents) if folder.exists())
    try:
        with tempfile.TemporaryFile(dir=existing, prefix=".kg-doctor-"):
            pass
    except OSError as error:
        return Outcome("fail", f"cannot write in {existing}: {error.strerror or error}", fix)
    return Outcome("ok", f"{out} is writable" if existing == out else f"{out} does not exist yet and can be made")


@register_check("store")
def check_store(settings: Settings) -> Outcome:
    """The persistent store of the exports folder: readable, and not held by a build."""
    from kg.store.disk import STORE_DIR, DiskStore, StoreError
    from kg.store.lock import is_locked

    folder = settings.out / STORE_DIR
    if not folder.exists():
        return Outcome("ok", f"no store in {folder} yet; kg build makes one")
    try:
        store = DiskStore(folder)
        manifest = store.manifest()
        if store.exists():
            store.open()
    except (StoreError, OSError) as error:
        return Outcome("fail", f"{folder}: {error}", f"delete {folder} and run kg build again")
    if is_locked(folder):
        return Outcome("warn", f"{folder} holds {len(manifest.articles)} article(s) and a build is writing it now",
                       "wait for that build to finish")
    return Outcome("ok", f"{folder} holds {len(manifest.articles)} article(s), unlocked")


@register_check("relation model")
def check_relation_model(settings: Settings) -> Outcome:
    from kg.extract.classifier import load_relation_model
    from kg.schema import fact_properties

    try:
        model = load_relation_model(settings.relation_model)
    except KgError as error:
        return Outcome("fail", str(error), "reinstall kg, or give a model made by kg train with --relation-model")
    which = str(settings.relation_model) if settings.relation_model else "the shipped model"
    known = {str(prop).rsplit("#", 1)[-1] for prop in fact_properties()}
    unknown = [label for label in model.labels[1:] if label not in known]
    if unknown:
        return Outcome("fail", f"{which} predicts relations the ontology lacks: {', '.join(unknown)}",
                       "retrain it with kg train on data mapped to the ontology's properties")
    return Outcome("ok", f"{which} loads: {len(model.labels) - 1} relations, trained on "
                         f"{model.info.get('trained_on', '?')}")


@register_check("ontology")
def check_ontology(settings: Settings) -> Outcome:
    from kg.schema import ontology

    try:
        graph = ontology()
    except Exception as error:  # noqa: BLE001 - any parser error means the same thing here
        return Outcome("fail", f"ontology/kg.ttl does not parse: {error}", "reinstall kg, or undo the edit to ontology/kg.ttl")
    properties = len(set(graph.subjects(RDF.type, OWL.ObjectProperty)))
    return Outcome("ok", f"ontology/kg.ttl parses: {len(graph)} triples, {properties} object properties")


@register_check("shapes")
def check_shapes(settings: Settings) -> Outcome:
    from kg.validate import SHAPES_FILE, shapes

    try:
        graph = shapes()
    except Exception as error:  # noqa: BLE001 - any parser error means the same thing here
        return Outcome("fail", f"ontology/{SHAPES_FILE} does not parse: {error}",
                       f"reinstall kg, or undo the edit to ontology/{SHAPES_FILE}")
    node_shapes = len(set(graph.subjects(RDF.type, SH.NodeShape)))
    return Outcome("ok", f"ontology/{SHAPES_FILE} parses: {node_shapes} node shapes")
