"""An organisation cuts jobs: who, how many (``headcount``) and what share of its staff (``percentage``).

Triggers: "lay off" ("is laying off 200 employees"), "cut", "shed", "eliminate", "axe" or "slash"
jobs or staff ("cut 200 jobs, about 14% of its staff"), "let go" ("200 staff were let go"), and the
nouns "layoffs", "redundancies", "job cuts" ("layoffs of about 14% of its workforce"). The
organisation is the verb's subject, the noun's owner ("Veltrix's layoffs", "layoffs at Veltrix") or
the subject of the verb that takes the noun ("Veltrix announced 300 layoffs"); failing those, the one
organisation the sentence names, when the sentence also says how many. A hedge is kept as a status
("plans to cut": planned), never dropped, so the store records the layoff without asserting it.

A finding's object is None: the other side is not an entity but the organisation's kg:Layoff, which
the store makes from the qualifiers.
"""

from __future__ import annotations

from typing import Iterator

from spacy.tokens import Span, Token

from kg.extract import Finding, register_extractor
from kg.extract.money import parse_percent
from kg.extract.status import statement_status, tense_status
from kg.extract.syntax import SentenceView, children, prep_objects, subjects
from kg.models import Mention

#: Verbs that cut jobs when their object is staff ("cut 200 jobs"); "lay off" and "let go" always do.
CUT_VERBS = {"cut", "shed", "eliminate", "axe", "slash", "trim", "reduce"}
#: Nouns for the people or posts a layoff removes.
STAFF_NOUNS = {"job", "employee", "staff", "worker", "position", "role", "people", "person", "post", "staffer",
               "workforce", "headcount", "personnel", "employment"}
#: Nouns that are a layoff by themselves, and nouns that are one after "job" or "staff" ("job cuts").
LAYOFF_NOUNS = {"layoff", "layoffs", "lay-off", "lay-offs", "redundancy", "redundancies"}
CUT_NOUNS = {"cut", "loss", "reduction"}
#: Verbs whose object says how many a layoff noun concerns ("the cuts affect 1,200 workers").
COUNT_VERBS = {"affect", "hit", "involve", "include", "total"}
#: Verbs that make a layoff noun announced, not yet done ("announced 300 layoffs").
ANNOUNCE_VERBS = {"announce", "unveil", "confirm", "outline", "detail", "disclose"}
_SCALES = {"hundred": 100, "thousand": 1000, "million": 10**6}

Qualifiers = dict


@register_extractor("layoff", predicates=["laidOff"])
def extract_layoffs(view: SentenceView) -> Iterator[Finding]:
    # One layoff per organisation and sentence, however many words name it ("cut 200 jobs ... the layoffs").
    best: dict[Mention, tuple[float, Qualifiers]] = {}
    for token in view.span:
        for organisation, confidence, qualifiers in _readings(view, token):
            known_confidence, known = best.get(organisation, (0.0, {}))
            surer, other = (qualifiers, known) if confidence > known_confidence else (known, qualifiers)
            best[organisation] = (max(confidence, known_confidence), {**other, **surer})
    for organisation, (confidence, qualifiers) in best.items():
        yield Finding(organisation, "laidOff", None, confidence, qualifiers)


def _readings(view: SentenceView, token: Token) -> Iterator[tuple[Mention, float, Qualifiers]]:
    """(organisation, confidence, qualifiers) for a trigger word, nothing for any other."""
    if token.pos_ in ("VERB", "AUX") and _is_layoff_verb(token):
        counted = _counted(token, _objects(token))
        status = statement_status(token) or tense_status(token)
        organisations = [(m, 0.85) for m in view.mentions_of(_doers(token))]
        organisations += [(m, 0.8) for m in view.mentions_of(prep_objects(token, "at")) if m.cls == "Organization"]
    elif token.pos_ in ("NOUN", "PROPN") and _is_layoff_noun(token):
        counted = _counted(token, [token, *_objects(token), *_count_verb_objects(token)])
        status = statement_status(token) or _noun_status(token)
        organisations = [(m, 0.8) for m in _owners(view, token)]
        if not organisations and token.dep_ == "dobj":
            organisations = [(m, 0.75) for m in view.mentions_of(_doers(token.head))]
    else:
        return
    qualifiers = {**counted, **({"status": status} if status else {})}
    if not organisations and counted:
        named = [m for m in view.mentions if m.cls == "Organization"]
        organisations = [(named[0], 0.6)] if len({m.text for m in named}) == 1 else []
    for organisation, confidence in organisations:
        yield organisation, confidence, qualifiers


def _doers(verb: Token) -> list[Token]:
    """Who cuts: the verb's subject, or the subject of the verb whose plan it is ("X has no plans to cut jobs").

    Not a subject shared with a subordinate clause the parser took for the main one ("after X
    bought Y, the start-up is laying off ..." is not X laying off). The classes of the names are
    left to resolution and the ontology: the small model often tags a company as a person.
    """
    if verb.dep_ == "conj" and not children(verb, "nsubj") and children(verb.head, "mark"):
        return []
    found = subjects(verb)
    if not found and verb.dep_ == "acl" and verb.head.dep_ == "dobj":
        found = subjects(verb.head.head)
    return found


