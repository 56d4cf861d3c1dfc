"""What organisations make, sell or provide: products named by the words around them.

NER tags few products, and business news names most of them with common nouns
("a maker of frozen meals", "oilfield services provider Halliburton"). A noun
phrase in one of these frames next to an organisation becomes a Product mention
(``product_mentions``, called while mentions are found; kg.extract.products then
states ``product productOf organisation``):

* a maker noun with the product after "of": "Acme, a maker of garden tools",
  "Acme, the leading provider of payroll software";
* a maker noun with the product before it: "garden tools maker Acme";
* a making verb in the present, which says what a company does rather than what it
  did once: "Acme makes garden tools", "Acme, which sells payroll software", "Acme, a
  firm providing payroll software", "Acme is developing a vaccine"; the verbs of
  invention also in the past ("Acme developed the first pocket radio"), but not
  "Acme sold ..." or "Acme built ...", which are as often about a unit or a plant;
* a company's products listed: "Acme's products include garden tools and mowers".
"""

from __future__ import annotations

from typing import Callable, Iterator

from spacy.tokens import Doc, Span, Token

from kg.data import word_list
from kg.extract.syntax import SentenceView, children, clause_subjects, example_heads, is_asserted
from kg.extract.titles import holders_of
from kg.models import Mention
from kg.resolve import has_organization_word

MAKER_NOUNS = {"maker", "manufacturer", "provider", "supplier", "producer", "developer", "distributor", "seller",
               "vendor", "designer", "creator", "builder", "marketer", "retailer"}
MAKING_VERBS = {"make", "manufacture", "produce", "sell", "provide", "supply", "develop", "market", "distribute",
                "design", "build", "offer", "commercialize", "commercialise", "furnish"}
#: Making verbs whose past tense still names the maker's product: "Acme developed X".
INVENTING_VERBS = {"develop", "manufacture", "produce", "design", "invent", "create", "commercialize", "commercialise"}
#: Nouns whose examples are a company's products: "Acme's products include X".
RANGE_NOUNS = {"product", "products", "offering", "offerings", "brand", "brands", "portfolio", "line-up", "lineup",
               "range"}
#: Objects of making verbs that are not products: "makes money", "offers a discount".
NOT_PRODUCTS = {"money", "profit", "profits", "loss", "losses", "decision", "decisions", "offer", "bid", "deal",
                "move", "point", "change", "changes", "progress", "sense", "use", "case", "difference", "effort",
                "call", "comment", "statement", "announcement", "discount", "discounts", "support", "details",
                "information", "guidance", "update", "updates", "stake", "shares", "share", "unit", "business",
                "assets", "way", "ways", "time", "job", "jobs", "cut", "cuts", "plan", "plans", "payment", "sale",
                "opportunity", "opportunities", "access", "help", "advice", "funding", "capital", "loan", "loans",
                "range", "things", "lot", "number", "variety", "array", "host", "line", "portfolio", "mix", "set",
                # who is served, not what is made: "provides funds to companies"
                "company", "companies", "firm", "firms", "team", "teams", "customer", "customers", "client", "clients",
                "people", "investor", "investors", "fund", "funds", "worker", "workers", "staff", "market", "markets",
                # where things are made, not what is made: "is building a plant"
                "plant", "plants", "factory", "factories", "facility", "facilities", "headquarters", "office",
                "offices", "site", "sites", "campus", "hub", "centre", "center", "warehouse", "store", "stores",
                "relationship", "relationships", "partnership", "partnerships", "strategy", "presence", "agreement",
                # how much is made, not what: "is making 5,000 more copies"
                "copy", "copies", "units", "tonnes", "tons", "barrels", "pieces", "batch", "batches", "version",
                "versions"}
#: Nouns that hold the products after their "of": "offers a range of garden tools".
CONTAINER_NOUNS = {"range", "variety", "array", "line", "portfolio", "suite", "family", "host", "selection", "number"}
#: Words that measure a product rather than name it: "less beer", "10,000 cars", "more phones".
QUANTIFIERS = {"less", "more", "few", "fewer", "many", "much", "several", "other", "some", "such", "own", "most", "all"}
#: Heads that name a product only with a modifier: "broadband services", not "services".
GENERIC_HEADS = {"products", "product", "services", "service", "solutions", "solution", "goods", "items", "systems"}
_PRESENT = {"VBZ", "VBP", "VBG"}
_PAST = {"VBD", "VBN"}
#: Left dependents of a product's head word that end what goes before the phrase: "its", "the", "Acme's".
_BEFORE_PHRASE = {"det", "poss", "predet", "nummod", "quantmod", "advmod", "case", "punct", "prep", "nsubj"}


