"""The small exception hierarchy of kg.

The library raises these; only ``kg.cli`` turns them into messages and exit codes.
"""


class KgError(Exception):
    """Base class: something the user can act on; the message says what."""


class InputError(KgError):
    """An input could not be read as an article (missing, empty, binary, undecodable)."""

    def __init__(self, path: str, reason: str):
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class ModelNotFoundError(KgError):
    """The spaCy model asked for (or any default one) is not installed."""


class UnknownPluginError(KgError):
    """A name was looked up in a registry (extractor, reader, exporter) that has no such entry."""

    def __init__(self, kind: str, name: str, known: list[str]):
        super().__init__(f"unknown {kind} {name!r}; choose from: {', '.join(sorted(known))}")
        self.kind = kind
        self.name = name


class NoArticlesError(KgError):
    """A build found nothing to build."""


class GraphLoadError(KgError):
    """An export could not be loaded for querying."""


class UsageError(KgError):
    """The request itself is wrong (an option that does not apply, a value out of range): exit status 2."""


class ExecutorError(KgError):
    """Analysis could not be spread as asked: settings that contradict each other, a missing optional
    dependency (Dask), a scheduler that cannot be reached."""
