"""Entity resolution: which mentions name the same thing, what it is, and its IRI.

Within an article, a short name joins the full name it abbreviates (a surname
to the person named in full, a first word to the company), and the class is
voted by the mentions of the full name. Across articles, the same canonical
name is one entity, its class voted over all articles. The IRI is derived from
class and name only, so it is the same in every build.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Iterable, Mapping

from kg.data import word_list, word_table
from kg.errors import InputError
from kg.models import ArticleAnalysis, Entity, Mention
from kg.schema import signature
from kg.vocab import entity_iri


@dataclass
class Resolution:
    """The entities of a build and the entity each mention resolved to."""

    entities: dict[str, Entity] = field(default_factory=dict)
    by_mention: dict[tuple[str, Mention], Entity] = field(default_factory=dict)

    def entity(self, article_sha256: str, mention: Mention) -> Entity:
        return self.by_mention[(article_sha256, mention)]


def name_key(name: str) -> str:
    """Names that differ only in case and spacing are the same name."""
    return " ".join(name.split()).casefold()


def load_aliases(paths: Iterable[str | Path] = ()) -> dict[str, str]:
    """The alias table: kg's own (kg/data/aliases.tsv), then each file in ``paths`` over it.

    Keys are name keys (see ``name_key``), values the names to label entities with.
    """
    table = _parse_aliases(resources.files("kg.data").joinpath("aliases.tsv").read_text(encoding="utf-8"), "aliases.tsv")
    for path in paths:
        try:
            text = Path(path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise InputError(str(path), f"cannot read the alias table ({error.__class__.__name__})") from error
        table.update(_parse_aliases(text, str(path)))
    return table


def _parse_aliases(text: str, source: str) -> dict[str, str]:
    table = {}
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        parts = [part.strip() for part in line.split("\t")]
        if len(parts) != 2 or not all(parts):
            raise InputError(f"{source}:{number}", "expected an alias and a name separated by one tab")
        table[name_key(parts[0])] = " ".join(parts[1].split())
    return table


def canonical_names(mentions: Iterable[Mention]) -> dict[str, str]:
    """Map each name used in one article to the full name it stands for."""
    by_class: dict[str, Counter] = defaultdict(Counter)
    for mention in mentions:
        by_class[mention.text][mention.cls] += 1
    names = sorted(by_class, key=lambda n: (-len(n.split()), -len(n)))
    canonical = {name: name for name in names}
    for short in names:
        candidates = {full for full in names if _abbreviates(short, full, by_class)}
        if len(candidates) == 1:
            canonical[short] = canonical[candidates.pop()]
    demonyms = word_table("demonyms.tsv")
    for name, classes in by_class.items():  # "Finnish" read as a place (kg.extract.names) is Finland
        if set(classes) == {"Place"} and name.lower() in demonyms:
            canonical[name] = demonyms[name.lower()]
    return canonical


#: Words that follow a company's short name in its full name without naming something else.
CORPORATE_SUFFIXES = {"inc", "inc.", "corp", "corp.", "corporation", "co", "co.", "ltd", "ltd.", "plc", "llc",
                      "group", "holdings", "platforms", "company", "ag", "sa", "gmbh", "nv", "se", "limited"}


def _abbreviates(short: str, full: str, by_class: dict[str, Counter]) -> bool:
    """Whether ``short`` is a surname of the person ``full`` or a first word of the company ``full``.

    A company's first word is only its short name when the full name is the more
    used one or the rest is a legal suffix: "Scale" for "Scale AI", but "Meta" is
    not "Meta Superintelligence Labs".
    """
    words, full_words = short.split(), full.split()
    if len(full_words) <= len(words):
        return False
    if by_class[full]["Person"] and full_words[-len(words):] == words:
        return True
    if by_class[full]["Organization"] and full_words[:len(words)] == words and set(by_class[short]) != {"Place"}:
        # (a place is not short for what is named after it: "U.S." in "U.S. Congress")
        rest = {w.lower() for w in full_words[len(words):]}
        return rest <= CORPORATE_SUFFIXES or sum(by_class[full].values()) >= sum(by_class[short].values())
    return False




def has_organization_word(name: str) -> bool:
    """A proper name ending in a word for an organisation: "Harborview Capital", "Acme Services"
    (not "oilfield services": a common noun names what a company sells)."""
    words = name.split()
    return len(words) > 1 and words[-1][:1].isupper() and words[-1].lower() in word_list("organization_words.txt")


def _winner(votes: Counter, role_votes: Counter) -> str:
    """The class with most votes; on a tie, the one the entity's relations require."""
    top = max(votes.values())
    tied = [cls for cls, count in votes.items() if count == top]
    return max(tied, key=lambda cls: role_votes[cls]) if len(tied) > 1 else tied[0]


