"""Each article's analysis, kept by what produced it, so an unchanged article is parsed once.

The key is a digest of the whole article (text, title, identifier, source, date,
metadata) and of the pipeline's fingerprint (kg's code and data, the spaCy model,
the extractors, the relation model): change any of them and the article is parsed
again. Entries are only ever added or replaced, in SQLite transactions, so a killed
build leaves a cache that is still right.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import zlib
from pathlib import Path
from typing import Iterable

from kg.models import Article, ArticleAnalysis, analysis_from_json, analysis_to_json

CACHE_NAME = "analyses.sqlite"


def article_key(article: Article, fingerprint: str) -> str:
    """The cache key of an article analysed by the pipeline with ``fingerprint``."""
    described = analysis_to_json(ArticleAnalysis(article, (), ()))["article"]
    text = json.dumps([fingerprint, described], sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class AnalysisCache:
    """``cache.get(keys)`` and ``cache.put(key, analysis)`` over one SQLite file."""

    def __init__(self, folder: str | Path):
        Path(folder).mkdir(parents=True, exist_ok=True)
        self.path = Path(folder) / CACHE_NAME
        self._db = sqlite3.connect(self.path)
        self._db.execute("CREATE TABLE IF NOT EXISTS analyses (key TEXT PRIMARY KEY, data BLOB NOT NULL)")
        self._db.commit()

    def get(self, keys: Iterable[str]) -> dict[str, ArticleAnalysis]:
        """The cached analyses among ``keys``."""
        found: dict[str, ArticleAnalysis] = {}
        wanted = list(dict.fromkeys(keys))
        for start in range(0, len(wanted), 500):  # SQLite caps the parameters of one statement
            chunk = wanted[start:start + 500]
            rows = self._db.execute(f"SELECT key, data FROM analyses WHERE key IN ({','.join('?' * len(chunk))})", chunk)
            for key, data in rows:
                found[key] = analysis_from_json(json.loads(zlib.decompress(data)))
        return found

    def put(self, entries: Iterable[tuple[str, ArticleAnalysis]]) -> None:
        """Store analyses in one transaction."""
        rows = [(key, zlib.compress(json.dumps(analysis_to_json(analysis), ensure_ascii=False).encode("utf-8")))
                for key, analysis in entries]
        with self._db:
            self._db.executemany("INSERT OR REPLACE INTO analyses (key, data) VALUES (?, ?)", rows)

    def keep_only(self, keys: Iterable[str]) -> int:
        """Forget every analysis not in ``keys`` (those of articles no longer in the store); return how many."""
        with self._db:
            self._db.execute("CREATE TEMP TABLE IF NOT EXISTS kept (key TEXT PRIMARY KEY)")
            self._db.execute("DELETE FROM kept")
            self._db.executemany("INSERT OR IGNORE INTO kept VALUES (?)", ((key,) for key in keys))
            removed = self._db.execute("DELETE FROM analyses WHERE key NOT IN (SELECT key FROM kept)").rowcount
        return removed

    def close(self) -> None:
        self._db.close()
