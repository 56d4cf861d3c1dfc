"""Helpers that rule extractors share: which mention a token belongs to, who is
the subject of a verb, active and passive voice, coordination and negation."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, Iterator

from spacy.tokens import Span, Token

from kg.models import Mention

#: Verbs under which a plain fact is not asserted (hedges and denials).
HEDGES = {"deny", "consider", "plan", "mull", "weigh", "explore", "seek", "want", "hope", "aim",
          "intend", "try", "attempt", "refuse", "reject", "rumour", "rumor", "speculate", "could", "may", "might"}


_RELATIVE_PRONOUNS = {"which", "who", "that"}
_IT = {"it", "its"}


@dataclass
class SentenceView:
    """One sentence and the mentions in it, indexed by token."""

    span: Span
    mentions: list[Mention]
    by_token: dict[int, Mention] = field(default_factory=dict)

    def __post_init__(self) -> None:
        doc = self.span.doc
        for mention in self.mentions:
            mention_span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
            for token in mention_span or ():
                self.by_token[token.i] = mention

    def mention(self, token: Token) -> Mention | None:
        """The mention a token is part of, looking through appositions ("its founder, X")
        and through "it"/"its" to the nearest organisation named before it in the sentence."""
        if token.i in self.by_token:
            return self.by_token[token.i]
        for child in token.children:
            if child.dep_ == "appos" and child.i in self.by_token:
                return self.by_token[child.i]
        if token.lower_ in _IT and token.pos_ == "PRON":
            return self.organisation_before(token)
        return None

    def organisation_before(self, token: Token) -> Mention | None:
        """The nearest organisation mentioned before ``token`` in the sentence, if any."""
        before = [m for m in self.mentions if m.end <= token.idx and m.cls == "Organization"]
        return max(before, key=lambda m: m.end) if before else None

    def mentions_of(self, tokens: Iterable[Token]) -> list[Mention]:
        """Mentions of the tokens and of everything coordinated with them ("A, B and C")."""
        found: list[Mention] = []
        for token in tokens:
            for each in (token, *token.conjuncts):
                mention = self.mention(each)
                if mention is not None and mention not in found:
                    found.append(mention)
        return found



def children(token: Token, *deps: str) -> list[Token]:
    return [child for child in token.children if child.dep_ in deps]


def subjects(verb: Token) -> list[Token]:
    """Active subjects of a verb, inherited through coordination ("X paid ... and hired Y")."""
    found = children(verb, "nsubj")
    if verb.dep_ == "relcl" and any(t.lower_ in _RELATIVE_PRONOUNS for t in found):
        return [verb.head]  # "X, which bought Y": the subject is what the clause describes
    if found:
        return found
    if verb.dep_ == "conj" and verb.head.pos_ in ("VERB", "AUX"):
        return subjects(verb.head)
    if verb.dep_ == "xcomp":  # "X agreed to buy Y"
        return subjects(verb.head)
    return []


def passive_subjects(verb: Token) -> list[Token]:
    found = children(verb, "nsubjpass")
    if not found and verb.dep_ == "conj" and verb.head.pos_ in ("VERB", "AUX"):
        return passive_subjects(verb.head)
    return found


def agents(verb: Token) -> list[Token]:
    """The "by X" of a passive verb."""
    return [pobj for agent in children(verb, "agent") for pobj in children(agent, "pobj")]


def actor_patient_pairs(view: SentenceView, verb: Token, objects: list[Token] | None = None) -> Iterator[tuple[Mention, Mention]]:
    """(doer, done-to) mentions of a transitive verb, active ("X bought Y") or passive ("Y was bought by X").

    ``objects`` replaces the verb's direct objects when a pattern needs other ones.
    """
    objects = children(verb, "dobj") if objects is None else objects
    for actor in view.mentions_of(subjects(verb)):
        for patient in view.mentions_of(objects):
            yield actor, patient
    for patient in view.mentions_of(passive_subjects(verb)):
        for actor in view.mentions_of(agents(verb)):
            yield actor, patient


def prep_objects(token: Token, *preps: str) -> list[Token]:
    """Objects of the token's prepositions, e.g. ``prep_objects(invest, "in", "into")``."""
    return [pobj for prep in token.children if prep.dep_ == "prep" and prep.lower_ in preps
            for pobj in children(prep, "pobj")]


def is_asserted(verb: Token) -> bool:
    """False when negated or under a hedge ("did not buy", "plans to buy", "denied buying")."""
    token: Token | None = verb
    while token is not None:
        if any(child.dep_ == "neg" for child in token.children):
            return False
        if token is not verb and token.lemma_.lower() in HEDGES:
            return False
        if any(child.dep_ == "aux" and child.lemma_.lower() in HEDGES for child in token.children):
            return False
        if token.dep_ in ("xcomp", "conj", "pcomp", "advcl") and token.head is not token:
            token = token.head
        else:
            token = None
    return True

