"""A is a customer of Y: "Y's clients such as A, B and C", "Y's customers include A",
"Y counts A among its clients", "A, a client of Y", "Y supplies chips to A",
"Y provides services to companies like A and B", "Y supplies A with parts",
"A buys chips from Y".

Lists are read through coordination and, where the parse breaks them, as written.
Former, lost, potential and target customers are not customers; "stopped supplying"
and "plans to sell to" state nothing.
"""

from __future__ import annotations

from typing import Iterator

from spacy.tokens import Token

from kg.extract import Finding, register_extractor
from kg.extract.names import ORGANISATION_KINDS
from kg.extract.syntax import (SentenceView, children, clause_subjects, direct_objects, governing_verb,
                               is_asserted_in, noun_owners, passive_subjects, prep_objects)
from kg.extract.titles import title_holders
from kg.models import Mention

CUSTOMER_NOUNS = {"customer", "client", "buyer", "user"}
#: Verbs by which a supplier gives something "to" its customers, makes something "for" them,
#: or serves them (the customer as object).
SUPPLY_TO = {"supply", "provide", "sell", "deliver", "license", "ship"}
SUPPLY_FOR = {"provide", "supply", "build", "make", "manufacture", "produce", "design", "develop"}
SERVE = {"serve", "help", "supply"}
SUPPLY = SUPPLY_TO | SUPPLY_FOR | SERVE
#: Verbs by which a customer gets something from a supplier ("from Y").
BUY = {"buy", "purchase", "source", "order", "lease", "license"}
#: Things bought that make the deal an investment or a takeover rather than custom.
_NOT_GOODS = {"stake", "share", "holding", "interest", "asset", "bond", "stock", "unit", "division", "business",
              "company", "firm", "subsidiary", "operation", "brand", "right", "debt", "loan", "bid", "offer",
              "approach", "proposal", "funding", "money", "cash", "capital", "financing", "credit", "aid", "support",
              "bailout", "guarantee", "profit", "case", "deal", "move", "statement", "warning", "comment", "arm",
              "branch", "plant", "factory", "site", "portfolio", "network", "chain", "property", "land", "licence",
              "license", "operations", "control", "majority", "part", "piece", "slice", "bank", "group"}
#: Hedges of custom: a stopped, lost, courted or hoped-for customer is no customer.
HEDGES = {"stop", "cease", "halt", "end", "suspend", "lose", "drop", "woo", "court", "target", "attract", "seek",
          "lure", "talk", "negotiate", "bid", "pitch", "hope", "chase", "former", "potential",
          "prospective", "lost", "ex", "would-be", "expect", "will", "compete", "vie", "fight", "battle"}


def _is_customer_title(token: Token) -> bool:
    return token.pos_ == "NOUN" and token.lemma_.lower() in CUSTOMER_NOUNS


@register_extractor("customer", predicates=["customerOf"])
def extract_customers(view: SentenceView) -> Iterator[Finding]:
    for token in view.span:
        lemma = token.lemma_.lower()
        if token.pos_ == "NOUN" and lemma in CUSTOMER_NOUNS and is_asserted_in(token, HEDGES):
            # "Y's clients such as A", "its customers include A", "Y serves customers like A"
            listed = view.examples(token)
            if listed:
                for supplier in noun_owners(view, token):
                    yield from _findings(view, listed, supplier, 0.75)
        elif token.pos_ == "VERB" and lemma in SUPPLY and is_asserted_in(token, HEDGES):
            suppliers = view.mentions_of(clause_subjects(token))
            for supplier in suppliers:
                yield from _findings(view, _recipients(view, token), supplier, 0.7)
        if token.pos_ == "VERB" and lemma in BUY and is_asserted_in(token, HEDGES):
            goods = children(token, "dobj") + passive_subjects(token)
            if goods and not any(g.i in view.by_token or g.lemma_.lower() in _NOT_GOODS for g in goods):
                for supplier in view.mentions_of(prep_objects(token, "from")):
                    yield from _findings(view, view.mentions_of(clause_subjects(token)), supplier, 0.7)
        elif token.lemma_.lower() == "count" and token.pos_ == "VERB" and is_asserted_in(token, HEDGES):
            # "Y counts A and B among its clients"
            for among in (p for p in token.children if p.dep_ == "prep" and p.lower_ == "among"):
                if any(n.lemma_.lower() in CUSTOMER_NOUNS for n in children(among, "pobj")):
                    for supplier in view.mentions_of(clause_subjects(token)):
                        yield from _findings(view, view.mentions_of(children(token, "dobj")), supplier, 0.75)
    # "A, a client of Y", "A is a customer of Y", "Y customer A"
    for customer, supplier in title_holders(view, lambda t: _is_customer_title(t) and is_asserted_in(t, HEDGES)):
        yield from _findings(view, [customer], supplier, 0.75)


def _recipients(view: SentenceView, verb: Token) -> list[Mention]:
    """Who receives what a supply verb gives: "to A", "for companies like A", "serves A",
    "supplies A with parts", and examples of companies anywhere in the verb's phrase
    ("provides data, building tools for companies like A")."""
    found: list[Mention] = []
    lemma = verb.lemma_.lower()
    given = direct_objects(verb) + children(verb, "nsubjpass")
    if any(t.lemma_.lower() in _NOT_GOODS or (lemma == "sell" and t.i in view.by_token) for t in given):
        return []  # "provided funding to Z", "sold its arm to Z", "sold Osram to Z": a deal, not custom
    direct = prep_objects(verb, *(("to",) if lemma in SUPPLY_TO else ()) + (("for",) if lemma in SUPPLY_FOR else ()))
    if lemma in SERVE and (lemma != "supply" or prep_objects(verb, "with")):  # "serves A", "supplies A with parts"
        direct += children(verb, "dobj")
    if lemma in SUPPLY_TO:  # "supplies A parts", or "supplies parts to A" parsed with "to" as the dative
        for dative in children(verb, "dative"):
            direct += children(dative, "pobj") if dative.lower_ == "to" else [dative]
    for token in direct:
        for mention in view.mentions_of([token]) + view.examples(token):
            if mention not in found:
                found.append(mention)
    for noun in verb.subtree:
        if noun.pos_ == "NOUN" and noun.lemma_.lower() in ORGANISATION_KINDS | CUSTOMER_NOUNS and noun.dep_ in ("pobj", "dobj") \
                and _supplied_through(noun, verb):
            found += [m for m in view.examples(noun) if m not in found]
    return found


def _supplied_through(noun: Token, verb: Token) -> bool:
    """Whether ``noun`` is what ``verb`` serves, through "to"/"for" and clauses without a subject of their own."""
    if noun.dep_ == "pobj" and noun.head.lower_ not in ("to", "for"):
        return False
    current = governing_verb(noun)
    while current is not None and current.i != verb.i:
        if (children(current, "nsubj", "nsubjpass") or current.dep_ not in ("xcomp", "advcl", "conj", "pcomp", "acl")
                or current.lemma_.lower() in HEDGES | {"compete", "bid", "vie"}):
            return False  # a clause with a doer of its own, or "competing for clients like A"
        current = current.head
    return current is not None and current.i == verb.i


def _findings(view: SentenceView, customers: list[Mention], supplier: Mention, confidence: float) -> Iterator[Finding]:
    if view.cls(supplier) != "Organization":
        return
    for customer in customers:
        if customer != supplier and view.cls(customer) in ("Organization", "Person"):
            yield Finding(customer, "customerOf", supplier, confidence)
