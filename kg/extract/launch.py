"""X launched P, and P is X's product: "X launched / released / unveiled / introduced /
rolled out P", "P was launched by X", "X's launch of P", "P maker X", "X, the maker of P".

Product names NER misses after a launch verb are added as mentions by kg.extract.names
("LangChain launches Open SWE"). "Plans to launch", "will launch", "is set to launch",
"delayed the launch" state no launch.
"""

from __future__ import annotations

from typing import Iterator

from kg.extract import Finding, register_extractor
from kg.extract.names import is_launch_verb
from kg.extract.syntax import (SentenceView, agents, children, clause_subjects, is_asserted_in, passive_subjects,
                               prep_objects)
from kg.extract.titles import title_holders
from kg.models import Mention

#: Words under which a launch is only planned or expected.
HEDGES = {"will", "shall", "expect", "set", "prepare", "poise", "delay", "postpone", "scrap", "cancel", "shelve", "due"}
_LAUNCH_NOUNS = {"launch", "release", "rollout", "unveiling", "debut"}
_MAKERS = {"maker", "manufacturer", "developer", "creator"}


@register_extractor("launch", predicates=["launched", "productOf"])
def extract_launches(view: SentenceView) -> Iterator[Finding]:
    for token in view.span:
        if is_launch_verb(token) and is_asserted_in(token, HEDGES):
            pairs = [(a, p) for a in view.mentions_of(clause_subjects(token))
                     for p in _direct_mentions(view, children(token, "dobj"))]
            pairs += [(a, p) for p in _direct_mentions(view, passive_subjects(token))
                      for a in view.mentions_of(agents(token))]
            for launcher, product in pairs:
                yield from _findings(view, launcher, product, 0.8)
        elif token.pos_ == "NOUN" and token.lemma_.lower() in _LAUNCH_NOUNS and is_asserted_in(token, HEDGES):
            # "X's launch of P"
            for launcher in view.mentions_of(children(token, "poss") + prep_objects(token, "by")):
                for product in _direct_mentions(view, prep_objects(token, "of")):
                    yield from _findings(view, launcher, product, 0.7)
    # "iPhone maker Apple", "Apple, the maker of the iPhone": only productOf, nothing says when
    for maker, product in title_holders(view, lambda t: t.lemma_.lower() in _MAKERS and t.pos_ == "NOUN"):
        if view.cls(maker) == "Organization" and view.cls(product) == "Product":
            yield Finding(product, "productOf", maker, 0.7)


def _direct_mentions(view: SentenceView, tokens) -> list[Mention]:
    """Mentions of the tokens themselves (and their conjuncts), not of an apposition:
    "launched a new company, Verily" launches no product."""
    return [view.by_token[t.i] for token in tokens for t in (token, *token.conjuncts) if t.i in view.by_token]


def _findings(view: SentenceView, launcher: Mention, product: Mention, confidence: float) -> Iterator[Finding]:
    if view.cls(launcher) == "Organization" and view.cls(product) in ("Product", "Organization") and launcher != product:
        yield Finding(launcher, "launched", product, confidence)
        yield Finding(product, "productOf", launcher, confidence)
