"""Files and folders in, Articles out: collect_sources, read_source, read_inputs and the readers."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from kg.ingest import READERS, Source, collect_sources, read_inputs, read_source, register_reader
from kg.ingest.normalize import normalize_text
from kg.models import Article



def write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def read_one(path: Path):
    """Read a single file given directly; return its ReadResult."""
    sources, skipped = collect_sources([path])
    assert skipped == [] and len(sources) == 1
    return read_source(sources[0])


def read_article(path: Path) -> Article:
    result = read_one(path)
    assert result.skipped == []
    assert len(result.articles) == 1
    return result.articles[0]


def jsonl(*lines) -> str:
    return "\n".join(line if isinstance(line, str) else json.dumps(line) for line in lines) + "\n"


# --- registry -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "suffix", [".txt", ".md", ".markdown", ".html", ".htm", ".xhtml", ".json", ".jsonl", ".ndjson"]
)
def test_readers_registered_for_suffix(suffix):
    assert suffix in READERS


def test_registered_reader_is_used(tmp_path, monkeypatch):
    monkeypatch.setitem(READERS, ".note", None)  # so monkeypatch removes the entry afterwards

    @register_reader(".NOTE")
    def read_note(raw, source):
        yield Article(text=raw.upper(), title=None, identifier=source.identifier, source=source.citation)

    assert READERS[".note"] is read_note
    result = read_one(write(tmp_path / "memo.note", "short memo"))
    assert [a.text for a in result.articles] == ["SHORT MEMO"]


# --- collecting sources ---------------------------------------------------------------------------


def test_folder_is_walked_recursively_in_sorted_order(tmp_path):
    root = tmp_path / "in"
    for name in ["c.md", "b.txt", "a/z.txt", "a/c/d.txt"]:
        write(root / name, "Some words.")
    sources, skipped = collect_sources([root])
    assert skipped == []
    assert [s.identifier for s in sources] == ["a/c/d.txt", "a/z.txt", "b.txt", "c.md"]


def test_folder_identifier_is_relative_posix_path_and_citation_joins_given_path(tmp_path, monkeypatch):
    write(tmp_path / "corpus" / "2024" / "june" / "story.txt", "Some words.")
    monkeypatch.chdir(tmp_path)
    sources, _ = collect_sources(["corpus"])
    assert sources[0].identifier == "2024/june/story.txt"
    assert sources[0].citation == str(Path("corpus") / "2024" / "june" / "story.txt")
    article = read_source(sources[0]).articles[0]
    assert article.identifier == "2024/june/story.txt"
    assert article.source == str(Path("corpus") / "2024" / "june" / "story.txt")


@pytest.mark.parametrize("as_str", [True, False])
def test_file_given_directly_is_identified_by_its_name(tmp_path, as_str):
    path = write(tmp_path / "deep" / "story.md", "# Headline\n\nBody.")
    given = str(path) if as_str else path
    sources, _ = collect_sources([given])
    assert sources[0].identifier == "story.md"
    article = read_source(sources[0]).articles[0]
    assert article.identifier == "story.md"
    assert article.source == str(given)


def test_hidden_files_and_folders_are_ignored_silently(tmp_path):
    root = tmp_path / "in"
    write(root / "visible.txt", "Seen.")
    write(root / ".draft.txt", "Hidden file.")
    write(root / ".git" / "notes.txt", "Hidden folder.")
    write(root / "sub" / ".cache" / "deep.txt", "Hidden nested folder.")
    sources, skipped = collect_sources([root])
    assert [s.identifier for s in sources] == ["visible.txt"]
    assert skipped == []


@pytest.mark.parametrize("name, mention", [("report.pdf", ".pdf"), ("table.docx", ".docx"), ("README", "(none)")])
def test_unsupported_suffix_is_skipped_with_the_suffix(tmp_path, name, mention):
    path = write(tmp_path / name, "whatever")
    sources, skipped = collect_sources([path])
    assert sources == []
    assert [s.path for s in skipped] == [str(path)]
    assert mention in skipped[0].reason


def test_unsupported_file_inside_folder_is_skipped_and_others_kept(tmp_path):
    write(tmp_path / "a.txt", "Kept.")
    write(tmp_path / "b.csv", "x,y")
    sources, skipped = collect_sources([tmp_path])
    assert [s.identifier for s in sources] == ["a.txt"]
    assert [s.path for s in skipped] == [str(tmp_path / "b.csv")]
    assert ".csv" in skipped[0].reason


def test_suffix_match_ignores_case(tmp_path):
    article = read_article(write(tmp_path / "LOUD.TXT", "Upper case suffix\nstill read."))
    assert article.title == "Upper case suffix"


def test_missing_path_is_skipped(tmp_path):
    missing = str(tmp_path / "nowhere.txt")
    sources, skipped = collect_sources([missing])
    assert sources == []
    assert len(skipped) == 1
    assert skipped[0].path == missing
    assert skipped[0].reason == "no such file or folder"


# --- read_source / read_inputs ------------------------------------------------------------------------


@pytest.mark.unreadable_files
def test_unreadable_file_is_skipped(tmp_path):
    path = write(tmp_path / "locked.txt", "Secret words.")
    path.chmod(0)
    try:
        result = read_source(Source(path, "locked.txt", str(path)))
    finally:
        path.chmod(0o644)
    assert result.articles == []
    assert [s.path for s in result.skipped] == [str(path)]
    assert "cannot read" in result.skipped[0].reason


def test_path_that_cannot_be_read_as_a_file_is_skipped(tmp_path):
    # A folder named like a text file fails to read even as root.
    folder = tmp_path / "odd.txt"
    folder.mkdir()
    result = read_source(Source(folder, "odd.txt", str(folder)))
    assert result.articles == []
    assert "cannot read" in result.skipped[0].reason


@pytest.mark.parametrize(
    "data, reason",
    [(b"", "empty"), (b"  \n\n\t ", "empty"), (b"GIF89a\x01\x00\x00\x00\xff", "binary")],
)
def test_empty_and_binary_files_are_skipped(tmp_path, data, reason):
    path = write(tmp_path / "bad.txt", data)
    result = read_one(path)
    assert result.articles == []
    assert [s.path for s in result.skipped] == [str(path)]
    assert reason in result.skipped[0].reason


def test_utf8_file_has_no_warning(tmp_path):
    assert read_one(write(tmp_path / "ok.txt", "Plain words, café.")).warnings == []


def test_non_utf8_file_is_read_with_a_warning_naming_the_file(tmp_path):
    text = "Le café du port a publié un résumé naïf de la saison. " * 4
    path = write(tmp_path / "legacy.txt", text.encode("cp1252"))
    result = read_one(path)
    assert len(result.articles) == 1
    assert len(result.warnings) == 1
    assert str(path) in result.warnings[0]


def test_utf16_file_is_read(tmp_path):
    path = write(tmp_path / "wide.txt", "Ferry service resumes\nBoats sail again.".encode("utf-16"))
    assert read_article(path).title == "Ferry service resumes"


def test_read_inputs_reports_missing_and_unknown_first_then_one_result_per_file(tmp_path):
    write(tmp_path / "in" / "a.txt", "First.")
    write(tmp_path / "in" / "b.md", "Second.")
    write(tmp_path / "in" / "c.xyz", "Unknown.")
    results = list(read_inputs([tmp_path / "in", tmp_path / "missing"]))
    assert results[0].path is None
    assert results[0].articles == []
    assert [s.path for s in results[0].skipped] == [str(tmp_path / "in" / "c.xyz"), str(tmp_path / "missing")]
    assert [r.path for r in results[1:]] == [str(tmp_path / "in" / "a.txt"), str(tmp_path / "in" / "b.md")]
    assert [len(r.articles) for r in results[1:]] == [1, 1]


def test_read_inputs_without_problems_has_no_skipped_result(tmp_path):
    write(tmp_path / "a.txt", "Only file.")
    results = list(read_inputs([tmp_path]))
    assert [r.path for r in results] == [str(tmp_path / "a.txt")]


def test_same_text_twice_has_same_content_identity(tmp_path):
    plain = write(tmp_path / "plain.txt", "Meta's plan\n\nThe firm's \"bold\" bet paid off.\n")
    fancy = write(
        tmp_path / "fancy.txt",
        "\ufeffMeta’s\u00a0plan\r\n\r\n\r\n\r\nThe firm’s “bold”\u200b bet paid off.  \r\n".encode("utf-8"),
    )
    copy = write(tmp_path / "copy.txt", plain.read_bytes())
    a, b, c = (read_article(p) for p in (plain, fancy, copy))
    assert a.sha256 == b.sha256 == c.sha256
    assert a.identifier != c.identifier


# --- text and markdown --------------------------------------------------------------------------------


def test_text_title_is_first_line_with_words_and_text_is_whole_file(tmp_path):
    raw = "×\n\n  City council approves new footbridge  \n\nThe vote was nine to two.\nWork starts in May.\n"
    article = read_article(write(tmp_path / "bridge.txt", raw))
    assert article.title == "City council approves new footbridge"
    assert article.text == normalize_text(raw)
    assert "Work starts in May." in article.text


@pytest.mark.parametrize(
    "name, raw, title",
    [
        ("a.md", "# Lighthouse keeper retires\n\nAfter forty years.", "Lighthouse keeper retires"),
        ("b.md", "## Second-level heading\n\nBody.", "Second-level heading"),
        ("c.markdown", "#   Spaced heading\n\nBody.", "Spaced heading"),
        ("d.md", "Plain first line\n\nBody.", "Plain first line"),
        ("e.txt", "Meta’s quarterly results\nBody.", "Meta's quarterly results"),
    ],
)
def test_text_and_markdown_titles(tmp_path, name, raw, title):
    article = read_article(write(tmp_path / name, raw))
    assert article.title == title
    assert article.text == normalize_text(raw)  # the heading marker stays in the text


def test_text_without_letters_or_digits_is_skipped(tmp_path):
    path = write(tmp_path / "symbols.txt", "×\n•\n— — —\n")
    result = read_one(path)
    assert result.articles == []
    assert [s.path for s in result.skipped] == [str(path)]


# --- HTML -------------------------------------------------------------------------------------------------

PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Riverside Bakery Opens Second Shop | Valley Courier</title>
  <meta property="og:title" content="Riverside Bakery Opens Second Shop">
  {extra_head}
</head>
<body>
  <header>
    <nav>
      <ul>
        <li><a href="/">Homepage</a></li>
        <li><a href="/weather">Weatherdesk</a></li>
        <li><a href="/sport">Sportsroundup</a></li>
        <li><a href="/subscribe">Subscribe today</a></li>
      </ul>
    </nav>
  </header>
  <main>
    <article>
      <h1>Riverside Bakery Opens Second Shop</h1>
      <p>Riverside Bakery opened a second shop on Mill Street on Saturday, two years after its owners
         started selling bread from a market stall by the canal.</p>
      <p>The owners, Tomas Reyes and Ada Lindqvist, said the new site will bake rye loaves overnight
         and supply three cafés in the old town.</p>
      <p>Neighbours queued before dawn for the opening, and the first batch of cinnamon rolls sold out
         within an hour of the doors opening.</p>
    </article>
  </main>
  <footer>
    <p>{footer} Valley Courier. Privacy policy. Contact the newsroom.</p>
  </footer>
</body>
</html>
"""