def _noun_status(noun: Token) -> str | None:
    """"announced layoffs" are announced; "made 300 redundancies" by the verb's tense; a bare noun says nothing."""
    if noun.dep_ != "dobj":
        return None
    return "announced" if noun.head.lemma_.lower() in ANNOUNCE_VERBS else tense_status(noun.head)


def _is_layoff_verb(verb: Token) -> bool:
    lemma = verb.lemma_.lower()
    if lemma == "lay":
        return any(child.lower_ == "off" for child in verb.children)
    if lemma == "let":
        return any(child.lemma_ == "go" for child in verb.children)
    return lemma in CUT_VERBS and any(_is_staff(obj) for obj in _objects(verb))


def _is_layoff_noun(noun: Token) -> bool:
    if noun.lower_ in LAYOFF_NOUNS or noun.lemma_.lower() in LAYOFF_NOUNS:
        return True
    return noun.lemma_.lower() in CUT_NOUNS and any(
        child.dep_ in ("compound", "amod") and child.lemma_.lower() in STAFF_NOUNS for child in noun.children)


def _objects(token: Token) -> list[Token]:
    """What is cut, with its conjuncts and appositions ("200 employees, or 14 percent of its workforce")."""
    found = children(token, "dobj", "nsubjpass") + prep_objects(token, "of", "by")
    found += [g for go in children(token, "xcomp") if go.lemma_ == "go" for g in children(go, "dobj")]  # let go 200 staff
    return found + [extra for obj in found for extra in (*obj.conjuncts, *children(obj, "appos"))]


def _count_verb_objects(noun: Token) -> list[Token]:
    """"The cuts affect 1,200 workers": the objects of the verb the noun is the subject of."""
    head = noun.head
    if noun.dep_ == "nsubj" and head.lemma_.lower() in COUNT_VERBS:
        return children(head, "dobj")
    return []


def _is_staff(token: Token) -> bool:
    """Staff, or a number or share of staff ("200 of its employees", "14% of its workforce")."""
    if token.lemma_.lower() in STAFF_NOUNS:
        return True
    return any(obj.lemma_.lower() in STAFF_NOUNS for obj in prep_objects(token, "of"))


def _owners(view: SentenceView, noun: Token) -> list[Mention]:
    """Whose layoffs: "Veltrix's layoffs", "Veltrix layoffs", "layoffs at Veltrix"."""
    owners = view.mentions_of(children(noun, "poss", "compound") + prep_objects(noun, "at", "by"))
    return owners + [m for m in view.mentions_of(prep_objects(noun, "in", "across")) if m.cls == "Organization"]


def _counted(trigger: Token, phrase: list[Token]) -> Qualifiers:
    """``headcount`` and ``percentage`` the trigger's phrase states."""
    qualifiers: Qualifiers = {}
    for token in phrase:
        count = _staff_count(token)
        if count is not None:
            qualifiers.setdefault("headcount", count)
    percent = _percent_in(trigger.sent, [t for token in phrase for t in token.subtree])
    if percent is not None:
        qualifiers["percentage"] = percent
    return qualifiers


def _staff_count(token: Token) -> int | None:
    """The number of people a token counts: "200 jobs", "1,200 workers", "laying off 200", "300 layoffs"."""
    if token.like_num and token.dep_ != "nummod" and not _is_percent_number(token):
        return _number(token)
    if token.lemma_.lower() in STAFF_NOUNS | LAYOFF_NOUNS | CUT_NOUNS:
        for child in children(token, "nummod"):
            if not _is_percent_number(child):
                return _number(child)
    return None


def _is_percent_number(token: Token) -> bool:
    return token.head.lower_ in ("%", "percent", "pct") or token.ent_type_ in ("PERCENT", "MONEY", "DATE")


def _number(token: Token) -> int | None:
    """Digits as an int ("1,200"), scaled by a following or governing "thousand"; None for words such as "hundreds"."""
    text = token.text.replace(",", "")
    scale = _SCALES.get(token.lower_)
    if scale is not None:  # "1.5 million": the number hangs off the scale word
        digits = [child for child in token.children if child.like_num]
        return int(float(digits[0].text.replace(",", "")) * scale) if digits and _is_float(digits[0].text) else None
    if not _is_float(text):
        return None
    following = token.nbor(1) if token.i + 1 < len(token.doc) else None
    factor = _SCALES.get(following.lower_, 1) if following is not None else 1
    return int(float(text) * factor)


def _is_float(text: str) -> bool:
    try:
        float(text.replace(",", ""))
    except ValueError:
        return False
    return True


def _percent_in(sentence: Span, tokens: list[Token]):
    """The first share ("about 14%", "14 percent") inside the given tokens."""
    inside = {t.i for t in tokens}
    for ent in sentence.ents:
        if ent.label_ == "PERCENT" and ent.root.i in inside:
            return parse_percent(ent.text)
    for token in sorted(tokens, key=lambda t: t.i):
        if token.lower_ in ("%", "percent", "pct"):
            number = [child for child in token.children if child.like_num]
            if number:
                return parse_percent(f"{number[0].text}%")
    return None
