"""Who holds a title at which organisation: "Y CEO X", "X, CEO of Y", "Y's chief
executive, X", "X is the founder of Y", "X serves as chief executive of Y".

Shared by the extractors of roles (ceo, founding, spokesperson, ...); each passes its
own test of what the title is. ``title_roles`` also reads the title as written and
whether the role is current, former or interim ("former CEO X", "interim chief
executive X", "X stepped down as CEO of Y"), and can fall back on the organisation in
focus when the title names none ("interim CEO X" in an article about one company).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterable, Iterator

from spacy.tokens import Token

from kg.extract.syntax import SentenceView, children, prep_objects
from kg.models import Mention

#: Prepositions that introduce the organisation of a title: "CEO of Y", "analyst at Y", "spokesman for Y".
TITLE_PREPS = ("of", "at", "for", "with")
_COPULAS = {"be", "become", "remain", "serve", "act", "work", "join", "name", "appoint"}
#: Verbs whose subject leaves the role of their "as" phrase: "X stepped down as CEO of Y".
_LEAVING = {"step", "resign", "quit", "retire", "leave", "depart", "exit"}  # "step" only down or aside
#: Words before a title that say the role is not (or not yet) current, or only for now.
_FORMER = {"former", "ex", "ex-", "erstwhile", "previous", "late", "then", "one-time", "onetime", "past"}
_INTERIM = {"interim", "acting", "caretaker", "temporary"}
_NOT_YET = {"incoming", "future", "would-be", "designate", "prospective", "next", "likely", "possible", "potential"}


@dataclass(frozen=True)
class Role:
    """A person's title at an organisation, as one sentence states it."""

    holder: Mention
    organisation: Mention
    title: str  # as written, without the words of status: "interim CEO", "chief AI officer"
    status: str  # "current", "former" or "interim"
    from_focus: bool = False  # the organisation is the article's focus, not named with the title


def title_roles(view: SentenceView, is_title: Callable[[Token], bool], *, focus: bool = False,
                preps: tuple[str, ...] = TITLE_PREPS) -> Iterator[Role]:
    """Every role the sentence states for titles that ``is_title`` accepts; nothing for roles
    not yet held ("incoming CEO"). With ``focus``, a title that names no organisation at all
    ("interim CEO X said") is read as a title at the organisation in focus."""
    for title in view.span:
        if not is_title(title):
            continue
        status = role_status(title)
        if status is None:
            continue
        holders = [h for h in holders_of(view, title, _more_holders(view, title)) if view.cls(h) == "Person"]
        if not holders:
            continue
        if _leaving(title):
            status = "former"
        organisations = view.mentions_of(_organisation_tokens(title, preps))
        if not organisations:
            organisations = _organisation_before(view, title)
        if not organisations and title.dep_ == "conj":  # "Y's chairman and chief executive X"
            organisations = view.mentions_of(_organisation_tokens(title.head, preps))
        from_focus = False
        if (not organisations and focus and _names_no_organisation(title) and _named_before(view, title) is None
                and view.focus() is not None):
            organisations, from_focus = [view.focus()], True
        for holder in holders:
            holder_status = "former" if _leaves(view, holder) else status
            for organisation in organisations:
                if holder != organisation:
                    yield Role(holder, organisation, title_text(view, title), holder_status, from_focus)


def role_status(title: Token) -> str | None:
    """"former", "interim" or "current" from the words before the title; None when not yet held."""
    words = {t.lower_ for t in _modifiers(title)}
    if words & _NOT_YET:
        return None
    if words & _FORMER or title.lower_.startswith("ex-"):
        return "former"
    return "interim" if words & _INTERIM else "current"


def role_qualifiers(role: Role) -> dict[str, str]:
    """The evidence qualifiers of a role: ``roleTitle`` and ``roleStatus`` (ontology names)."""
    return {"roleTitle": role.title, "roleStatus": role.status}


