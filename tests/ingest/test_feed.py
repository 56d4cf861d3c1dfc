"""RSS and Atom feeds: an article per item, with title, link, date and text; broken XML skipped with its line."""

from __future__ import annotations

import urllib.request

import pytest

from kg.ingest import READERS, READS, collect_sources, read_source
from kg.ingest.feed import html_text

RSS = """<?xml version="1.0" encoding="{encoding}"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel>
  <title>Valley Wire</title>
  <link>https://news.example/</link>
  <item>
    <title>Greenleaf buys Orbital Foods</title>
    <link>https://news.example/greenleaf-orbital</link>
    <guid isPermaLink="false">wire-1001</guid>
    <pubDate>Tue, 05 Mar 2024 09:30:00 +0000</pubDate>
    <description>&lt;p&gt;Greenleaf Group acquired Orbital Foods.&lt;/p&gt;&lt;p&gt;The deal closed in Zürich.&lt;/p&gt;</description>
  </item>
  <item>
    <title>Short note</title>
    <description>Maya Chen joined Veltrix &amp; said so &lt;b&gt;loudly&lt;/b&gt;.</description>
  </item>
  <item>
    <title>Headline only</title>
    <link>https://news.example/headline-only</link>
  </item>
  <item>
    <title>Full story</title>
    <link>https://news.example/full</link>
    <description>A summary.</description>
    <content:encoded><![CDATA[<p>Norrland Telecom has acquired Fjordnet.</p><script>alert(1)</script><ul><li>One</li><li>Two</li></ul>]]></content:encoded>
  </item>
</channel>
</rss>
"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title type="html">Harbour &amp;lt;Desk&amp;gt;</title>
  <id>urn:example:feed</id>
  <updated>2024-04-02T10:00:00Z</updated>
  <entry>
    <title>Harborview invests</title>
    <id>urn:example:entry:7</id>
    <link rel="alternate" href="https://harbour.example/7"/>
    <published>2024-04-01T23:30:00-02:00</published>
    <updated>2024-04-02T08:00:00Z</updated>
    <content type="html">&lt;p&gt;Harborview Capital invested in Lumora Robotics.&lt;/p&gt;</content>
  </entry>
  <entry>
    <title>Plain</title>
    <id>urn:example:entry:8</id>
    <updated>2024-04-03T08:00:00Z</updated>
    <summary type="text">Angle brackets &lt;stay&gt; as text.</summary>
  </entry>
</feed>
"""

RDF_FEED = """<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/">
  <channel rdf:about="https://old.example/"><title>Old wire</title><link>https://old.example/</link></channel>
  <item rdf:about="https://old.example/1"><title>Old item</title><link>https://old.example/1</link>
    <description>Crestline Energy invested in Solvane.</description></item>
</rdf:RDF>
"""


def read(path):
    [source], skipped = collect_sources([path])
    assert skipped == []
    return read_source(source)


@pytest.mark.parametrize("suffix", [".rss", ".atom", ".xml"])
def test_feed_suffixes_are_read_as_bytes(suffix):
    assert suffix in READERS and READS[suffix] == "bytes"


def test_rss_items_become_articles(tmp_path):
    path = tmp_path / "wire.rss"
    path.write_text(RSS.format(encoding="utf-8"), encoding="utf-8")
    result = read(path)
    first, second, full = result.articles
    assert (first.identifier, first.title, first.date, first.source) == (
        "wire-1001", "Greenleaf buys Orbital Foods", "2024-03-05", "https://news.example/greenleaf-orbital")
    assert first.text == "Greenleaf Group acquired Orbital Foods.\nThe deal closed in Zürich."
    assert dict(first.metadata) == {"feed": "Valley Wire"}
    # No link and no guid: the feed's path and the item's number.
    assert (second.identifier, second.source, second.date) == ("wire.rss#2", str(path), None)
    assert second.text == "Maya Chen joined Veltrix & said so loudly."
    # Full content wins over the summary; scripts are dropped; list items are lines.
    assert full.text == "Norrland Telecom has acquired Fjordnet.\nOne\nTwo"
    assert [(s.path, s.reason) for s in result.skipped] == [(f"{path}[3]", "item has no description or content")]


def test_feed_encoding_is_the_one_it_declares(tmp_path):
    path = tmp_path / "latin.xml"
    path.write_bytes(RSS.format(encoding="ISO-8859-1").encode("latin-1"))
    result = read(path)
    assert "Zürich" in result.articles[0].text and result.warnings == []


def test_atom_entries_become_articles(tmp_path):
    path = tmp_path / "harbour.atom"
    path.write_text(ATOM, encoding="utf-8")
    first, plain = read(path).articles
    assert (first.identifier, first.source, first.title) == ("urn:example:entry:7", "https://harbour.example/7", "Harborview invests")
    assert first.date == "2024-04-02"  # 23:30 at UTC-2 is the 2nd in UTC
    assert first.text == "Harborview Capital invested in Lumora Robotics."
    assert dict(first.metadata) == {"feed": "Harbour <Desk>"}
    assert plain.text == "Angle brackets <stay> as text." and plain.date == "2024-04-03"


def test_rss_1_0_is_read(tmp_path):
    path = tmp_path / "old.rss"
    path.write_text(RDF_FEED, encoding="utf-8")
    [article] = read(path).articles
    assert (article.title, article.source, article.text) == ("Old item", "https://old.example/1", "Crestline Energy invested in Solvane.")


@pytest.mark.parametrize("content, reason", [
    (RSS.format(encoding="utf-8").replace("</item>", "", 1), "not well-formed XML (line 27, column 3: mismatched tag)"),
    ("<rss version='2.0'><channel><title>Cut off", "not well-formed XML (line 1, column 43: no element found)"),
    ("<urlset><url><loc>https://news.example/</loc></url></urlset>", "not an RSS or Atom feed"),
    ("https://news.example/feed.rss", "not well-formed XML (line 1, column 7: not well-formed (invalid token))"),
    ("<rss version='2.0'><channel><title>Empty</title></channel></rss>", "the feed has no items"),
])
def test_bad_feeds_are_skipped_with_a_reason(tmp_path, monkeypatch, content, reason):
    def no_network(*args, **kwargs):
        raise AssertionError("a feed file must never make kg fetch anything")

    monkeypatch.setattr(urllib.request, "urlopen", no_network)
    monkeypatch.setattr(urllib.request.OpenerDirector, "open", no_network)
    path = tmp_path / "feed.xml"
    path.write_text(content, encoding="utf-8")
    result = read(path)
    assert result.articles == []
    assert [(s.path, s.reason) for s in result.skipped] == [(str(path), reason)]


@pytest.mark.parametrize("markup, text", [
    ("<p>One</p><p>Two</p>", "One\nTwo\n"),
    ("A<br>B", "A\nB"),
    ("no markup &amp; entities", "no markup & entities"),
    ("", ""),
    ("<style>p {}</style>Kept", "Kept"),
])
def test_html_text(markup, text):
    assert html_text(markup) == text