def product_frames(view: SentenceView, is_organisation: Callable[[Mention], bool]) -> Iterator[tuple[Mention, Token]]:
    """(organisation, head word of what it makes) for each frame in the sentence."""
    for token in view.span:
        lemma = token.lemma_.lower()
        if token.pos_ == "NOUN" and lemma in MAKER_NOUNS:
            makers = holders_of(view, token)
            products = [c for c in token.children if c.dep_ == "compound" and c.pos_ in ("NOUN", "PROPN")]
            products += [p for prep in token.children if prep.dep_ == "prep" and prep.lower_ == "of"
                         for p in prep.children if p.dep_ == "pobj"]
        elif token.pos_ == "NOUN" and token.lower_ in RANGE_NOUNS:
            owners = children(token, "poss") or [c for c in token.children if c.dep_ == "compound" and c.pos_ == "PROPN"]
            makers = view.mentions_of(owners)
            products = example_heads(token)
        elif token.pos_ == "VERB" and _names_products(token) and is_asserted(token):
            makers = _makers(view, token)
            products = [_contained(p) for p in children(token, "dobj")]
        else:
            continue
        for maker in makers:
            if not is_organisation(maker):
                continue
            for product in products:
                for each in (product, *product.conjuncts):
                    if each.pos_ in ("NOUN", "PROPN"):
                        yield maker, each


def _contained(noun: Token) -> Token:
    """What a container noun holds: "a range of garden tools" -> tools."""
    if noun.lower_ in CONTAINER_NOUNS:
        return next((p for prep in children(noun, "prep") if prep.lower_ == "of" for p in children(prep, "pobj")), noun)
    return noun


def _names_products(verb: Token) -> bool:
    lemma = verb.lemma_.lower()
    if verb.tag_ in _PAST:
        return lemma in INVENTING_VERBS
    return lemma in MAKING_VERBS and verb.tag_ in _PRESENT


def _makers(view: SentenceView, verb: Token) -> list[Mention]:
    """Who does the making: the clause's subject, or the noun a participle describes ("a firm
    providing X"), looking through an apposition to the name ("Acme, a company that makes X")."""
    doers = [verb.head] if verb.dep_ == "acl" else clause_subjects(verb)
    found = view.mentions_of(doers)
    for doer in doers:
        if not found and doer.dep_ == "appos":
            found = view.mentions_of([doer.head])
    return found


def product_phrase(doc: Doc, head: Token) -> Span | None:
    """The noun phrase of a product's head word with the modifiers before it ("technical and
    marketing services"); None when it is no product ("makes money") or a bare generic word
    ("services")."""
    start = head.left_edge.i
    for child in head.lefts:
        if child.dep_ in _BEFORE_PHRASE:
            start = max(start, child.right_edge.i + 1)
    while start < head.i and (doc[start].pos_ in ("DET", "PRON", "PUNCT", "CCONJ", "ADP", "PART", "NUM")
                              or doc[start].lower_ in QUANTIFIERS or doc[start].tag_ in ("JJR", "JJS")):
        start += 1
    span = doc[start:head.i + 1]
    if head.lower_ in NOT_PRODUCTS or (head.lower_ in GENERIC_HEADS and len(span) == 1):
        return None
    if "\n" in span.text or span.text.lower() in word_list("generic_names.txt") or len(span) > 8:
        return None
    return span


def product_mentions(doc: Doc, mentions: list[Mention], in_heading: Callable[[int], bool],
                     classes: dict[str, str]) -> list[Mention]:
    """New Product mentions for what the article's organisations are said to make."""
    found: dict[tuple[int, int], Mention] = {}
    for sentence in doc.sents:
        inside = [m for m in mentions if sentence.start_char <= m.start < sentence.end_char]
        if not inside:
            continue
        view = SentenceView(sentence, inside)
        for _, head in product_frames(view, lambda m: classes.get(m.text, m.cls) == "Organization"):
            span = product_phrase(doc, head)
            if span is None or in_heading(span.start_char) or any(t.i in view.by_token for t in span):
                continue
            found[(span.start_char, span.end_char)] = Mention(span.text, span.start_char, span.end_char, "Product")
    return list(found.values())


def made_products(doc: Doc, mentions: list[Mention], classes: dict[str, str]) -> dict[Mention, Mention]:
    """Names NER typed as organisations or people that an organisation of their sentence is said
    to make, each with the Product mention that replaces it: "Genentech makes Erivedge"
    (Erivedge), "Samsung makes NAND flash" ("NAND flash", not the organisation "NAND"). A name
    that says it is an organisation ("Acme Corp") stays one."""
    made: dict[Mention, Mention] = {}
    for sentence in doc.sents:
        inside = [m for m in mentions if sentence.start_char <= m.start < sentence.end_char]
        if len(inside) < 2:
            continue
        view = SentenceView(sentence, inside)
        for maker, head in product_frames(view, lambda m: classes.get(m.text, m.cls) == "Organization"):
            span = product_phrase(doc, head)
            if span is None:
                continue
            covered = [m for m in inside if span.start_char <= m.start and m.end <= span.end_char]
            if covered and maker not in covered and all(m.cls in ("Organization", "Person") and not has_organization_word(m.text)
                                                        for m in covered):
                product = Mention(span.text, span.start_char, span.end_char, "Product")
                made.update((m, product) for m in covered)
    return made
