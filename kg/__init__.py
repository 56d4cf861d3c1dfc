"""kg: a knowledge graph of who did what to whom, built from news articles.

The library is usable without the CLI::

    from kg import build
    report = build(["seeds"], "exports")
"""

__version__ = "0.1.0"

from kg.build import BuildReport, build  # noqa: E402

__all__ = ["BuildReport", "build", "__version__"]
