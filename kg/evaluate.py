"""``evaluate``: precision, recall and F1 of the whole pipeline on labelled relations.

The dataset is JSON Lines (``text``, ``entities`` with character offsets,
``relations`` between entity indexes; see ../shared/eval/README.md). A mapping
file says which kg properties state each of the dataset's relation types. Every
text runs through the same pipeline as ``kg build`` (parse, extract, resolve,
ontology checks); the facts it keeps are compared with the gold relations:
strictly (both mention spans exact) and leniently (each span contains the other).

Where the dataset made one name of what kg reads as two ("Fort Scott , Kan."), it says
nothing of the parts: a prediction between two parts of one gold entity, and a second
prediction of a gold relation already matched through another part, are not judged. The
report counts such predictions.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Iterable

from kg.errors import InputError, KgError
from kg.extract import analyse, get_extractors
from kg.extract.classifier import use_relation_model
from kg.ingest.normalize import normalize_text
from kg.learn.marked import declared_relations, load_marked
from kg.models import Article
from kg.nlp import load_model, model_name, parse
from kg.resolve import resolve
from kg.schema import symmetric_properties
from kg.store import asserts_fact, resolved_facts
from kg.vocab import KG

Span = tuple[int, int]


@dataclass(frozen=True)
class Labelled:
    """One relation, gold or predicted: where its two mentions are, and its dataset type."""

    example: str
    head: Span
    tail: Span
    type: str
    confidence: float = 1.0


@dataclass(frozen=True)
class Mapping:
    """Which kg properties state each relation type of a dataset."""

    name: str
    relations: dict[str, tuple[str, ...]]  # in order of preference
    symmetric: frozenset[str] = frozenset()

    def types_of(self, predicate: str) -> list[str]:
        return [kind for kind, properties in self.relations.items() if predicate in properties]


@dataclass
class Scores:
    gold: int = 0
    predicted: int = 0
    correct: int = 0

    @property
    def precision(self) -> float:
        return self.correct / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.correct / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class EvalReport:
    """Scores per relation type and micro-averaged, strict and lenient, and the worst errors."""

    dataset: str
    mapping: str
    model: str
    texts: int
    strict: dict[str, Scores] = field(default_factory=dict)
    lenient: dict[str, Scores] = field(default_factory=dict)
    false_positives: list[tuple[Labelled, str]] = field(default_factory=list)  # (prediction, text)
    false_negatives: list[tuple[Labelled, str]] = field(default_factory=list)
    unjudged: int = 0  # lenient predictions not judged (see the module's docstring)

    @staticmethod
    def micro(scores: dict[str, Scores]) -> Scores:
        total = Scores()
        for each in scores.values():
            total.gold += each.gold
            total.predicted += each.predicted
            total.correct += each.correct
        return total


def load_mapping(name_or_path: str | Path) -> Mapping:
    """A mapping by path, or by name from kg/data/mappings (``conll04``, ``fire``)."""
    path = Path(name_or_path)
    try:
        if path.suffix == ".json" and path.exists():
            data = json.loads(path.read_text(encoding="utf-8"))
        else:
            data = json.loads(resources.files("kg.data").joinpath("mappings", f"{name_or_path}.json").read_text(encoding="utf-8"))
    except FileNotFoundError:
        known = sorted(p.name.removesuffix(".json") for p in resources.files("kg.data").joinpath("mappings").iterdir())
        raise KgError(f"no mapping {str(name_or_path)!r}; give a .json file or one of: {', '.join(known)}") from None
    except json.JSONDecodeError as error:
        raise KgError(f"{name_or_path}: invalid JSON: {error}") from error
    relations = {}
    for kind, properties in data.get("relations", {}).items():
        for name in properties:
            try:
                KG[name]
            except AttributeError:
                raise KgError(f"mapping {name_or_path}: {name!r} is not a property of the kg ontology") from None
        relations[kind] = tuple(properties)
    return Mapping(data.get("dataset", str(name_or_path)), relations, frozenset(data.get("symmetric", [])))


def mapping_for(dataset: Path) -> str:
    """The built-in mapping a dataset's file name points to (conll04_dev.jsonl -> conll04)."""
    if dataset.suffix == ".txt":
        return "kg"  # hand-marked sentences are labelled with kg's own properties
    stem = dataset.name.lower()
    for name in ("conll04", "fire"):
        if stem.startswith(name):
            return name
    raise KgError(f"{dataset}: cannot tell which mapping to use; pass --map FILE")