def page(extra_head: str = "", footer: str = "Copyright") -> str:
    return PAGE.format(extra_head=extra_head, footer=footer)


@pytest.mark.parametrize("suffix", [".html", ".htm"])
def test_html_main_text_without_boilerplate(tmp_path, suffix):
    path = write(tmp_path / f"bakery{suffix}", page())
    article = read_article(path)
    assert article.title == "Riverside Bakery Opens Second Shop"
    assert article.identifier == f"bakery{suffix}"
    assert article.source == str(path)
    for paragraph in ("opened a second shop on Mill Street", "Tomas Reyes and Ada Lindqvist", "cinnamon rolls sold out"):
        assert paragraph in article.text
    for boilerplate in ("Homepage", "Weatherdesk", "Sportsroundup", "Subscribe today", "Privacy policy", "newsroom"):
        assert boilerplate not in article.text
    assert article.text == normalize_text(article.text)


def test_html_date_from_page_metadata(tmp_path):
    head = '<meta property="article:published_time" content="2023-05-13T08:00:00Z">'
    assert read_article(write(tmp_path / "dated.html", page(extra_head=head))).date == "2023-05-13"


def test_html_without_date_metadata_has_no_date(tmp_path):
    assert read_article(write(tmp_path / "undated.html", page(footer="Copyright 2024"))).date is None


