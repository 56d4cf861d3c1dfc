"""Exports: one registry of formats, each writing a whole dataset to one file.

Adding a format is one module here and one ``@register_exporter``. A graph format
(``views=True``) draws a view of the dataset and takes ``ViewOptions`` as a third
argument; an RDF format writes the whole dataset and refuses view options. Files are
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

from kg.errors import UnknownPluginError, UsageError
from kg.export.options import ViewOptions

#: ``write(dataset, handle)``, or ``write(dataset, handle, options)`` for a graph format.
Writer = Callable[..., None]


@dataclass(frozen=True)
class Exporter:
    """A registered export format, the file name it writes, and whether it draws views."""

    name: str
    filename: str
    write: Writer
    views: bool = False

    def check(self, options: ViewOptions | None) -> None:
        """Refuse view options for a format that writes the whole RDF dataset."""
        if options is not None and not self.views:
            graph_formats = ", ".join(sorted(n for n, e in EXPORTERS.items() if e.views))
            raise UsageError(f"{self.name} writes the whole RDF dataset: views and their filters apply only to "
                             f"{graph_formats}")

    def write_to(self, dataset: Dataset, out: BinaryIO, options: ViewOptions | None = None) -> None:
        """Write ``dataset``; a graph format draws ``options``' view (default: what ``kg build`` writes)."""
        self.check(options)
        if self.views:
            self.write(dataset, out, options or ViewOptions())
        else:
            self.write(dataset, out)


EXPORTERS: dict[str, Exporter] = {}
#: What ``kg build`` writes unless told otherwise.
DEFAULT_FORMATS = ("turtle", "trig", "graphml", "gexf")


def register_exporter(name: str, filename: str, views: bool = False) -> Callable[[Writer], Writer]:
    """Register a writer for format ``name``, written to ``filename``; ``views``: it takes ``ViewOptions``."""

    def decorate(write: Writer) -> Writer:
        EXPORTERS[name] = Exporter(name, filename, write, views)
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
    """Write ``dataset`` in each format into ``out_dir`` (graph formats: their default view); return the paths."""
    exporters = [get_exporter(name) for name in formats]  # fail before writing anything
    written = []
    for exporter in exporters:
        path = Path(out_dir) / exporter.filename
        write_atomically(path, lambda handle, exporter=exporter: exporter.write_to(dataset, handle))
        written.append(path)
    return written


def exporter_for(name: str, options: ViewOptions | None = None) -> Exporter:
    """The format ``name`` if it can write ``options`` (a usage error otherwise), checked before any work."""
    try:
        exporter = get_exporter(name)
    except UnknownPluginError as error:
        raise UsageError(str(error)) from None
    exporter.check(options)
    return exporter


def export_file(dataset: Dataset, name: str, out: str | Path | BinaryIO | None = None,
                options: ViewOptions | None = None) -> Path | None:
    """Write ``dataset`` in format ``name`` to a file (default: the format's file name here) or an open binary
    handle; graph formats draw ``options``' view. Return the path written, None for a handle."""
    exporter = exporter_for(name, options)
    if out is None or isinstance(out, (str, Path)):
        path = Path(out if out is not None else exporter.filename)
        write_atomically(path, lambda handle: exporter.write_to(dataset, handle, options))
        return path
    exporter.write_to(dataset, out, options)
    return None


# Formats register themselves on import.
from kg.export import gexf, graphml, rdf  # noqa: E402,F401
