"""Training the relation classifier on labelled data (``kg train``).

Candidates are made exactly as at build time: kg's own mentions, every ordered
pair in a sentence, with the classes a build would see. A candidate takes the
gold relation whose two mentions it covers (leniently, as ``kg eval`` scores),
mapped to the first kg property of the mapping whose domain and range fit the
classes; all other pairs are negatives, but only for the relations their
dataset labels (several datasets can be pooled: FIRE and kg's own marked-up
sentences). Training is Adagrad on the softmax loss; the decision threshold is
chosen by five-fold cross-validation for a target precision, then the model is
refitted on everything.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np

import kg
from kg.evaluate import (
    Mapping,
    _aligned,
    _contains,
    dataset_mapping,
    load_examples,
)
from kg.errors import KgError
from kg.extract.entities import find_mentions
from kg.extract.names import article_classes
from kg.learn.features import candidate_pairs, pair_features
from kg.learn.model import NONE, RelationModel, feature_ids
from kg.models import Article, Mention
from kg.nlp import load_model, model_name, parse
from kg.schema import fits

Gold = tuple[tuple[int, int], tuple[int, int], str]  # head span, tail span, dataset type


@dataclass
class Candidate:
    features: np.ndarray  # hashed feature ids
    label: int
    example: int
    annotated: frozenset[str]  # the kg properties its dataset labels: silence means "not these", nothing more
    classes: tuple[str, str]  # of its two mentions, which rule some labels out at build time


@dataclass
class TrainReport:
    examples: int
    candidates: int
    positives: int
    gold: int
    reachable: int  # gold relations some candidate covers
    threshold: float
    held_out_precision: float
    held_out_recall: float


def label_of(head: Mention, tail: Mention, gold: list[Gold], mapping: Mapping,
             classes: tuple[str, str] | None = None) -> tuple[str, int | None]:
    """The kg property a gold relation gives to the pair ``head -> tail`` (NONE if none), and which gold it is;
    ``classes`` are the pair's classes as a build sees them (by default the mentions' own)."""
    head_class, tail_class = classes or (head.cls, tail.cls)
    for number, (head_span, tail_span, kind) in enumerate(gold):
        forward = _contains((head.start, head.end), head_span) and _contains((tail.start, tail.end), tail_span)
        backward = kind in mapping.symmetric and _contains((head.start, head.end), tail_span) and _contains((tail.start, tail.end), head_span)
        if forward or backward:
            properties = mapping.relations[kind]  # in the mapping's order of preference
            fitting = [prop for prop in properties if fits(prop, head_class, tail_class)]
            return (fitting or properties)[0], number  # a misclassed mention still teaches the wording
    return NONE, None


def training_files(paths: list[Path]) -> list[Path]:
    """The files named, with folders opened to the ``.jsonl`` and ``.txt`` files in them."""
    files = []
    for path in paths:
        if path.is_dir():
            files += sorted(p for p in path.iterdir() if p.suffix in (".jsonl", ".txt"))
        else:
            files.append(path)
    if not files:
        raise KgError(f"no labelled files in {', '.join(map(str, paths))}")
    return files


def collect(dataset: Path, mapping: Mapping, nlp, labels: list[str], dims: int, batch_size: int = 256,
            first_number: int = 0) -> tuple[list[Candidate], int, set]:
    """Candidates of every labelled text; also the gold count and the gold relations covered.
    Texts are numbered from ``first_number`` so that several datasets can be pooled."""
    examples = load_examples(dataset)
    articles = [Article(text=_aligned(e["text"]), title=None, identifier=str(first_number + i), source=str(dataset))
                for i, e in enumerate(examples)]
    out: list[Candidate] = []
    gold_total, covered = 0, set()
    annotated = frozenset(prop for properties in mapping.relations.values() for prop in properties)
    for (doc, article), example in zip(parse(nlp, articles, batch_size=batch_size), examples):
        number = int(article.identifier)
        ents = example["entities"]
        gold = [((ents[r["head"]]["start"], ents[r["head"]]["end"]), (ents[r["tail"]]["start"], ents[r["tail"]]["end"]), r["type"])
                for r in example["relations"] if r["type"] in mapping.relations]
        gold_total += len(gold)
        mentions = find_mentions(doc)
        voted = article_classes(mentions)  # the classes a build's extractors see (SentenceView.cls)
        for sentence in doc.sents:
            inside = [m for m in mentions if sentence.start_char <= m.start < sentence.end_char]
            for head, tail in candidate_pairs(inside):
                classes = (voted.get(head.text, head.cls), voted.get(tail.text, tail.cls))
                label, which = label_of(head, tail, gold, mapping, classes)
                if label != NONE:
                    covered.add((number, which))
                    if label not in labels:
                        labels.append(label)
                out.append(Candidate(feature_ids(pair_features(sentence, head, tail), dims), labels.index(label), number,
                                     annotated, classes))
    return out, gold_total, covered


def possible_labels(candidates: list[Candidate], labels: list[str]) -> np.ndarray:
    """For each candidate, which labels its annotation allows: its own when it has one; otherwise
    no relation, or any relation its dataset does not label (FIRE says nothing of where people
    live, so a person and a place in FIRE are not taught as unrelated)."""
    allowed = np.zeros((len(candidates), len(labels)), dtype=bool)
    for n, candidate in enumerate(candidates):
        if candidate.label:
            allowed[n, candidate.label] = True
        else:
            allowed[n] = [index == 0 or label not in candidate.annotated for index, label in enumerate(labels)]
    return allowed


def fit(candidates: list[Candidate], n_labels: int, dims: int, epochs: int = 8, rate: float = 0.05, seed: int = 0,
        allowed: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Weights and bias of a softmax regression, by Adagrad over shuffled candidates. The loss is
    that of the labels each candidate ``allowed`` together (one label: the usual softmax loss)."""
    weights = np.zeros((dims, n_labels))
    bias = np.zeros(n_labels)
    squared = np.full((dims, n_labels), 1e-8)
    bias_squared = np.full(n_labels, 1e-8)
    order = np.arange(len(candidates))
    rng = np.random.default_rng(seed)
    for _ in range(epochs):
        rng.shuffle(order)
        for n in order:
            candidate = candidates[n]
            ids = candidate.features
            scores = bias + weights[ids].sum(axis=0)
            scores -= scores.max()
            probs = np.exp(scores)
            probs /= probs.sum()
            if allowed is None:
                probs[candidate.label] -= 1.0  # gradient of the loss with respect to the scores
            else:
                target = np.where(allowed[n], probs, 0.0)
                probs -= target / target.sum()
            np.add.at(squared, ids, probs * probs)
            np.add.at(weights, ids, -rate * probs / np.sqrt(squared[ids]))
            bias_squared += probs * probs
            bias -= rate * probs / np.sqrt(bias_squared)
    return weights, bias


