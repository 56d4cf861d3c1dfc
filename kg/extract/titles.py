"""Who holds a title at which organisation: "Y CEO X", "X, CEO of Y", "Y's chief
executive, X", "X is the founder of Y", "X serves as chief executive of Y".

Shared by the extractors of roles (ceo, founding); each passes its own test of
what the title is.
"""

from __future__ import annotations

from typing import Callable, Iterator

from spacy.tokens import Token

from kg.extract.syntax import SentenceView, children, prep_objects
from kg.models import Mention

_COPULAS = {"be", "become", "remain", "serve", "act", "work", "join", "name", "appoint"}


def title_holders(view: SentenceView, is_title: Callable[[Token], bool]) -> Iterator[tuple[Mention, Mention]]:
    """(holder, organisation) pairs for every title in the sentence that ``is_title`` accepts."""
    for title in view.span:
        if not is_title(title):
            continue
        holders = view.mentions_of(_holder_tokens(title))
        organisations = view.mentions_of(_organisation_tokens(title))
        for holder in holders:
            for organisation in organisations:
                if holder != organisation:
                    yield holder, organisation


def _holder_tokens(title: Token) -> list[Token]:
    found = children(title, "appos")  # "the chief executive, X"
    if title.dep_ in ("compound", "amod", "nmod", "appos"):  # "CEO X", "X, CEO of Y"
        found.append(title.head)
    elif title.dep_ == "attr" or (title.dep_ == "pobj" and title.head.lower_ == "as"):
        verb = title.head if title.dep_ == "attr" else title.head.head
        if verb.lemma_.lower() in _COPULAS:  # "X is CEO of Y", "X serves as CEO of Y"
            found.extend(children(verb, "nsubj", "nsubjpass", "dobj"))
    return found


def _organisation_tokens(title: Token) -> list[Token]:
    found = children(title, "poss", "compound") + prep_objects(title, "of", "at", "for", "with")
    if title.dep_ == "compound":  # "Scale AI CEO Jason Droege": the company may hang off the name
        found.extend(c for c in title.head.children if c.dep_ == "compound" and c.i < title.i)
    return found