def title_text(view: SentenceView, title: Token) -> str:
    """The title as written, from its first title word to its head word, without the words of
    status or the organisation's name: "interim CEO", "chief AI officer", "chief executive"."""
    doc = view.span.doc
    start = title.i
    for token in reversed(_written_before(title)):
        if token.i in view.by_token or token.lower_ in _FORMER | _NOT_YET:
            break
        start = token.i
    words = [t.text for t in doc[start:title.i + 1]]
    # "chief executive of Y": the head word is "executive", its "officer" may follow
    if title.i + 1 < len(doc) and doc[title.i + 1].lower_ == "officer" and doc[title.i + 1].head == title:
        words.append(doc[title.i + 1].text)
    return " ".join(words)


def _written_before(title: Token) -> list[Token]:
    """The adjectives and nouns written right before the title, in order ("former interim chief")."""
    doc = title.doc
    found: list[Token] = []
    index = title.i - 1
    while index >= title.sent.start and len(found) < 5:
        token = doc[index]
        if not any(ch.isalpha() for ch in token.text) or (
                token.pos_ not in ("ADJ", "NOUN", "PROPN") and token.lower_ not in _FORMER | _INTERIM | _NOT_YET):
            break  # a bullet or a verb ends the title
        found.insert(0, token)
        index -= 1
    return found


def _modifiers(title: Token) -> list[Token]:
    """Words that modify the title: written right before it, its left children, and
    "designate" after it ("CEO-designate")."""
    found = _written_before(title) + [c for c in title.children if c.i < title.i]
    found += [c for c in title.children if c.i > title.i and c.lower_ in _NOT_YET]
    return found


def _is_leaving_verb(verb: Token) -> bool:
    """"resigned", "left", "stepped down" (not "stepped in")."""
    lemma = verb.lemma_.lower()
    return lemma in _LEAVING and (lemma != "step" or any(c.lower_ in ("down", "aside") for c in verb.children))


def _leaving(title: Token) -> bool:
    """"X stepped down as CEO of Y"."""
    return title.dep_ == "pobj" and title.head.lower_ == "as" and _is_leaving_verb(title.head.head)


def _more_holders(view: SentenceView, title: Token) -> list[Token]:
    """Holders the parse does not link to the title: the name written right after it ("CEO
    Jason Droege" when a bullet or a quote breaks the parse), the subject of "stepped down as"
    or "stepped in as"."""
    found = []
    after = title.i + 1
    if after < view.span.end and after in view.by_token and view.by_token[after].start == view.span.doc[after].idx:
        found.append(view.span.doc[after])
    if _leaving(title) or _stepping_in(title):
        found.extend(children(title.head.head, "nsubj"))
    return found


def _stepping_in(title: Token) -> bool:
    """"X stepped in as interim CEO", "X stepped up as chair"."""
    verb = title.head.head
    return (title.dep_ == "pobj" and title.head.lower_ == "as" and verb.lemma_.lower() == "step"
            and any(c.lower_ in ("in", "up") for c in verb.children))


def _named_before(view: SentenceView, title: Token) -> Mention | None:
    """The name written right before the title's words: "Royal Bank of Scotland chief executive X"."""
    index = title.i - 1
    while index >= view.span.start and index not in view.by_token:
        token = view.span.doc[index]
        if not any(ch.isalpha() for ch in token.text) or token.pos_ not in ("ADJ", "NOUN"):
            return None
        index -= 1
    return view.by_token.get(index) if index >= view.span.start else None


def _organisation_before(view: SentenceView, title: Token) -> list[Mention]:
    """The organisation named right before the title when the parse does not link them."""
    mention = _named_before(view, title)
    return [mention] if mention is not None and view.cls(mention) == "Organization" else []


