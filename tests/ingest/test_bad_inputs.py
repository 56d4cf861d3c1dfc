"""Bad inputs, made here in a temporary folder: each is skipped with a one-line reason (with the
file, and the line where one applies) or read in part, the rest of the build goes on, build.json
lists it, the exit status is as documented (README, "Bad input") and nothing prints a traceback.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import struct
import tracemalloc
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.ingest import DEFAULT_MAX_ARTICLE_CHARS, Source, read_inputs, read_source
from kg.ingest.files import BYTES_PER_CHARACTER
from kg.nlp import MAX_CHUNK, MAX_RUN, split_lines

runner = CliRunner()

GOOD = "Deal\n\nNorrland Telecom has acquired Fjordnet.\n"
STORY = "Greenleaf Group acquired Orbital Foods on Monday."


def png() -> bytes:
    """A real 1x1 PNG, made here."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00")) + chunk(b"IEND", b"")


def zip_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("story.txt", STORY * 20)
    return buffer.getvalue()


def jsonl(*records) -> str:
    return "\n".join(r if isinstance(r, str) else json.dumps(r) for r in records) + "\n"


RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Wire</title>
<item><title>Greenleaf buys Orbital</title><link>https://news.example/greenleaf</link>
<description>{story}</description></item>
</channel></rss>
"""


@dataclass
class Case:
    """One bad input: how to write it, and what kg does with it."""

    name: str  # file name under the input folder
    content: str | bytes | Callable[[Path], None]
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (where, relative to the folder; reason fragment)
    articles: int = 0
    warning: str | None = None


CASES = [
    Case("empty.txt", b"", [("empty.txt", "empty file")]),
    Case("whitespace.txt", " \n\t \r\n  ", [("whitespace.txt", "empty file")]),
    Case("photo.txt", png(), [("photo.txt", "binary file")]),
    Case("archive.json", zip_bytes(), [("archive.json", "binary file")]),
    Case("nul.txt", f"Title\n{STORY}\nA NUL \x00 here.\n".encode(), [("nul.txt", "NUL byte on line 3")]),
    Case("invalid.txt", b"Title\n" + STORY.encode() + b"\nbad \xff\xfe byte\n", articles=1,
         warning="invalid.txt: not valid UTF-8 (line 3); decoded as"),
    Case("wide.txt", f"Wide\n{STORY}\n".encode("utf-16"), articles=1, warning="UTF-16 byte order mark"),
    Case("latin.txt", f"Zürich café\n{STORY} Señor Müller agreed.\n".encode("latin-1"), articles=1,
         warning="latin.txt: not valid UTF-8 (line 1)"),
    Case("huge.txt", lambda path: _write_big(path, 50_000_000), [("huge.txt", "larger than kg reads")]),
    Case("one_line.txt", "x" * 5_000_000, [("one_line.txt", "file of 5,000,000 bytes is larger than kg reads")]),
    Case("unclosed.html", f"<html><body><article><p>{STORY}<div><b>Fjordnet said <p>nothing more", articles=1),
    Case("scripts.html", "<html><script>var a = 1;</script><script>alert('x')</script></html>",
         [("scripts.html", "no article text")]),
    Case("number.json", json.dumps({"text": 42}), [("number.json", "'text' is a number, not a string")]),
    Case("no_text.json", json.dumps({"title": "Headline only"}), [("no_text.json", "no 'text' field")]),
    Case("wrong_types.json", json.dumps({"text": STORY + " It paid cash.", "title": ["a", "b"], "date": {"day": 1}}), articles=1,
         warning="wrong_types.json: 'title' is a list, not text; left out"),
    Case("trailing.json", json.dumps({"text": STORY}) + " garbage", [("trailing.json", "more text after the JSON value")]),
    Case("deep.json", "[" * 100_000 + "]" * 100_000, [("deep.json", "nested too deeply")]),
    Case("empty_list.json", "[]", [("empty_list.json", "no articles in the file")]),
    Case("lines.jsonl", jsonl({"text": STORY}, "{broken", {"text": "Maya Chen joined Veltrix on Monday."}), articles=2,
         skipped=[("lines.jsonl:2", "invalid JSON at column 2")]),
    Case("broken.rss", RSS.format(story=STORY).replace("</item>", ""), [("broken.rss", "not well-formed XML (line 5, column 3: mismatched tag)")]),
    Case("sitemap.xml", "<urlset><url><loc>https://news.example/</loc></url></urlset>",
         [("sitemap.xml", "not an RSS or Atom feed")]),
    Case("loop.txt", lambda path: (os.symlink("loop2.txt", path), os.symlink("loop.txt", path.parent / "loop2.txt")),
         [("loop.txt", "symbolic link loop"), ("loop2.txt", "symbolic link loop")]),
    Case("gone.txt", lambda path: os.symlink("nowhere.txt", path), [("gone.txt", "broken symbolic link")]),
    Case("with space/Ünïcödé näme ü.txt", f"Ünïcödé\n{STORY}\n", articles=1),
    Case("notes.pdf", b"%PDF-1.4", [("notes.pdf", "unsupported file type '.pdf'")]),
]


def _write_big(path: Path, size: int) -> None:
    line = (STORY + " ") * 20 + "\n"
    with open(path, "w", encoding="utf-8") as out:
        for _ in range(size // len(line) + 1):
            out.write(line)


def make(case: Case, folder: Path) -> Path:
    path = folder / case.name
    path.parent.mkdir(parents=True, exist_ok=True)
    if callable(case.content):
        case.content(path)
    elif isinstance(case.content, bytes):
        path.write_bytes(case.content)
    else:
        path.write_text(case.content, encoding="utf-8")
    return path


def where(folder: Path, relative: str) -> str:
    return str(folder / relative)


@pytest.fixture
def folder(tmp_path):
    """The input folder, removed afterwards (some inputs are 50 MB)."""
    path = tmp_path / "in"
    path.mkdir()
    yield path
    shutil.rmtree(path)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_reading_a_bad_input(case, folder):
    make(case, folder)
    results = list(read_inputs([folder]))
    skipped = [s for r in results for s in r.skipped]
    assert len(skipped) == len(case.skipped)
    for (relative, reason), skip in zip(case.skipped, skipped):
        assert skip.path == where(folder, relative) and reason in skip.reason
        assert "\n" not in skip.reason
    assert sum(len(r.articles) for r in results) == case.articles
    warnings = [w for r in results for w in r.warnings]
    assert warnings == [] if case.warning is None else case.warning in " ".join(warnings)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_building_a_bad_input_alone(case, folder, tmp_path):
    """Exit 0 when it gives an article (build.json lists what was skipped), 1 with one line when not."""
    make(case, folder)
    out = tmp_path / "out"
    result = runner.invoke(app, ["build", str(folder), "--out", str(out)])
    assert "Traceback" not in result.output
    if case.articles:
        assert result.exit_code == 0, result.output
        report = json.loads((out / "build.json").read_text(encoding="utf-8"))
        assert report["articles"] == case.articles
        assert [s["path"] for s in report["skipped"]] == [where(folder, relative) for relative, _ in case.skipped]
    else:
        assert result.exit_code == 1
        assert result.stderr.strip().splitlines()[-1].startswith("kg: error: no articles to build: ")
        assert not out.exists()
    for relative, reason in case.skipped:
        assert f"kg: warning: {where(folder, relative)}: skipped: " in result.stderr and reason in result.stderr


def test_bad_inputs_together_leave_the_rest_of_the_build_unaffected(folder, tmp_path):
    for case in CASES:
        make(case, folder)
    (folder / "good.txt").write_text(GOOD, encoding="utf-8")
    out = tmp_path / "out"
    result = runner.invoke(app, ["build", str(folder), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    report = json.loads((out / "build.json").read_text(encoding="utf-8"))
    listed = {(s["path"], s["reason"]) for s in report["skipped"]}
    for case in CASES:
        for relative, reason in case.skipped:
            assert any(path == where(folder, relative) and reason in why for path, why in listed), (relative, reason)
    assert len(listed) == sum(len(c.skipped) for c in CASES)
    assert report["articles"] == 1 + sum(c.articles for c in CASES) and report["duplicates"] == []
    assert where(folder, "good.txt") in report["files_read"]
    assert where(folder, "lines.jsonl") in report["files_read"]  # read in part
    assert ("Norrland Telecom", "acquired", "Fjordnet") in _facts(out)


def _facts(out: Path) -> set:
    from rdflib import RDFS, Dataset

    from kg.schema import fact_properties

    dataset = Dataset(default_union=True)
    dataset.parse(out / "graph.trig", format="trig")
    return {(str(dataset.value(s, RDFS.label)), str(p).split("#")[1], str(dataset.value(o, RDFS.label)))
            for p in fact_properties() for s, o in dataset.subject_objects(p)}


@pytest.mark.unreadable_files
def test_unreadable_file_is_skipped_and_the_rest_built(folder, tmp_path):
    (folder / "good.txt").write_text(GOOD, encoding="utf-8")
    locked = folder / "locked.txt"
    locked.write_text(GOOD.replace("Fjordnet", "Voltaic Systems"), encoding="utf-8")
    locked.chmod(0)
    try:
        result = runner.invoke(app, ["build", str(folder), "--out", str(tmp_path / "out")])
    finally:
        locked.chmod(0o644)
    assert result.exit_code == 0 and "Traceback" not in result.output
    report = json.loads((tmp_path / "out" / "build.json").read_text(encoding="utf-8"))
    assert [s["path"] for s in report["skipped"]] == [str(locked)]
    assert "cannot read: Permission denied" in report["skipped"][0]["reason"]


@pytest.mark.skipif(os.name != "posix" or os.uname().sysname == "Darwin", reason="needs file names that are bytes")
def test_file_name_that_is_not_utf8_is_built_with_a_replacement_character(folder, tmp_path):
    (Path(os.fsdecode(bytes(folder) + b"/caf\xe9.txt"))).write_text(GOOD, encoding="utf-8")
    out = tmp_path / "out"
    result = runner.invoke(app, ["build", str(folder), "--out", str(out), "-q"])
    assert result.exit_code == 0, result.output
    assert "caf\ufffd.txt" in (out / "graph.ttl").read_text(encoding="utf-8")


# --- limits: size of a file, of a line, of an article ----------------------------------------------------------


def test_a_50_mb_file_is_refused_without_being_read(folder):
    path = folder / "huge.txt"
    _write_big(path, 50_000_000)
    tracemalloc.start()
    try:
        result = read_source(Source(path, "huge.txt", str(path)))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert result.articles == [] and "larger than kg reads" in result.skipped[0].reason
    assert peak < 1_000_000  # nothing of the file was loaded


def test_json_lines_are_read_one_line_at_a_time(folder):
    path = folder / "big.jsonl"
    with open(path, "w", encoding="utf-8") as out:
        out.write(json.dumps({"id": "first", "text": STORY}) + "\n")
        out.write(json.dumps({"id": "huge", "text": "word " * 9_000_000}) + "\n")  # 45 MB on one line
        out.write(json.dumps({"id": "last", "text": "Maya Chen joined Veltrix."}) + "\n")
    tracemalloc.start()
    try:
        result = read_source(Source(path, "big.jsonl", str(path)))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert [a.identifier for a in result.articles] == ["first", "last"]
    assert [s.path for s in result.skipped] == [f"{path}:2"]
    assert "line of 45,000,0" in result.skipped[0].reason and "--max-article-chars" in result.skipped[0].reason
    assert peak < 3 * BYTES_PER_CHARACTER * DEFAULT_MAX_ARTICLE_CHARS  # a line's worth (and a copy), never 45 MB


def test_article_longer_than_the_limit_is_skipped_with_the_limit_named(folder, tmp_path):
    (folder / "long.txt").write_text("Title\n" + STORY * 40, encoding="utf-8")
    (folder / "feed.jsonl").write_text(jsonl({"id": "long-one", "text": STORY * 40}, {"text": STORY}), encoding="utf-8")
    (folder / "good.txt").write_text(GOOD, encoding="utf-8")
    out = tmp_path / "out"
    result = runner.invoke(app, ["build", str(folder), "--out", str(out), "--max-article-chars", "1000"])
    assert result.exit_code == 0, result.output
    report = json.loads((out / "build.json").read_text(encoding="utf-8"))
    reasons = {s["path"]: s["reason"] for s in report["skipped"]}
    long = len("Title\n" + STORY * 40)
    assert reasons[str(folder / "long.txt")] == f"article has {long:,} characters, more than --max-article-chars (1,000)"
    assert reasons[str(folder / "feed.jsonl")].startswith(f"article long-one has {long - 6:,} characters")
    assert report["articles"] == 2


def test_build_takes_the_limit_as_a_keyword(tmp_path):
    from kg.build import build
    from kg.errors import NoArticlesError

    (tmp_path / "a.txt").write_text("Title\n" + STORY, encoding="utf-8")
    with pytest.raises(NoArticlesError, match="more than --max-article-chars"):
        build([tmp_path / "a.txt"], tmp_path / "out", max_article_chars=20)


def test_a_line_longer_than_spacy_takes_is_parsed_in_pieces(folder, tmp_path):
    # spaCy refuses a text of more than a million characters (E088); this line has 1.1 million.
    (folder / "wall.txt").write_text(f"Title\n{STORY}\n{'x' * 1_100_000}\nNorrland Telecom has acquired Fjordnet.\n")
    result = runner.invoke(app, ["build", str(folder), "--out", str(tmp_path / "out"), "-q",
                                 "--max-article-chars", "2000000"])
    assert result.exit_code == 0, result.output
    assert ("Norrland Telecom", "acquired", "Fjordnet") in _facts(tmp_path / "out")


@pytest.mark.parametrize("text", [
    "",
    "short line\n",
    "x" * (MAX_RUN * 3 + 7),
    ("word " * 30_000) + "\n" + "<>;" * 400 + " tail",
    "  " + "z" * (MAX_RUN + 1) + "  q\n\nnext",
])
def test_split_lines_keeps_the_text_and_bounds_every_piece(text):
    pieces = split_lines(text)
    assert "".join(pieces) == text
    assert all(len(piece) <= MAX_CHUNK for piece in pieces)
    assert all(len(run) <= MAX_RUN for piece in pieces for run in piece.split())


def test_a_long_line_is_cut_after_a_sentence():
    line = "Norrland Telecom has acquired Fjordnet, its rival of many years. " * 1_000
    pieces = split_lines(line)
    assert len(pieces) > 1 and "".join(pieces) == line
    assert all(piece.endswith("years. ") for piece in pieces)
