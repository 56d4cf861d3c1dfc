"""How far a statement goes: "plans to cut jobs" is planned, "denied it would" denied,
"scrapped plans to" cancelled, "may cut" rumoured.

``kg.extract.syntax.is_asserted`` drops such sentences; an extractor that would rather
keep them calls ``statement_status(verb)`` and puts the answer in its finding's
``status`` qualifier. The store then writes the event with that status, and no direct
fact (see ``kg.store.NOT_ASSERTED``).
"""

from __future__ import annotations

from spacy.tokens import Token

#: Words above a statement, and what they make of it. The outermost one decides:
#: "scrapped plans to cut" is cancelled, "denied plans to cut" denied.
STATUS_WORDS: dict[str, str] = {
    **dict.fromkeys(["plan", "consider", "mull", "weigh", "explore", "seek", "want", "hope", "aim", "intend",
                     "try", "attempt", "prepare", "propose", "expect", "threaten", "eye"], "planned"),
    **dict.fromkeys(["deny", "reject", "refuse", "dismiss"], "denied"),
    **dict.fromkeys(["cancel", "scrap", "abandon", "drop", "shelve", "halt", "suspend", "reverse", "withdraw"],
                    "cancelled"),
    **dict.fromkeys(["rumour", "rumor", "speculate", "could", "may", "might", "reportedly", "rumoured", "rumored"],
                    "rumoured"),
}
#: Verbs with a particle that say more than the verb alone ("ruled out", "called off").
PHRASAL: dict[tuple[str, str], str] = {("rule", "out"): "denied", ("call", "off"): "cancelled"}

#: Links from a statement up to the words that govern it ("plans" -xcomp-> "to cut"). Not through
#: prepositions or adverbial clauses: "despite the layoffs, it plans to hire" plans no layoffs.
_UP = {"xcomp", "ccomp", "acl", "dobj"}
_MODIFIERS = {"aux", "advmod", "amod", "neg", "det", "prt"}


def statement_status(token: Token) -> str | None:
    """The status the words governing ``token`` give it (planned, denied, cancelled, rumoured), or None."""
    found = None
    node: Token | None = token
    while node is not None:
        found = _level_status(node, is_start=node is token) or found
        if node.dep_ in _UP or (node.dep_ == "conj" and node.head.dep_ in _UP):
            node = node.head if node.head is not node else None
        else:
            node = None
    return found


def _level_status(node: Token, is_start: bool) -> str | None:
    """What one word and its modifiers say: "not" denies, "plans" plans, "no plans" denies."""
    status = None if is_start else STATUS_WORDS.get(node.lemma_.lower())
    modifiers = [child for child in node.children if child.dep_ in _MODIFIERS]
    for child in modifiers:
        if child.dep_ == "prt" and not is_start:
            status = PHRASAL.get((node.lemma_.lower(), child.lower_), status)
        elif child.dep_ in ("aux", "advmod", "amod") and child.lemma_.lower() in STATUS_WORDS:
            status = STATUS_WORDS[child.lemma_.lower()]
    if any(child.dep_ == "neg" or (child.dep_ == "det" and child.lower_ == "no") for child in modifiers):
        status = "denied"
    return status


def tense_status(verb: Token) -> str:
    """An unhedged statement by its tense: done ("cut", "were let go", "has cut") is completed, else announced."""
    governing = (verb, verb.head) if verb.dep_ == "conj" else (verb,)  # "is set to close ... and shed"
    auxiliaries = [child for token in governing for child in token.children if child.dep_ in ("aux", "auxpass")]
    if any(aux.lemma_ == "will" or aux.lower_ in ("would", "to") for aux in auxiliaries):
        return "announced"
    if verb.tag_ == "VBD" or (verb.tag_ == "VBN" and any(aux.tag_ == "VBD" or aux.lemma_ == "have" for aux in auxiliaries)):
        return "completed"
    return "announced"