def test_html_without_article_text_is_skipped(tmp_path):
    # A page that is all furniture: a menu and a footer, no story.
    html = (
        "<html><head><title>Section index</title></head><body>"
        "<nav><ul><li><a href='/'>Home</a></li><li><a href='/w'>Weather</a></li><li><a href='/s'>Sport</a></li></ul></nav>"
        "<footer><p>Privacy policy. Contact us.</p></footer></body></html>"
    )
    path = write(tmp_path / "empty.html", html)
    result = read_one(path)
    assert result.articles == []
    assert [s.path for s in result.skipped] == [str(path)]
    assert "no article text" in result.skipped[0].reason


# --- JSON and JSON Lines --------------------------------------------------------------------------------------


def test_json_object_fields_and_metadata(tmp_path):
    record = {
        "id": "story-17",
        "title": "Port strike ends",
        "url": "https://news.example/port-strike",
        "date": "2024-03-02",
        "source": "Example News",
        "text": "Dock workers returned on Friday.\r\n\r\n\r\n\r\nShips are unloading again.",
        "author": "R. Okafor",
        "tags": ["labour", "shipping"],
    }
    article = read_article(write(tmp_path / "one.json", json.dumps(record)))
    assert article.identifier == "story-17"
    assert article.title == "Port strike ends"
    assert article.source == "https://news.example/port-strike"
    assert article.date == "2024-03-02"
    assert article.text == "Dock workers returned on Friday.\n\nShips are unloading again."
    assert dict(article.metadata) == {"author": "R. Okafor", "tags": ["labour", "shipping"]}