def to_model(weights: np.ndarray, bias: np.ndarray, labels: list[str], threshold: float, info: dict) -> RelationModel:
    used = np.flatnonzero(np.abs(weights).max(axis=1) > 1e-4)
    return RelationModel(tuple(labels), weights.shape[0], {int(i): weights[i].copy() for i in used}, bias, threshold, info)


def held_out_scores(candidates: list[Candidate], labels: list[str], dims: int, epochs: int, seed: int,
                    folds: int = 5) -> list[tuple[float, bool, bool]]:
    """(best relation probability, right?, gold relation?) for each candidate, from models that did
    not see its text; a guess of a relation its dataset does not label cannot be judged and is left out."""
    allowed = possible_labels(candidates, labels)
    scored = []
    for fold in range(folds):
        train_on = [n for n, c in enumerate(candidates) if c.example % folds != fold]
        weights, bias = fit([candidates[n] for n in train_on], len(labels), dims, epochs, seed=seed, allowed=allowed[train_on])
        model = to_model(weights, bias, [NONE] * len(labels), 0.5, {})
        for c in (c for c in candidates if c.example % folds == fold):
            probs = model.probabilities_of_ids(c.features)
            probs[[n for n, label in enumerate(labels) if n and not fits(label, *c.classes)]] = 0.0  # as at build time
            probs /= probs.sum()
            probs[0] = 0.0
            best = int(probs.argmax())
            if c.label == 0 and labels[best] not in c.annotated:
                continue
            scored.append((float(probs[best]), best == c.label and c.label != 0, c.label != 0))
    return scored


def choose_threshold(scored: list[tuple[float, bool, bool]], precision: float) -> tuple[float, float, float]:
    """The threshold with the best F1 among those that reach ``precision``; with its precision and recall."""
    positives = sum(gold for _, _, gold in scored) or 1
    best = (0.5, 0.0, 0.0, -1.0)
    for threshold in np.arange(0.2, 0.96, 0.025):
        chosen = [right for p, right, _ in scored if p >= threshold]
        if not chosen:
            continue
        p, r = sum(chosen) / len(chosen), sum(chosen) / positives
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        if p >= precision and f1 > best[3]:
            best = (round(float(threshold), 3), p, r, f1)
    return best[0], best[1], best[2]


def train(datasets: str | Path | list[str | Path], mapping: str | Path | None = None, *, model: str | None = None,
          precision: float = 0.75, dims: int = 2 ** 18, epochs: int = 8, batch_size: int = 256,
          seed: int = 0) -> tuple[RelationModel, TrainReport]:
    """Train a relation model on labelled datasets pooled together; pick its threshold by cross-validation.
    ``mapping`` applies to every dataset; by default each file's name chooses its own."""
    files = training_files([Path(d) for d in (datasets if isinstance(datasets, list) else [datasets])])
    nlp = load_model(model)
    labels = [NONE]
    candidates, gold, covered, mappings = [], 0, set(), []
    for dataset in files:
        chosen_mapping = dataset_mapping(dataset, mapping)
        mappings.append(chosen_mapping.name)
        first = 1 + max((c.example for c in candidates), default=-1)
        found, its_gold, its_covered = collect(dataset, chosen_mapping, nlp, labels, dims, batch_size, first)
        candidates += found
        gold += its_gold
        covered |= its_covered
    threshold, p, r = choose_threshold(held_out_scores(candidates, labels, dims, epochs, seed), precision)
    weights, bias = fit(candidates, len(labels), dims, epochs, seed=seed, allowed=possible_labels(candidates, labels))
    info = {"trained_on": ", ".join(f.name for f in files), "mapping": ", ".join(dict.fromkeys(mappings)),
            "spacy_model": model_name(nlp), "kg_version": kg.__version__, "date": date.today().isoformat(),
            "target_precision": precision, "epochs": epochs}
    report = TrainReport(len({c.example for c in candidates}), len(candidates), sum(c.label != 0 for c in candidates),
                         gold, len(covered), threshold, p, r)
    return to_model(weights, bias, labels, threshold, info), report
