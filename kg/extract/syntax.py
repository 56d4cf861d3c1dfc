"""Helpers that rule extractors share: which mention a token belongs to, who is
the subject of a verb, active and passive voice, coordination, lists of examples
("clients such as A, B and C"), negation and hedges, and the organisation in focus."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, Iterator

from spacy.tokens import Doc, Span, Token

from kg.models import Mention

#: Verbs under which a plain fact is not asserted (hedges and denials).
HEDGES = {"deny", "consider", "plan", "mull", "weigh", "explore", "seek", "want", "hope", "aim",
          "intend", "try", "attempt", "refuse", "reject", "rumour", "rumor", "speculate", "could", "may", "might"}


_RELATIVE_PRONOUNS = {"which", "who", "that"}
_IT = {"it", "its"}

#: Keys of ``Doc.user_data`` where kg.extract.focus leaves what it read from the whole article.
FOCUS_KEY = "kg.focus"  # the Mention of the organisation in focus, or None
CLASSES_KEY = "kg.classes"  # name as written -> the class its full name has in the article
TEXT_KEY = "kg.text"  # the Doc's text, joined once (see doc_text)

#: Words after which a list of examples follows: "such as", "like", "including".
_EXAMPLE_PREPS = {"like", "including", "as"}
#: Separators between the names of a written list: "A, B and C", "A or B", "A & B" (and "as well as").
_LIST_SEPARATORS = {",", "and", "or", "&"}


def doc_text(doc: Doc) -> str:
    """The Doc's text. spaCy's ``Doc.text`` joins every token's text on each call, which made
    extraction slower than parsing when every sentence asked for it; this joins it once per Doc."""
    text = doc.user_data.get(TEXT_KEY)
    if text is None:
        text = doc.user_data[TEXT_KEY] = doc.text
    return text


@dataclass
class SentenceView:
    """One sentence and the mentions in it, indexed by token."""

    span: Span
    mentions: list[Mention]
    by_token: dict[int, Mention] = field(default_factory=dict)
    #: Mentions inside other mentions ("U.S." in "U.S. Congress"), kept out of ``mentions``.
    nested: list[Mention] = field(default_factory=list)

    def __post_init__(self) -> None:
        doc = self.span.doc
        self.classes: dict[str, str] = doc.user_data.get(CLASSES_KEY, {})
        for mention in self.mentions:
            mention_span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
            for token in mention_span or ():
                self.by_token[token.i] = mention

    def mention(self, token: Token) -> Mention | None:
        """The mention a token is part of, looking through appositions ("its founder, X"), from
        a kind of organisation to its name ("the Rollei company") and through "it"/"its" to the
        nearest organisation named before it in the sentence."""
        if token.i in self.by_token:
            return self.by_token[token.i]
        for child in token.children:
            if child.dep_ == "appos" and child.i in self.by_token:
                return self.by_token[child.i]
        if token.pos_ == "NOUN" and token.lemma_.lower() in _organisation_kinds():
            named = [self.by_token[c.i] for c in token.children if c.dep_ == "compound" and c.i in self.by_token]
            if len(named) == 1 and self.cls(named[0]) == "Organization":
                return named[0]
        if token.lower_ in _IT and token.pos_ == "PRON":
            return self.organisation_before(token)
        return None

    def organisation_before(self, token: Token) -> Mention | None:
        """The nearest organisation mentioned before ``token`` in the sentence, if any."""
        before = [m for m in self.mentions if m.end <= token.idx and self.cls(m) == "Organization"]
        return max(before, key=lambda m: m.end) if before else None

    def cls(self, mention: Mention) -> str:
        """The mention's class as the article uses the name (NER tags one name differently from
        sentence to sentence: "Scale AI" is a person in one and an organisation in the next)."""
        return self.classes.get(mention.text, mention.cls)

    def focus(self) -> Mention | None:
        """The organisation the article is about, when one clearly is (see kg.extract.focus)."""
        return self.span.doc.user_data.get(FOCUS_KEY)

    def examples(self, noun: Token) -> list[Mention]:
        """Mentions given as examples of ``noun``: "companies such as A, B and C", "rivals like A",
        "clients including A"; read from the parse and, where the parse breaks a long list,
        from the written list itself."""
        found: list[Mention] = []
        for head in example_heads(noun):
            for mention in self.mentions_of([head]) + self.listed_after(head):
                if mention not in found:
                    found.append(mention)
        return found

    def listed_after(self, token: Token) -> list[Mention]:
        """The mentions written as a list after the mention ``token`` is in: "A, B, and C".

        A name after a bare comma counts only when another separator follows it, so the
        subject of the next clause ("... such as A, B said") is not read as an item.
        """
        mention = self.by_token.get(token.i)
        found: list[Mention] = []
        doc, end = self.span.doc, self.span.end
        while mention is not None:
            index = self._last_token(mention) + 1
            separators = []
            while index < end:
                if doc[index:index + 3].text.lower() == "as well as":
                    separators.append("and")
                    index += 3
                elif doc[index].lower_ in _LIST_SEPARATORS:
                    separators.append(doc[index].lower_)
                    index += 1
                else:
                    break
            following = self.by_token.get(index) if index < end else None
            if not separators or following is None or following in found or following == mention:
                break
            if set(separators) == {","}:
                after = self._last_token(following) + 1
                if after >= end or doc[after].lower_ not in _LIST_SEPARATORS:
                    break
            found.append(following)
            mention = following
        return found

    def _last_token(self, mention: Mention) -> int:
        return max(i for i, m in self.by_token.items() if m == mention)

    def mentions_of(self, tokens: Iterable[Token]) -> list[Mention]:
        """Mentions of the tokens and of everything coordinated with them ("A, B and C")."""
        found: list[Mention] = []
        for token in tokens:
            for each in (token, *token.conjuncts):
                mention = self.mention(each)
                if mention is not None and mention not in found:
                    found.append(mention)
        return found



def _organisation_kinds() -> set[str]:
    from kg.extract.names import ORGANISATION_KINDS  # names builds on this module
    return ORGANISATION_KINDS


def example_heads(noun: Token) -> list[Token]:
    """First tokens of the examples given for ``noun``: "companies like A", "rivals such as A",
    "clients including A", "its customers include A", "its biggest client is A"."""
    heads: list[Token] = []
    for prep in noun.children:
        if prep.dep_ not in ("prep", "acl") or prep.lower_ not in _EXAMPLE_PREPS:
            continue
        if prep.lower_ == "as" and not (any(c.lower_ == "such" for c in prep.children) or
                                        (prep.i > 0 and prep.nbor(-1).lower_ == "such")):
            continue
        heads.extend(children(prep, "pobj", "dobj"))
    if noun.dep_ == "nsubj" and noun.head.lemma_.lower() in ("include", "be"):
        heads.extend(children(noun.head, "dobj", "attr"))
    return heads


def clause_subjects(token: Token) -> list[Token]:
    """Subjects of the clause a verb belongs to, climbing out of participles and infinitives
    that have none of their own: "X provides ..., using workers to annotate ..." (X annotates),
    "X has been instrumental in helping ..." (X helps)."""
    current, via = token, None
    for _ in range(8):
        if current.pos_ in ("VERB", "AUX") and children(current, "nsubjpass", "auxpass"):
            # a passive verb's subject is no doer ("Y was sold to Z"), but it does what its
            # infinitive says ("X was hired to lead Y")
            return children(current, "nsubjpass") if via == "xcomp" else []
        found = subjects(current) if current.pos_ in ("VERB", "AUX") else []
        if found:
            return found
        if current.dep_ in ("advcl", "pcomp", "prep", "acomp", "xcomp", "conj") and current.head.i != current.i:
            current, via = current.head, current.dep_
        else:
            return []
    return []


def direct_objects(verb: Token) -> list[Token]:
    """The verb's direct objects, with a relative pronoun replaced by what it stands for:
    in "the unit that BMW sold", what was sold is the unit."""
    found = children(verb, "dobj")
    if verb.dep_ == "relcl":
        found = [verb.head if t.lower_ in _RELATIVE_PRONOUNS else t for t in found]
    return found


_ARGUMENT_LINKS = {"dobj", "pobj", "prep", "nsubj", "nsubjpass", "attr", "appos", "conj", "npadvmod", "oprd", "agent",
                   "dative"}


def governing_verb(token: Token) -> Token | None:
    """The verb a noun phrase is an argument of: "X faces rivals such as A" -> faces."""
    current = token
    for _ in range(6):
        if current.dep_ not in _ARGUMENT_LINKS:
            return None
        current = current.head
        if current.pos_ in ("VERB", "AUX"):
            return current
    return None


def object_controller(verb: Token) -> list[Token]:
    """The object of the verb an infinitive depends on, which is its subject:
    "Y hired X to lead Z" (X leads Z)."""
    if verb.dep_ == "xcomp" and verb.head.pos_ == "VERB":
        return children(verb.head, "dobj")
    return []


#: Links followed up from a word to the clauses it belongs to, for negation and hedges.
_CLIMB = {"xcomp", "ccomp", "conj", "pcomp", "advcl", "acl", "prep", "pobj", "dobj", "nsubj", "nsubjpass", "attr",
          "appos", "compound", "amod", "poss"}


def is_asserted_in(token: Token, hedges: Iterable[str] = ()) -> bool:
    """False when ``token`` or a clause above it is negated or hedged ("did not partner with",
    "denied that it would end", "plans to launch"), with the caller's extra hedge words
    ("talks" for partnerships, "will" for launches)."""
    words = HEDGES | set(hedges)
    current = token
    for _ in range(12):
        if current.i != token.i and current.lemma_.lower() in words:
            return False
        if any(c.dep_ == "neg" or (c.dep_ in ("aux", "advmod") and {c.lemma_.lower(), c.lower_} & words)
               for c in current.children):
            return False
        if current.dep_ not in _CLIMB or current.head.i == current.i:
            break
        if current.dep_ == "nsubj" and current.pos_ in ("NOUN", "PROPN"):
            break  # "a venture between A and B will build cells": the verb of a subject does not hedge it
        current = current.head
    return True


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


def noun_owners(view: SentenceView, noun: Token) -> list[Mention]:
    """Whose thing a noun is: its possessor ("Y's customers", "its rivals"), else the subject
    of the clause it is the object of ("Y serves customers such as A")."""
    owners = view.mentions_of(children(noun, "poss"))
    if owners:
        return owners
    verb = governing_verb(noun)
    if verb is not None and noun.dep_ in ("dobj", "pobj"):
        return view.mentions_of(clause_subjects(verb))
    return []