def test_json_single_object_without_id_or_url_uses_file_identifier(tmp_path):
    article = read_article(write(tmp_path / "one.json", json.dumps({"text": "Body only."})))
    assert article.identifier == "one.json"
    assert article.source == str(tmp_path / "one.json")
    assert article.title is None and article.date is None
    assert dict(article.metadata) == {}


@pytest.mark.parametrize(
    "record, identifier, source",
    [
        ({"id": "abc", "url": "https://x.example/1", "text": "T."}, "abc", "https://x.example/1"),
        ({"id": 42, "text": "T."}, "42", None),
        ({"url": "https://x.example/2", "source": "Wire", "text": "T."}, "https://x.example/2", "https://x.example/2"),
        ({"source": "Wire", "text": "T."}, None, "Wire"),
    ],
)
def test_json_identifier_and_source_precedence(tmp_path, record, identifier, source):
    path = write(tmp_path / "feed.jsonl", jsonl(record))
    article = read_article(path)
    assert article.identifier == (identifier or "feed.jsonl#1")
    assert article.source == (source or str(path))


def test_json_list_reads_every_object_and_skips_bad_records(tmp_path):
    records = [
        {"id": "a", "text": "First story."},
        {"title": "No body here"},
        "just a string",
        {"text": "Fourth story, no id."},
        {"text": "   "},
    ]
    path = write(tmp_path / "batch.json", json.dumps(records))
    result = read_one(path)
    assert [a.identifier for a in result.articles] == ["a", "batch.json#4"]
    assert len(result.skipped) == 3
    assert all(str(path) in s.path for s in result.skipped)
    assert "text" in result.skipped[0].reason


def test_json_in_folder_falls_back_to_relative_identifier(tmp_path):
    write(tmp_path / "in" / "2024" / "batch.json", json.dumps([{"text": "One."}, {"text": "Two."}]))
    (result,) = read_inputs([tmp_path / "in"])
    assert [a.identifier for a in result.articles] == ["2024/batch.json#1", "2024/batch.json#2"]


def test_invalid_json_file_is_skipped(tmp_path):
    path = write(tmp_path / "broken.json", '{"text": "unterminated')
    result = read_one(path)
    assert result.articles == []
    assert [s.path for s in result.skipped] == [str(path)]
    assert "invalid JSON" in result.skipped[0].reason