def dataset_mapping(dataset: Path, mapping: str | Path | None = None) -> Mapping:
    """The mapping to score or train ``dataset`` with: the one given, else the one a marked-up
    file declares (``# relations: ...``: each property is itself), else the built-in one its name points to."""
    if mapping is None and dataset.suffix == ".txt" and dataset.is_file():
        declared = declared_relations(dataset)
        if declared:
            return Mapping(f"kg ({dataset.name})", {name: (name,) for name in declared},
                           symmetric_properties() & frozenset(declared))
    return load_mapping(mapping or mapping_for(dataset))


def load_examples(path: Path) -> list[dict]:
    """Labelled texts of a JSON Lines dataset, or of a file of hand-marked sentences (``.txt``, kg.learn.marked)."""
    if path.suffix == ".txt":
        if not path.is_file():
            raise InputError(str(path), "no such file")
        return load_marked(path)
    return load_dataset(path)


def load_dataset(path: Path) -> list[dict]:
    """The labelled texts of a JSON Lines file."""
    if not path.is_file():
        raise InputError(str(path), "no such file")
    examples = []
    for number, line in enumerate(path.read_text(encoding="utf-8").split("\n"), 1):
        if not line.strip():
            continue
        try:
            example = json.loads(line)
            example["text"], example["entities"], example["relations"]  # noqa: B018 - required keys
        except (json.JSONDecodeError, KeyError, TypeError) as error:
            raise InputError(f"{path}:{number}", f"not a labelled example ({error})") from error
        examples.append(example)
    return examples


def evaluate(dataset: str | Path, mapping: str | Path | None = None, *, model: str | None = None,
             batch_size: int = 256, extractors: Iterable[str] | None = None, worst: int = 10,
             relation_model: str | Path | None = None) -> EvalReport:
    """Run the pipeline over a labelled dataset and score it against the gold relations."""
    use_relation_model(relation_model)
    dataset = Path(dataset)
    chosen_mapping = dataset_mapping(dataset, mapping)
    examples = load_examples(dataset)
    nlp = load_model(model)
    chosen = get_extractors(extractors)

    articles = [Article(text=_aligned(example["text"]), title=None, identifier=str(example.get("id", i)), source=str(dataset))
                for i, example in enumerate(examples)]
    analyses = [analyse(doc, article, chosen) for doc, article in parse(nlp, articles, batch_size=batch_size)]
    resolution = resolve(analyses)

    gold = [Labelled(str(example.get("id", i)), _span(example["entities"][rel["head"]]),
                     _span(example["entities"][rel["tail"]]), rel["type"])
            for i, example in enumerate(examples) for rel in example["relations"] if rel["type"] in chosen_mapping.relations]
    predicted = []
    for analysis in analyses:
        facts, _ = resolved_facts(analysis, resolution)
        for _, relation, tail in facts:
            if tail is None or not asserts_fact(relation.predicate, relation.evidence.qualifiers):
                continue  # a layoff (its object is an event), or a hedged statement: not a stated relation
            for kind in chosen_mapping.types_of(relation.predicate):
                predicted.append(Labelled(analysis.article.identifier, (relation.subject.start, relation.subject.end),
                                          (relation.object.start, relation.object.end), kind, relation.evidence.confidence))
    predicted = _one_per_relation(predicted)

    texts = {a.identifier: a.text for a in articles}
    report = EvalReport(str(dataset), chosen_mapping.name, model_name(nlp), len(examples))
    entities = {str(example.get("id", i)): [_span(entity) for entity in example["entities"]]
                for i, example in enumerate(examples)}
    for mode, same_span in (("strict", _exact), ("lenient", _contains)):
        scores, missed, wrong = _score(gold, predicted, chosen_mapping, same_span, entities)
        setattr(report, mode, scores)
        if mode == "lenient":
            report.unjudged = len(predicted) - sum(each.predicted for each in scores.values())
            report.false_positives = [(p, texts[p.example]) for p in sorted(wrong, key=lambda p: -p.confidence)[:worst]]
            report.false_negatives = [(g, texts[g.example]) for g in missed[:worst]]
    return report


def _one_per_relation(predicted: list[Labelled]) -> list[Labelled]:
    """One prediction per pair of spans and dataset type, the most confident: "GE spokesman X" states
    spokespersonFor and worksFor, both Work_For, and is one prediction, not one right and one wrong."""
    best: dict[tuple, Labelled] = {}
    for p in predicted:
        key = (p.example, p.head, p.tail, p.type)
        if key not in best or p.confidence > best[key].confidence:
            best[key] = p
    return list(best.values())


