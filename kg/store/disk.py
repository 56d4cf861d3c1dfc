"""The persistent store: Oxigraph on disk, one named graph per article, written whole.

Layout of a store folder (default ``.kg/`` in the output folder)::

    lock                 held by the build writing the store (kg.store.lock)
    analyses.sqlite      each article's analysis (kg.store.cache)
    current              the name of the complete generation, e.g. graph-000004
    graph-000004/
        oxigraph/        the RDF dataset (pyoxigraph, RocksDB)
        manifest.json    the articles in it, the state it was built from, its counts

A build writes a new generation beside the current one and then swaps ``current``
with one atomic rename: a build killed at any point leaves the previous complete
generation in place, and readers never see half a graph. The previous generation is
kept (a reader may still have it open), older ones are removed.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Iterator

import pyoxigraph
from rdflib import Dataset

from kg.errors import KgError
from kg.store.dataset import new_dataset

STORE_DIR = ".kg"
CURRENT = "current"
MANIFEST = "manifest.json"
_GENERATION = re.compile(r"graph-(\d{6})")


class StoreError(KgError):
    """The store folder is missing, empty or unreadable."""


@dataclass(frozen=True)
class StoredArticle:
    """An article in the store: the file it was read from, its identifier there, its content and analysis keys."""

    file: str
    identifier: str
    sha256: str
    key: str  # of its analysis in the cache

    @property
    def place(self) -> tuple[str, str]:
        """Where the article comes from: a file and the identifier within it. A file read again replaces its places."""
        return self.file, self.identifier


@dataclass
class Manifest:
    """What a generation holds and was built from; ``state`` equal means the same graph."""

    articles: list[StoredArticle] = field(default_factory=list)
    state: str = ""
    counts: dict[str, int] = field(default_factory=dict)
    settings: dict = field(default_factory=dict)  # fingerprint, alias table and formats, for `kg remove`

    def to_json(self) -> str:
        return json.dumps(asdict(self), indent=1, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> "Manifest":
        data = json.loads(text)
        return cls([StoredArticle(**a) for a in data["articles"]], data["state"], data["counts"], data.get("settings", {}))


class DiskStore:
    """A store folder: read its manifest and graph, or write a new generation (hold its StoreLock to write)."""

    def __init__(self, folder: str | Path):
        self.folder = Path(folder)

    # reading

    def generation(self) -> Path | None:
        """The folder of the current complete generation, or None for a store never written."""
        try:
            name = (self.folder / CURRENT).read_text(encoding="ascii").strip()
        except FileNotFoundError:
            return None
        path = self.folder / name
        if not _GENERATION.fullmatch(name) or not (path / MANIFEST).is_file():
            raise StoreError(f"{self.folder}: the store is damaged ({CURRENT} names {name!r}); "
                             "delete the folder and build again")
        return path

    def exists(self) -> bool:
        return self.generation() is not None

    def manifest(self) -> Manifest:
        """The current generation's manifest; an empty one for a new store."""
        generation = self.generation()
        if generation is None:
            return Manifest()
        return Manifest.from_json((generation / MANIFEST).read_text(encoding="utf-8"))

    def open(self) -> pyoxigraph.Store:
        """The current graph, read-only (many readers may open it while a build writes the next one)."""
        generation = self.generation()
        if generation is None:
            raise StoreError(f"{self.folder}: no store here; run `kg build` first or pass --store")
        try:
            return pyoxigraph.Store.read_only(str(generation / "oxigraph"))
        except OSError as error:
            raise StoreError(f"{generation}: cannot open the store: {error}") from error

    def nquads(self) -> bytes:
        """Every quad of the current graph as N-Quads, sorted line by line (the same bytes for the same graph)."""
        store = self.open()
        lines = store.dump(format=pyoxigraph.RdfFormat.N_QUADS).splitlines(keepends=True)
        del store
        lines.sort()
        return b"".join(lines)

    def dataset(self) -> Dataset:
        """The current graph as an rdflib Dataset (for the exporters and SHACL), quads added in sorted order."""
        dataset = new_dataset()
        data = self.nquads()
        if data:
            dataset.parse(data=data, format="nquads")
        return dataset

    # writing

    def write(self, nquads: bytes, manifest: Manifest) -> Path:
        """Write a new generation holding ``nquads`` and make it current; return its folder."""
        self.folder.mkdir(parents=True, exist_ok=True)
        current = self.generation()
        number = int(_GENERATION.fullmatch(current.name).group(1)) + 1 if current else 1
        target = self.folder / f"graph-{number:06d}"
        shutil.rmtree(target, ignore_errors=True)  # left by a build killed while writing it
        target.mkdir()
        store = pyoxigraph.Store(str(target / "oxigraph"))
        if nquads:
            store.bulk_load(input=nquads, format=pyoxigraph.RdfFormat.N_QUADS)
        store.flush()
        del store
        _write_durably(target / MANIFEST, manifest.to_json().encode("utf-8"))
        _write_durably(self.folder / CURRENT, target.name.encode("ascii"))
        self._remove_old(keep={target.name, current.name if current else ""})
        return target

    def _remove_old(self, keep: set[str]) -> None:
        for path in self._generations():
            if path.name not in keep:
                shutil.rmtree(path, ignore_errors=True)

    def _generations(self) -> Iterator[Path]:
        if self.folder.is_dir():
            yield from (p for p in sorted(self.folder.iterdir()) if p.is_dir() and _GENERATION.fullmatch(p.name))


def _write_durably(path: Path, data: bytes) -> None:
    """Write through a temporary file, fsync it, rename it into place and fsync the folder."""
    temporary = path.with_name(f".{path.name}.tmp")
    with open(temporary, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, path)
    folder = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(folder)
    finally:
        os.close(folder)