def test_jsonl_reads_good_lines_and_skips_bad_ones_by_line(tmp_path):
    path = write(
        tmp_path / "feed.jsonl",
        jsonl(
            {"id": "ok-1", "text": "A first report."},
            {"title": "missing text"},
            [1, 2, 3],
            "{not json at all",
            "",
            {"text": "A report without an id.", "desk": "metro"},
        ),
    )
    result = read_one(path)
    assert [a.identifier for a in result.articles] == ["ok-1", "feed.jsonl#6"]
    assert dict(result.articles[1].metadata) == {"desk": "metro"}
    assert [s.path for s in result.skipped] == [f"{path}:2", f"{path}:3", f"{path}:4"]
    assert "text" in result.skipped[0].reason
    assert "object" in result.skipped[1].reason
    assert "invalid JSON" in result.skipped[2].reason


def test_jsonl_text_is_normalised(tmp_path):
    article = read_article(write(tmp_path / "n.ndjson", jsonl({"text": "  Meta’s\u00a0offer\u200b stands.\r\n"})))
    assert article.text == "Meta's offer stands."


def test_json_title_is_normalised_like_the_text(tmp_path):
    article = read_article(write(tmp_path / "t.jsonl", jsonl({"title": "Meta’s\u00a0offer", "text": "Body."})))
    assert article.title == "Meta's offer"


def test_jsonl_line_separator_inside_a_string_stays_one_record(tmp_path):
    line = json.dumps({"id": "sep", "text": "First part.\u2028Second part."}, ensure_ascii=False)
    result = read_one(write(tmp_path / "sep.jsonl", line + "\n"))
    assert result.skipped == []
    assert [a.text for a in result.articles] == ["First part.\nSecond part."]


# --- links, pipes, folders, and readers that fail -------------------------------------------------------------


def test_link_to_a_folder_is_followed_when_given_and_reported_when_found_inside(tmp_path):
    write(tmp_path / "real" / "story.txt", "Some words.")
    (tmp_path / "in").mkdir()
    write(tmp_path / "in" / "own.txt", "Own words.")
    os.symlink(tmp_path / "real", tmp_path / "in" / "linked")
    os.symlink(tmp_path / "real", tmp_path / "given")
    sources, skipped = collect_sources([tmp_path / "in", tmp_path / "given"])
    assert [s.identifier for s in sources] == ["own.txt", "story.txt"]
    assert [(s.path, s.reason) for s in skipped] == [
        (str(tmp_path / "in" / "linked"), "a symbolic link to a folder, not followed (give the folder itself to read it)")]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
@pytest.mark.parametrize("inside", [True, False])
def test_named_pipe_is_skipped_not_read(tmp_path, inside):
    os.mkfifo(tmp_path / "pipe.txt")  # reading it would wait for a writer for ever
    sources, skipped = collect_sources([tmp_path if inside else tmp_path / "pipe.txt"])
    assert sources == []
    assert [(s.path, s.reason) for s in skipped] == [(str(tmp_path / "pipe.txt"), "not a regular file (a pipe, socket or device)")]


@pytest.mark.unreadable_files
def test_folder_that_cannot_be_listed_is_skipped(tmp_path):
    write(tmp_path / "in" / "locked" / "a.txt", "Hidden from us.")
    write(tmp_path / "in" / "open.txt", "Seen.")
    (tmp_path / "in" / "locked").chmod(0)
    try:
        sources, skipped = collect_sources([tmp_path / "in"])
    finally:
        (tmp_path / "in" / "locked").chmod(0o755)
    assert [s.identifier for s in sources] == ["open.txt"]
    assert [s.path for s in skipped] == [str(tmp_path / "in" / "locked")]
    assert skipped[0].reason.startswith("cannot read the folder")


@pytest.mark.unreadable_files
def test_file_given_inside_a_folder_that_cannot_be_searched_is_skipped(tmp_path):
    path = write(tmp_path / "locked" / "a.txt", "Hidden from us.")
    (tmp_path / "locked").chmod(0)
    try:
        sources, skipped = collect_sources([path])
    finally:
        (tmp_path / "locked").chmod(0o755)
    assert sources == [] and [(s.path, s.reason) for s in skipped] == [(str(path), "cannot read: Permission denied")]


