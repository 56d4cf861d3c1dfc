"""Exports: one registry of formats, each writing a whole dataset to one file.

Adding a format is one module here and one ``@register_exporter``. Files are
written to a temporary name and renamed into place, so an interrupted build
never leaves a half-written export.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Callable, Iterable

from rdflib import Dataset

from kg.errors import UnknownPluginError

Writer = Callable[[Dataset, BinaryIO], None]


@dataclass(frozen=True)
class Exporter:
    """A registered export format and the file name it writes."""

    name: str
    filename: str
    write: Writer


EXPORTERS: dict[str, Exporter] = {}
#: What ``kg build`` writes unless told otherwise.
DEFAULT_FORMATS = ("turtle", "trig", "graphml")


def register_exporter(name: str, filename: str) -> Callable[[Writer], Writer]:
    """Register a writer for format ``name``, written to ``filename`` in the output folder."""

    def decorate(write: Writer) -> Writer:
        EXPORTERS[name] = Exporter(name, filename, write)
        return write

    return decorate


def get_exporter(name: str) -> Exporter:
    if name not in EXPORTERS:
        raise UnknownPluginError("export format", name, list(EXPORTERS))
    return EXPORTERS[name]


def write_atomically(path: Path, write: Callable[[BinaryIO], None]) -> None:
    """Write through a temporary file beside ``path``, then rename it into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle = tempfile.NamedTemporaryFile("wb", dir=path.parent, prefix=f".{path.name}.", suffix=".tmp", delete=False)
    try:
        with handle:
            write(handle)
        os.chmod(handle.name, 0o666 & ~_umask())  # temporary files are private; exports are not
        os.replace(handle.name, path)
    except BaseException:
        Path(handle.name).unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def export(dataset: Dataset, out_dir: str | Path, formats: Iterable[str] = DEFAULT_FORMATS) -> list[Path]:
    """Write ``dataset`` in each format into ``out_dir``; return the paths written."""
    exporters = [get_exporter(name) for name in formats]  # fail before writing anything
    written = []
    for exporter in exporters:
        path = Path(out_dir) / exporter.filename
        write_atomically(path, lambda handle, exporter=exporter: exporter.write(dataset, handle))
        written.append(path)
    return written


# Formats register themselves on import.
from kg.export import graphml, rdf  # noqa: E402,F401
