"""Named-entity mentions from spaCy's NER, cleaned of page furniture and noise.

Headings, menu items and captions are where NER makes most of its mistakes on
scraped pages ("Restructuring Follows Rapid Expansion" tagged as an
organisation), so a name found only in such lines is dropped unless the article
also uses it in running text.
"""

from __future__ import annotations

import bisect
import re

from spacy.tokens import Doc, Span

from kg.data import word_list
from kg.extract.datelines import dateline_mentions
from kg.extract.focus import focus_mentions
from kg.extract.names import places_in_names, revise_mentions
from kg.extract.syntax import doc_text
from kg.models import Mention

#: spaCy NER labels kept, and the ontology class each becomes.
LABEL_CLASSES = {"ORG": "Organization", "PERSON": "Person", "GPE": "Place", "LOC": "Place", "PRODUCT": "Product"}

_MINOR_WORDS = {
    "a", "an", "the", "and", "or", "but", "nor", "of", "for", "to", "in", "on", "at", "by", "with",
    "as", "vs", "from", "into", "over", "after", "is", "its", "it", "be", "are", "s",
}
_WORD = re.compile(r"[^\W\d_][\w'-]*")
_MAX_NAME_TOKENS = 8


def is_heading_line(line: str) -> bool:
    """A line that is a heading, menu item, caption or byline rather than running text."""
    stripped = line.strip().strip("\"'")
    if not stripped or stripped.endswith("."):
        return False
    words = _WORD.findall(stripped)
    if len(words) <= 4:
        return True
    major = [word for word in words if word.lower() not in _MINOR_WORDS]
    capitalised = sum(1 for word in major if word[0].isupper())
    return len(major) >= 3 and capitalised >= 0.8 * len(major)


class _Lines:
    """The article's lines with their offsets, to ask which line an offset is on."""

    def __init__(self, text: str):
        self.starts: list[int] = []
        self.headings: list[bool] = []
        offset = 0
        running: list[str] = []
        for line in text.split("\n"):
            self.starts.append(offset)
            heading = is_heading_line(line)
            self.headings.append(heading)
            if not heading:
                running.append(line)
            offset += len(line) + 1
        self.running_text = "\n".join(running)

    def in_heading(self, offset: int) -> bool:
        # A text with no running text at all (a dateline, a one-line item) has no furniture to tell apart.
        return bool(self.running_text.strip()) and self.headings[bisect.bisect_right(self.starts, offset) - 1]

    def used_in_running_text(self, name: str) -> bool:
        return re.search(rf"(?<!\w){re.escape(name)}(?!\w)", self.running_text) is not None


def clean_span(span: Span) -> Span | None:
    """Trim a name's span: leading determiners, trailing possessives and punctuation, line breaks."""
    tokens = list(span)
    for index, token in enumerate(tokens):
        if "\n" in token.text or (index and "\n" in tokens[index - 1].whitespace_):
            tokens = tokens[:index]
            break
    while tokens and (tokens[0].lower_ in {"the", "a", "an"} or tokens[0].is_punct or tokens[0].is_space):
        tokens = tokens[1:]
    while tokens and (tokens[-1].tag_ == "POS" or tokens[-1].lower_ in {"'s", "'"} or tokens[-1].is_punct or tokens[-1].is_space):
        tokens = tokens[:-1]
    if not tokens:
        return None
    return span.doc[tokens[0].i : tokens[-1].i + 1]


def is_plausible_name(text: str) -> bool:
    """Reject what is not a name: generic words, lower-case phrases, numbers, single letters."""
    if len(text) < 2 or not any(ch.isalpha() for ch in text):
        return False
    if not any(ch.isupper() for ch in text):
        return False
    return text.lower() not in word_list("generic_names.txt")


def find_mentions(doc: Doc) -> list[Mention]:
    """The article's mentions of organisations, people, places and products, in text order."""
    lines = _Lines(doc_text(doc))
    mentions: list[Mention] = []
    for ent in doc.ents:
        cls = LABEL_CLASSES.get(ent.label_)
        span = clean_span(ent) if cls else None
        if span is None or len(span) > _MAX_NAME_TOKENS or not is_plausible_name(span.text):
            continue
        if lines.in_heading(span.start_char) and not lines.used_in_running_text(span.text):
            continue
        mentions.append(Mention(span.text, span.start_char, span.end_char, cls))
    mentions.extend(_repeated_names(doc, mentions, lines))
    mentions = dateline_mentions(doc, mentions)  # "LAKEWOOD, Colo. (AP)": both places, whatever NER read
    mentions = revise_mentions(doc, mentions, lines.in_heading)  # names typed by context, launched products
    mentions.extend(focus_mentions(doc, mentions, lines.in_heading))  # "the company", "it": the organisation in focus
    mentions.extend(places_in_names(mentions))  # "U.S." in "U.S. Congress": overlaps its organisation
    return sorted(mentions, key=lambda m: (m.start, -m.end))


def _repeated_names(doc: Doc, mentions: list[Mention], lines: _Lines) -> list[Mention]:
    """Mentions NER missed: other uses of a name it found, a person's surname, a company's first word.

    NER tags "Scale AI" in one sentence and misses it in the next; the article's own
    names are the best gazetteer for the rest of it. Short forms ("Wang", "Harborview")
    count only where the tagger reads them as proper nouns.
    """
    names: dict[str, tuple[str, bool]] = {}  # name -> (class, is a short form)
    for mention in mentions:
        names[mention.text] = (mention.cls, False)
    for mention in mentions:
        parts = mention.text.split()
        short = parts[-1] if mention.cls == "Person" else parts[0] if mention.cls == "Organization" else None
        if len(parts) > 1 and short and len(short) > 2 and short[0].isupper() and short not in names:
            names[short] = (mention.cls, True)
    taken = [(m.start, m.end) for m in mentions]
    found: list[Mention] = []
    for name, (cls, is_short) in sorted(names.items(), key=lambda item: -len(item[0])):
        for match in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", doc_text(doc)):
            start, end = match.span()
            if any(start < e and s < end for s, e in taken):
                continue
            span = doc.char_span(start, end)
            if span is None or (is_short and any(t.pos_ != "PROPN" for t in span)):
                continue
            if lines.in_heading(start) and not lines.used_in_running_text(name):
                continue
            taken.append((start, end))
            found.append(Mention(name, start, end, cls))
    return found
