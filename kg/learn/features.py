"""Features of a candidate relation: two mentions of one sentence, in a given order.

Features are strings (``path=nsubj<buy>dobj``); the model hashes them, so new
wording never needs a vocabulary rebuild. They look at what decides a relation
in news text: the syntactic path between the two names, the words between
them, what surrounds them, and the kinds of thing they are.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from kg.models import Mention

_MAX_PATH = 6  # longer dependency paths rarely state a relation; keep them coarse


def mention_tokens(sentence: Span, mention: Mention) -> Span | None:
    """The tokens of a mention inside its sentence."""
    return sentence.doc.char_span(mention.start, mention.end, alignment_mode="expand")


def pair_features(sentence: Span, head: Mention, tail: Mention) -> list[str]:
    """The features of ``head -> tail`` in ``sentence``."""
    first, second = mention_tokens(sentence, head), mention_tokens(sentence, tail)
    if first is None or second is None:
        return []
    classes = f"{head.cls}>{tail.cls}"
    order = "ht" if first.start <= second.start else "th"
    features = [f"cls={classes}", f"order={order}|{classes}"]
    features += _between(sentence, first, second, order)
    features += _context(sentence, first, second)
    features += _path(first.root, second.root, classes)
    for side, tokens in (("h", first), ("t", second)):
        root = tokens.root
        features.append(f"{side}dep={root.dep_}|{root.head.lemma_.lower()}")
        features.append(f"{side}headpos={root.head.pos_}")
    return features


def _between(sentence: Span, first: Span, second: Span, order: str) -> list[str]:
    left, right = (first, second) if order == "ht" else (second, first)
    words = [t for t in sentence.doc[left.end:right.start] if not t.is_space]
    features = [f"dist={min(len(words), 10)}"]
    if len(words) <= 4:
        features.append(f"seq={order}|{' '.join(t.lower_ for t in words)}")
    for token in words:
        if not token.is_punct or token.text in ",(-":
            features.append(f"bw={order}|{token.lemma_.lower()}")
    if any(t.ent_type_ for t in words):
        features.append("between_has_entity")
    return features


def _context(sentence: Span, first: Span, second: Span) -> list[str]:
    doc = sentence.doc
    left, right = min(first.start, second.start), max(first.end, second.end)
    before = doc[left - 1].lower_ if left > sentence.start else "<s>"
    after = doc[right].lower_ if right < sentence.end else "</s>"
    return [f"before={before}", f"after={after}"]


def list_head(token: Token) -> Token:
    """The first item of the list a token is an item of (itself if none): what is said of
    "A, B and C" is said of each, so paths start from the list, not from B's place in it."""
    while token.dep_ == "conj" and token.head.i != token.i:
        token = token.head
    return token


def _path(a: Token, b: Token, classes: str) -> list[str]:
    """The dependency path a -> lowest common ancestor -> b, with and without words; items of
    lists are read as their list."""
    a, b = list_head(a), list_head(b)
    if a.i == b.i:
        return ["path=same_list"]
    up_a, up_b = _ancestors(a), _ancestors(b)
    ids_b = [t.i for t in up_b]
    common = next((t for t in up_a if t.i in ids_b), None)
    if common is None:
        return ["path=none"]
    rise = up_a[:[t.i for t in up_a].index(common.i)]
    fall = up_b[:ids_b.index(common.i)]
    if len(rise) + len(fall) > _MAX_PATH:
        return ["pathlen=long", f"lca={common.lemma_.lower()}"]
    steps = [f"{t.dep_}<" for t in rise] + [common.lemma_.lower() if common.i not in (a.i, b.i) else "*"] + [f">{t.dep_}" for t in reversed(fall)]
    labels_only = [f"{t.dep_}<" for t in rise] + [common.pos_] + [f">{t.dep_}" for t in reversed(fall)]
    words = [t.lemma_.lower() for t in rise[1:]] + [t.lemma_.lower() for t in fall[1:]]
    features = [f"path={''.join(steps)}", f"path={''.join(steps)}|{classes}", f"dpath={''.join(labels_only)}",
                f"lca={common.lemma_.lower()}", f"pathlen={len(rise) + len(fall)}"]
    features += [f"pw={w}" for w in words]
    return features


def common_ancestor(a: Token, b: Token) -> Token | None:
    """The lowest token that both ``a`` and ``b`` depend on (or are)."""
    ids_b = {t.i for t in _ancestors(b)}
    return next((t for t in _ancestors(a) if t.i in ids_b), None)


def path_to(token: Token, ancestor: Token) -> list[Token]:
    """``token`` and its heads up to and including ``ancestor``."""
    chain = _ancestors(token)
    ids = [t.i for t in chain]
    return chain[:ids.index(ancestor.i) + 1] if ancestor.i in ids else chain


def _ancestors(token: Token) -> list[Token]:
    """The token and its heads up to the sentence root."""
    chain = [token]
    while chain[-1].head.i != chain[-1].i:
        chain.append(chain[-1].head)
    return chain


def candidate_pairs(mentions: list[Mention]) -> list[tuple[Mention, Mention]]:
    """Ordered pairs of distinct, non-overlapping mentions of one sentence."""
    return [(a, b) for a in mentions for b in mentions
            if a is not b and (a.end <= b.start or b.end <= a.start) and a.text != b.text]