def _leaves(view: SentenceView, holder: Mention) -> bool:
    """Whether the holder is the subject of a verb of leaving: "chief executive X resigned",
    "X and Y have left the firm", "X stepped down"."""
    span = view.span.doc.char_span(holder.start, holder.end, alignment_mode="expand")
    if span is None:
        return False
    head = span.root
    while head.dep_ == "conj":
        head = head.head
    return head.dep_ == "nsubj" and _is_leaving_verb(head.head)


def _names_no_organisation(title: Token) -> bool:
    """No possessive, "of/at/for" phrase or proper-noun modifier that would name the employer,
    nor one on a title it is coordinated with ("Y's chairman and chief executive X")."""
    if any(c.dep_ == "poss" or (c.dep_ == "compound" and c.pos_ == "PROPN") for c in title.children):
        return False
    if title.head.dep_ == "conj" and children(title.head.head, "poss"):
        return False
    return not prep_objects(title, *TITLE_PREPS)


def title_holders(view: SentenceView, is_title: Callable[[Token], bool],
                  preps: tuple[str, ...] = TITLE_PREPS) -> Iterator[tuple[Mention, Mention]]:
    """(holder, organisation) pairs for every title in the sentence that ``is_title`` accepts;
    ``preps`` replaces the prepositions that introduce the organisation ("a rival to Y")."""
    for _, holder, organisation in titled_pairs(view, is_title, preps):
        yield holder, organisation


def titled_pairs(view: SentenceView, is_title: Callable[[Token], bool],
                 preps: tuple[str, ...] = TITLE_PREPS) -> Iterator[tuple[Token, Mention, Mention]]:
    """``title_holders`` with the title's head word, for callers that read its modifiers."""
    for title in view.span:
        if not is_title(title):
            continue
        holders = holders_of(view, title)
        organisations = view.mentions_of(_organisation_tokens(title, preps))
        for holder in holders:
            for organisation in organisations:
                if holder != organisation:
                    yield title, holder, organisation


def holders_of(view: SentenceView, title: Token, more: Iterable[Token] = ()) -> list[Mention]:
    """Who holds the title. A title written before a name belongs to that name only, not to
    the names coordinated with it: in "Fiat boss X and GM's Y", Y is not Fiat's boss."""
    tokens = _holder_tokens(title) + list(more)
    if title.dep_ == "conj" and title.head.pos_ in ("NOUN", "PROPN"):  # "X, Y's chairman and chief executive"
        tokens += _holder_tokens(title.head)
    if title.dep_ in ("compound", "amod", "nmod") and title.head.i > title.i:
        named = view.mention(title.head)
        rest = view.mentions_of([t for t in tokens if t.i != title.head.i])
        return ([named] if named is not None else []) + [m for m in rest if m != named]
    return view.mentions_of(tokens)


def _holder_tokens(title: Token) -> list[Token]:
    found = children(title, "appos")  # "the chief executive, X"
    if title.dep_ in ("compound", "amod", "nmod", "appos"):  # "CEO X", "X, CEO of Y"
        found.append(title.head)
    elif title.dep_ == "attr" or (title.dep_ == "pobj" and title.head.lower_ == "as"):
        verb = title.head if title.dep_ == "attr" else title.head.head
        if verb.lemma_.lower() in _COPULAS:  # "X is CEO of Y", "X serves as CEO of Y"
            found.extend(children(verb, "nsubj", "nsubjpass", "dobj"))
    elif title.dep_ == "oprd":  # "Y named X publisher", "X was named publisher of Y"
        found.extend(children(title.head, "dobj", "nsubjpass"))
    return found


def _organisation_tokens(title: Token, preps: tuple[str, ...] = TITLE_PREPS) -> list[Token]:
    found = children(title, "poss", "compound") + prep_objects(title, *preps)
    if title.dep_ == "compound":  # "Scale AI CEO Jason Droege": the company may hang off the name
        found.extend(c for c in title.head.children if c.dep_ == "compound" and c.i < title.i)
    return found