def resolve(analyses: Iterable[ArticleAnalysis], aliases: Mapping[str, str] | None = None) -> Resolution:
    """Resolve the mentions of every article into entities with stable IRIs.

    ``aliases`` (see ``load_aliases``; kg's own table when None) renames a full name
    to the name its entity is known by: "Meta Platforms" is Meta in every article.
    """
    analyses = list(analyses)
    aliases = load_aliases() if aliases is None else aliases
    votes: dict[str, Counter] = defaultdict(Counter)  # name key -> class votes of full-name mentions
    role_votes: dict[str, Counter] = defaultdict(Counter)  # name key -> classes its relations require
    spellings: dict[str, Counter] = defaultdict(Counter)
    local: list[tuple[ArticleAnalysis, dict[str, str]]] = []
    for analysis in analyses:
        canonical = canonical_names(analysis.mentions)
        written = {mention.text for mention in analysis.mentions}
        full_names = set(canonical.values()) & written | {name for name, full in canonical.items() if full not in written}
        canonical = {name: aliases.get(name_key(full), full) for name, full in canonical.items()}
        local.append((analysis, canonical))
        for mention in analysis.mentions:
            full = canonical[mention.text]
            spellings[name_key(full)][full] += 1
            if mention.text in full_names:
                votes[name_key(full)][mention.cls] += 1
        for relation in analysis.relations:
            # A role the ontology allows one class for is a vote, and decides ties:
            # whatever someone "is CEO of" is an organisation.
            domain, range_ = signature(relation.predicate)
            for mention, allowed in ((relation.subject, domain), (relation.object, range_)):
                if mention is not None and len(allowed) == 1:  # no object mention: the object is an event
                    key = name_key(canonical[mention.text])
                    votes[key][next(iter(allowed))] += 1
                    role_votes[key][next(iter(allowed))] += 1

    # Spelling variants ("Warner Bros", "Warner Bros.") share an IRI: one label for each, the most used.
    chosen: dict[tuple[str, Mention], tuple[str, str]] = {}  # (article, mention) -> (class, IRI)
    spelled: dict[str, Counter] = defaultdict(Counter)
    for analysis, canonical in local:
        for mention in analysis.mentions:
            key = name_key(canonical[mention.text])
            label = spellings[key].most_common(1)[0][0]
            cls = "Organization" if has_organization_word(label) else _winner(votes[key], role_votes[key])
            iri = str(entity_iri(cls, label))
            chosen[(analysis.article.sha256, mention)] = (cls, iri)
            spelled[iri][label] += spellings[key][label]
    labels = {iri: counts.most_common(1)[0][0] for iri, counts in spelled.items()}
    aliases: dict[str, set[str]] = defaultdict(set)
    for (_, mention), (_, iri) in chosen.items():
        if mention.text != labels[iri]:
            aliases[iri].add(mention.text)
    resolution = Resolution()
    for key, (cls, iri) in chosen.items():
        entity = resolution.entities.get(iri) or Entity(iri, cls, labels[iri], frozenset(aliases[iri]))
        resolution.entities[iri] = entity
        resolution.by_mention[key] = entity
    return resolution