def test_a_reader_that_fails_skips_its_file_and_names_the_error(tmp_path, monkeypatch):
    monkeypatch.setitem(READERS, ".note", None)

    @register_reader(".note")
    def read_note(raw, source):
        raise RuntimeError("parser gave up")

    path = write(tmp_path / "memo.note", "short memo")
    result = read_one(path)
    assert [(s.path, s.reason) for s in result.skipped] == [(str(path), "the .note reader failed: RuntimeError: parser gave up")]


def test_reads_must_be_a_known_kind():
    with pytest.raises(ValueError, match="text, bytes, lines"):
        register_reader(".odd", reads="pages")


def test_file_with_no_records_is_skipped(tmp_path):
    result = read_one(write(tmp_path / "none.json", "[]"))
    assert [s.reason for s in result.skipped] == ["no articles in the file"]


# --- JSON Lines, line by line ----------------------------------------------------------------------------------


def test_jsonl_of_blank_lines_is_empty(tmp_path):
    result = read_one(write(tmp_path / "blank.jsonl", "\n  \n\n"))
    assert [s.reason for s in result.skipped] == ["empty file"]


def test_jsonl_in_utf16_with_a_byte_order_mark_is_read(tmp_path):
    path = write(tmp_path / "wide.jsonl", jsonl({"id": "w", "text": "Zürich news."}, {"text": "Second."}).encode("utf-16"))
    result = read_one(path)
    assert [a.text for a in result.articles] == ["Zürich news.", "Second."]


def test_jsonl_with_a_utf8_byte_order_mark_is_read(tmp_path):
    result = read_one(write(tmp_path / "bom.jsonl", b"\xef\xbb\xbf" + jsonl({"text": "First."}).encode()))
    assert [a.text for a in result.articles] == ["First."] and result.skipped == []


def test_jsonl_lines_not_in_utf8_are_decoded_with_one_warning(tmp_path):
    text = "Le café du port a publié un résumé naïf de la saison, écrit à Genève par Hélène."
    lines = [json.dumps({"text": "Plain first line."}).encode(),
             json.dumps({"text": text}, ensure_ascii=False).encode("cp1252"),
             json.dumps({"text": text + " Encore."}, ensure_ascii=False).encode("cp1252")]
    path = write(tmp_path / "legacy.jsonl", b"\n".join(lines) + b"\n")
    result = read_one(path)
    assert [a.text for a in result.articles][1] == text
    assert result.warnings == [f"{path}: 2 line(s) not valid UTF-8 (the first: line 2); decoded as cp1252"]


def test_json_lone_surrogates_become_replacement_characters(tmp_path):
    path = write(tmp_path / "odd.jsonl", '{"id": "a\\ud800", "title": "T\\udfff", "text": "Half \\ud83d a pair."}\n')
    article = read_article(path)
    assert (article.identifier, article.title, article.text) == ("a\ufffd", "T\ufffd", "Half \ufffd a pair.")
    assert article.sha256  # hashable as UTF-8


@pytest.mark.parametrize("record, warning", [
    ({"text": "Body.", "title": ["a"]}, "'title' is a list, not text; left out"),
    ({"text": "Body.", "id": True}, "'id' is true or false, not text; left out"),
    ({"text": "Body.", "date": {"y": 2024}}, "'date' is an object, not text; left out"),
])
def test_json_fields_of_the_wrong_type_are_left_out_with_a_warning(tmp_path, record, warning):
    path = write(tmp_path / "typed.jsonl", jsonl(record))
    result = read_one(path)
    assert len(result.articles) == 1
    assert result.warnings == [f"{path}:1: {warning}"]


@pytest.mark.parametrize("record, reason", [
    ({"text": 42}, "'text' is a number, not a string"),
    ({"text": None}, "'text' is null, not a string"),
    ({"text": " \u200b "}, "'text' is empty"),
    ({"body": "x"}, "no 'text' field"),
    ("[1]", "expected a JSON object with a 'text' field, not a list"),
    ('{"text": "a"} {"text": "b"}', "invalid JSON at column 15: Extra data (more text after the JSON value)"),
    ("[" * 50_000, "invalid JSON: nested too deeply"),
])
def test_json_records_that_cannot_be_articles_say_why(tmp_path, record, reason):
    path = write(tmp_path / "bad.jsonl", jsonl(record))
    assert [(s.path, s.reason) for s in read_one(path).skipped] == [(f"{path}:1", reason)]
