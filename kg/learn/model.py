"""The relation model: hashed features -> softmax over relation labels.

A plain multinomial logistic regression. It is small (only the rows of
features seen in training are stored), needs nothing beyond numpy at run time,
and its scores are probabilities, so they can serve as evidence confidence.
"""

from __future__ import annotations

import json
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import numpy as np

from kg.errors import KgError

NONE = ""  # the label of a pair that states no relation


def feature_ids(features: list[str], dims: int) -> np.ndarray:
    """Stable hashes of feature strings (crc32, the same in every process)."""
    return np.fromiter((zlib.crc32(f.encode("utf-8")) % dims for f in features), dtype=np.int64, count=len(features))


@dataclass
class RelationModel:
    """Weights of a trained relation classifier, and what it was trained on."""

    labels: tuple[str, ...]  # labels[0] is NONE
    dims: int
    weights: dict[int, np.ndarray]  # feature id -> one weight per label
    bias: np.ndarray
    threshold: float
    info: dict = field(default_factory=dict)

    def probabilities(self, features: list[str]) -> np.ndarray:
        """The probability of each label for one candidate pair."""
        return self.probabilities_of_ids(feature_ids(features, self.dims))

    def probabilities_of_ids(self, ids: np.ndarray) -> np.ndarray:
        """``probabilities`` of features already hashed."""
        scores = self.bias.astype(np.float64).copy()
        for index in ids:
            row = self.weights.get(int(index))
            if row is not None:
                scores += row
        scores -= scores.max()
        exp = np.exp(scores)
        return exp / exp.sum()

    def predict(self, features: list[str], allowed: Callable[[str], bool] | None = None) -> tuple[str, float]:
        """The most likely relation label among the ``allowed`` ones, and its probability given
        that only those (or none) can hold (NONE when no label passes the threshold)."""
        if not features:
            return NONE, 0.0
        probs = self.probabilities(features)
        if allowed is not None:  # what the two names' classes rule out is known: condition on the rest
            probs[[n for n, label in enumerate(self.labels) if n and not allowed(label)]] = 0.0
            probs /= probs.sum()
        probs[0] = 0.0
        best = int(probs.argmax())
        return (self.labels[best], float(probs[best])) if probs[best] >= self.threshold and best else (NONE, float(probs[best]))

    def save(self, path: str | Path) -> None:
        ids = np.array(sorted(self.weights), dtype=np.int64)
        rows = np.stack([self.weights[i] for i in ids]) if len(ids) else np.zeros((0, len(self.labels)))
        np.savez_compressed(path, labels=np.array(self.labels), dims=np.array(self.dims), ids=ids.astype(np.int32),
                            rows=rows.astype(np.float16), bias=self.bias.astype(np.float32),
                            threshold=np.array(self.threshold), info=np.array(json.dumps(self.info, sort_keys=True)))

    @classmethod
    def load(cls, path: str | Path) -> "RelationModel":
        try:
            with np.load(path, allow_pickle=False) as data:
                rows = data["rows"].astype(np.float64)
                weights = {int(i): rows[n] for n, i in enumerate(data["ids"])}
                return cls(tuple(str(x) for x in data["labels"]), int(data["dims"]), weights,
                           data["bias"].astype(np.float64), float(data["threshold"]), json.loads(str(data["info"])))
        except (OSError, KeyError, ValueError) as error:
            raise KgError(f"{path}: not a kg relation model ({error})") from error