def _aligned(text: str) -> str:
    """The normalised text when normalising keeps every offset (curly quotes), else the text as given."""
    normal = normalize_text(text)
    return normal if len(normal) == len(text) else text


def _span(entity: dict) -> Span:
    return entity["start"], entity["end"]


def _exact(a: Span, b: Span) -> bool:
    return a == b


def _contains(a: Span, b: Span) -> bool:
    return _within(a, b) or _within(b, a)


def _score(gold: list[Labelled], predicted: list[Labelled], mapping: Mapping, same_span,
           entities: dict[str, list[Span]] | None = None) -> tuple[dict[str, Scores], list[Labelled], list[Labelled]]:
    """Match predictions to gold one to one; return scores per type, missed gold and wrong predictions.
    Not judged at all: a second prediction of a gold relation already matched ("born in Fort Scott"
    and "born in Kan." for the gold "Fort Scott , Kan."), and one inside one of the example's gold
    ``entities``."""
    scores = {kind: Scores() for kind in mapping.relations}
    for g in gold:
        scores[g.type].gold += 1
    by_key: dict[tuple[str, str], list[Labelled]] = {}
    for g in gold:
        by_key.setdefault((g.example, g.type), []).append(g)
    used: set[int] = set()
    wrong = []
    for p in sorted(predicted, key=lambda p: -p.confidence):
        candidates = [g for g in by_key.get((p.example, p.type), []) if _matches(p, g, mapping, same_span)]
        match = next((g for g in candidates if id(g) not in used), None)
        if match is None and (candidates or _inside_one_entity(p, (entities or {}).get(p.example, []))):
            continue  # the same gold relation again, through other parts of its names; or one name's parts
        scores[p.type].predicted += 1
        if match is None:
            wrong.append(p)
        else:
            used.add(id(match))
            scores[p.type].correct += 1
    missed = [g for g in gold if id(g) not in used]
    return scores, missed, wrong


def _inside_one_entity(p: Labelled, entities: list[Span]) -> bool:
    return any(_within(p.head, entity) and _within(p.tail, entity) for entity in entities)


def _within(inner: Span, outer: Span) -> bool:
    return outer[0] <= inner[0] and inner[1] <= outer[1]


def _matches(p: Labelled, g: Labelled, mapping: Mapping, same_span) -> bool:
    if same_span(p.head, g.head) and same_span(p.tail, g.tail):
        return True
    return g.type in mapping.symmetric and same_span(p.head, g.tail) and same_span(p.tail, g.head)


def format_report(report: EvalReport) -> str:
    """The report as a plain-text table with the worst errors below it."""
    lines = [f"{report.dataset}: {report.texts} texts, mapping {report.mapping}, model {report.model}"]
    if report.unjudged:
        lines.append(f"not judged: {report.unjudged} predictions between or through parts of one gold entity")
    lines.append("")
    header = f"{'relation':<16}{'gold':>6}{'pred':>6}   {'strict P':>8}{'R':>7}{'F1':>7}   {'lenient P':>9}{'R':>7}{'F1':>7}"
    lines += [header, "-" * len(header)]
    rows = list(report.strict) + ["micro"]
    for kind in rows:
        strict = report.micro(report.strict) if kind == "micro" else report.strict[kind]
        lenient = report.micro(report.lenient) if kind == "micro" else report.lenient[kind]
        lines.append(f"{kind:<16}{strict.gold:>6}{strict.predicted:>6}   {strict.precision:>8.3f}{strict.recall:>7.3f}"
                     f"{strict.f1:>7.3f}   {lenient.precision:>9.3f}{lenient.recall:>7.3f}{lenient.f1:>7.3f}")
    for title, errors in (("false positives (most confident first)", report.false_positives),
                          ("false negatives", report.false_negatives)):
        if errors:
            lines += ["", f"worst {title}:"]
            for item, text in errors:
                head, tail = text[item.head[0]:item.head[1]], text[item.tail[0]:item.tail[1]]
                lines.append(f"  {item.type}({head} -> {tail})  [{item.example}] {_excerpt(text, item)}")
    return "\n".join(lines) + "\n"


def _excerpt(text: str, item: Labelled, width: int = 110) -> str:
    start = max(0, min(item.head[0], item.tail[0]) - 20)
    piece = " ".join(text[start:start + width].split())
    return ("…" if start else "") + piece + ("…" if start + width < len(text) else "")
