"""The organisation an article is about, and the words that stand for it.

News names its subject in full a few times and otherwise writes "the company", "the
firm", "the startup", "Company spokesperson X", or "it" in the sentence after one about it
(and before any other name in its own sentence).
When one organisation clearly leads the article's mentions, those words become
mentions of it. Such a mention spans the words as written ("the company") but its
text is the organisation's name, so resolution and the store treat it as one more use
of that name (no "the company" alias, no new entity). Extractors also ask for the focus
when a title names no organisation: "interim CEO X" (see SentenceView.focus).

Nothing is resolved when two organisations are about as prominent: "the company" in an
article about a deal between Meta and Scale AI, each named as often, stays unread.
"""

from __future__ import annotations

from collections import Counter
from typing import Callable

from spacy.tokens import Doc, Token

from kg.data import word_list
from kg.extract.names import article_classes
from kg.extract.syntax import CLASSES_KEY, FOCUS_KEY
from kg.models import Mention
from kg.resolve import canonical_names

#: Nouns that, after "the", stand for the organisation in focus.
ANAPHORS = {"company", "firm", "startup", "start-up", "group"}
#: Verbs whose subject "it" is usually a dummy: "it is clear", "it takes time".
_DUMMY_IT_HEADS = {"be", "seem", "appear", "remain", "look", "sound", "matter", "take", "cost", "mean", "become", "rain"}
#: How far the focus must lead: at least this many mentions, and this many times the runner-up's score.
MIN_MENTIONS = 3
MIN_LEAD = 1.25
SUBJECT_WEIGHT = 2


def focus_organisation(doc: Doc, mentions: list[Mention], classes: dict[str, str]) -> Mention | None:
    """The organisation the article is most about, if one clearly is.

    Each mention of an organisation (short names counting for the full one) scores 1,
    and SUBJECT_WEIGHT more when it is the subject of a sentence's main verb: what the
    article is about is what its sentences are about. A news source ("told the BBC",
    "according to Reuters") does not count. The leader needs MIN_MENTIONS mentions, one
    of them as a main subject, and MIN_LEAD times the runner-up's score.
    """
    canonical = canonical_names(mentions)
    scores: Counter = Counter()
    mentioned: Counter = Counter()
    subject: Counter = Counter()
    for mention in mentions:
        span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
        if classes.get(mention.text) != "Organization" or span is None or _is_source(span.root):
            continue
        name = canonical[mention.text]
        mentioned[name] += 1
        is_subject = _is_main_subject(span.root)
        subject[name] += is_subject
        scores[name] += 1 + (SUBJECT_WEIGHT if is_subject else 0)
    ranked = scores.most_common(2)
    if not ranked or mentioned[ranked[0][0]] < MIN_MENTIONS or not subject[ranked[0][0]]:
        return None
    if len(ranked) == 2 and ranked[0][1] < MIN_LEAD * ranked[1][1]:
        return None
    name = ranked[0][0]
    return next(m for m in mentions if m.text == name)


def _is_main_subject(head: Token) -> bool:
    if head.dep_ not in ("nsubj", "nsubjpass"):
        return False
    verb = head.head
    return verb.dep_ == "ROOT" or (verb.dep_ == "conj" and verb.head.dep_ == "ROOT")


def _is_source(head: Token) -> bool:
    """A name cited as the news source: "told the BBC", "said to Reuters", "according to the FT"."""
    if head.dep_ == "dobj" and head.head.lemma_.lower() == "tell":
        return True
    return (head.dep_ == "pobj" and head.head.lower_ == "to"
            and head.head.head.lemma_.lower() in ("accord", "according", "say", "speak", "tell", "talk"))


def focus_mentions(doc: Doc, mentions: list[Mention], in_heading: Callable[[int], bool]) -> list[Mention]:
    """Mentions of the organisation in focus where the article refers to it without its name.

    Also leaves the focus and the article's classes of names in ``doc.user_data`` for
    the extractors (SentenceView.focus, SentenceView.cls).
    """
    classes = article_classes(mentions)
    focus = focus_organisation(doc, mentions, classes)
    doc.user_data[CLASSES_KEY] = classes
    doc.user_data[FOCUS_KEY] = focus
    if focus is None:
        return []
    canonical = canonical_names(mentions)
    spans = [(m, doc.char_span(m.start, m.end, alignment_mode="expand")) for m in mentions]
    named = {token.i for _, span in spans for token in (span or ())}
    about_focus = {token.i for m, span in spans if canonical[m.text] == focus.text for token in (span or ())}
    others = sorted(m.start for m in mentions if classes.get(m.text) != "Person")
    found: list[Mention] = []
    previous_about_focus = False
    for sentence in doc.sents:
        if in_heading(sentence.start_char):
            continue
        for token in sentence:
            if token.i in named:
                continue
            span = _noun_reference(token)
            if span is None and previous_about_focus and not any(sentence.start_char <= start < token.idx for start in others):
                span = _pronoun_reference(token)
            if span is not None:
                found.append(Mention(focus.text, doc[span[0]].idx, doc[span[1]].idx + len(doc[span[1]]), "Organization"))
                about_focus.update(range(span[0], span[1] + 1))
        previous_about_focus = any(t.i in about_focus for t in _main_subjects(sentence))
    return found


def _noun_reference(token: Token) -> tuple[int, int] | None:
    """"the company", "the firm's", "Company spokesperson": the token range, if ``token`` is one."""
    if token.pos_ != "NOUN" or token.lemma_.lower() not in ANAPHORS or token.tag_ not in ("NN", "NNP"):
        return None
    # only the bare noun: "the warehouse automation company" introduces or describes one
    if any(c.dep_ not in ("det", "case", "punct") for c in token.children):
        return None
    if token.dep_ in ("appos", "attr") or (token.dep_ == "compound" and not _is_title(token.head)):
        return None
    det = [c for c in token.children if c.dep_ == "det"]
    if det and det[0].lower_ == "the":
        return det[0].i, token.i
    if not det and token.dep_ == "compound":  # "Company spokesperson X", "company chairman X"
        return token.i, token.i
    return None


def _pronoun_reference(token: Token) -> tuple[int, int] | None:
    """"it" or "its" standing for the organisation the previous sentence was about, unless a
    dummy ("it is clear")."""
    if token.lower_ not in ("it", "its") or token.pos_ != "PRON":
        return None
    if token.lower_ == "it" and (token.dep_ not in ("nsubj", "nsubjpass", "dobj", "pobj")
                                 or token.head.lemma_.lower() in _DUMMY_IT_HEADS):
        return None
    return token.i, token.i


def _main_subjects(sentence) -> list[Token]:
    """Subjects of the sentence's main verb (and of verbs coordinated with it)."""
    return [t for t in sentence if t.dep_ in ("nsubj", "nsubjpass")
            and (t.head.dep_ == "ROOT" or (t.head.dep_ == "conj" and t.head.head.dep_ == "ROOT"))]


def _is_title(token: Token) -> bool:
    return token.lemma_.lower() in word_list("job_titles.txt") | {"spokesperson", "ceo", "cfo", "cto", "coo"}
