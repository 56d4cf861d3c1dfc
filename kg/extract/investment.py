"""X invested in Y, with the amount and the stake when the sentence states them.

Patterns: "X invested $2bn in Y", "X poured $14.3 billion into Y", "X paid $1bn
for a 49% stake in Y", "X bought a stake in Y", "X's investment in Y".
"""

from __future__ import annotations

from typing import Iterator

from spacy.tokens import Span, Token

from kg.extract import Finding, register_extractor
from kg.extract.money import parse_money, parse_percent
from kg.extract.syntax import SentenceView, children, is_asserted, prep_objects, subjects

_INVEST_VERBS = {"invest", "reinvest", "co-invest"}
_MONEY_VERBS = {"pour", "plough", "plow", "pump", "inject", "put", "sink"}
_STAKE_VERBS = {"buy", "acquire", "take", "purchase", "pay", "spend", "build", "raise", "increase"}
_STAKE_NOUNS = {"stake", "holding", "share", "interest"}
_INVESTMENT_NOUNS = {"investment", "stake", "holding"}


@register_extractor("investment", predicates=["investedIn"])
def extract_investments(view: SentenceView) -> Iterator[Finding]:
    for token in view.span:
        lemma = token.lemma_.lower()
        if token.pos_ in ("VERB", "AUX") and is_asserted(token):
            if lemma in _INVEST_VERBS:
                yield from _findings(view, token, _targets(token), 0.9, _stake_under(token))
            elif lemma in _MONEY_VERBS and _money_in(view.span, token) is not None:
                yield from _findings(view, token, _targets(token), 0.85, _stake_under(token))
            elif lemma in _STAKE_VERBS:
                for stake in _stakes_under(token):
                    yield from _findings(view, token, prep_objects(stake, "in"), 0.85, stake)
        elif token.pos_ == "NOUN" and lemma in _INVESTMENT_NOUNS:
            investors = [c for c in children(token, "poss")] + [
                p for prep in children(token, "prep") if prep.lower_ == "by" for p in children(prep, "pobj")]
            targets = prep_objects(token, "in", "into")
            for investor in view.mentions_of(investors):
                for target in view.mentions_of(targets):
                    yield Finding(investor, "investedIn", target, 0.8, _qualifiers(view.span, token, token))


def _findings(view: SentenceView, verb: Token, targets: list[Token], confidence: float,
              stake: Token | None = None) -> Iterator[Finding]:
    qualifiers = _qualifiers(view.span, verb, stake)
    for investor in view.mentions_of(subjects(verb)):
        for target in view.mentions_of(targets):
            yield Finding(investor, "investedIn", target, confidence, qualifiers)


def _targets(verb: Token) -> list[Token]:
    """What money went "in" or "into", on the verb or on its object ("invested $2bn in Y")."""
    return prep_objects(verb, "in", "into") + [
        target for obj in children(verb, "dobj") for target in prep_objects(obj, "in", "into")]


def _stake_under(verb: Token) -> Token | None:
    """A stake the clause mentions ("invested ... for a 15% stake")."""
    return next((t for t in verb.subtree if t.lemma_.lower() in _STAKE_NOUNS and t.pos_ == "NOUN"), None)


def _stakes_under(verb: Token) -> list[Token]:
    """Stake nouns the verb takes as object, directly or through "for" ("paid $1bn for a stake")."""
    objects = children(verb, "dobj") + prep_objects(verb, "for")
    return [obj for obj in objects if obj.lemma_.lower() in _STAKE_NOUNS and prep_objects(obj, "in")]


def _money_in(sentence: Span, verb: Token) -> Span | None:
    """The first MONEY entity in the verb's clause."""
    subtree = {t.i for t in verb.subtree}
    for ent in sentence.ents:
        if ent.label_ == "MONEY" and ent.root.i in subtree:
            return ent
    return None


def _qualifiers(sentence: Span, verb: Token, stake: Token | None) -> dict:
    qualifiers: dict = {}
    money = _money_in(sentence, verb)
    parsed = parse_money(money.text) if money is not None else None
    if parsed:
        qualifiers.update(amount=parsed[0], currency=parsed[1], amountText=money.text)
    if stake is not None:
        stake_tokens = {t.i for t in stake.subtree}
        for ent in sentence.ents:
            if ent.label_ == "PERCENT" and ent.root.i in stake_tokens:
                percent = parse_percent(ent.text)
                if percent is not None:
                    qualifiers["stakePercent"] = percent
                break
    return qualifiers
