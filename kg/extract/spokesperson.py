"""X speaks for Y: "X, a spokesperson for Y", "Y spokesman X", "Y's spokeswoman, X",
"X, who is a spokesperson at Y", and "Company spokesperson X" or a bare "spokesperson X"
in an article about one organisation (the organisation in focus).

"A Y spokesman said" names nobody and states nothing. A former spokesperson is recorded
with ``roleStatus`` former, which the store keeps as a role, not a current fact.
"""

from __future__ import annotations

from typing import Iterator

from spacy.tokens import Token

from kg.extract import Finding, register_extractor
from kg.extract.syntax import SentenceView
from kg.extract.titles import role_qualifiers, title_roles

TITLES = {"spokesperson", "spokesman", "spokeswoman", "spokespeople", "spokesmen", "spokeswomen"}


def is_spokesperson_title(token: Token) -> bool:
    return token.lower_ in TITLES or token.lemma_.lower() in TITLES


@register_extractor("spokesperson", predicates=["spokespersonFor"])
def extract_spokespeople(view: SentenceView) -> Iterator[Finding]:
    for role in title_roles(view, is_spokesperson_title, focus=True):
        if view.cls(role.organisation) in ("Organization", "Place"):  # NER often tags a company as a place
            yield Finding(role.holder, "spokespersonFor", role.organisation, 0.6 if role.from_focus else 0.85,
                          role_qualifiers(role))
