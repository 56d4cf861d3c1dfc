"""Entity resolution: short names, class votes, stable IRIs across articles."""

from __future__ import annotations

import pytest

from kg.errors import InputError
from kg.models import Article, ArticleAnalysis, Evidence, Mention, Relation
from kg.resolve import canonical_names, load_aliases, resolve


def mentions(*items: tuple[str, str]) -> list[Mention]:
    found, offset = [], 0
    for text, cls in items:
        found.append(Mention(text, offset, offset + len(text), cls))
        offset += len(text) + 1
    return found


def analysis(text: str, found: list[Mention], relations=()) -> ArticleAnalysis:
    return ArticleAnalysis(Article(text, None, text[:10], "t"), tuple(found), tuple(relations))


def test_surname_and_company_first_word_join_the_full_name():
    names = canonical_names(mentions(("Alexandr Wang", "Person"), ("Wang", "Organization"),
                                     ("Scale AI", "Organization"), ("Scale AI", "Organization"), ("Scale", "Organization")))
    assert names["Wang"] == "Alexandr Wang"
    assert names["Scale"] == "Scale AI"


def test_a_parent_is_not_its_lab():
    # "Meta" is used far more than "Meta Superintelligence Labs": two organisations.
    names = canonical_names(mentions(("Meta", "Organization"), ("Meta", "Organization"), ("Meta Superintelligence Labs", "Organization")))
    assert names["Meta"] == "Meta"


def test_ambiguous_surname_stays_itself():
    names = canonical_names(mentions(("Luca Ferri", "Person"), ("Marco Ferri", "Person"), ("Ferri", "Person")))
    assert names["Ferri"] == "Ferri"


def test_class_is_voted_by_full_name_mentions_and_short_names_follow():
    found = mentions(("Alexandr Wang", "Person"), ("Wang", "Organization"), ("Wang", "Organization"))
    resolution = resolve([analysis("a", found)])
    assert {e.cls for e in resolution.entities.values()} == {"Person"}
    (entity,) = resolution.entities.values()
    assert entity.label == "Alexandr Wang" and entity.aliases == {"Wang"}


def test_roles_vote_for_the_class_the_ontology_requires():
    found = mentions(("Samuel Reyes", "Person"), ("Veltrix", "Place"))
    evidence = Evidence("x", "s", 0, 1, "ceo.v1", 0.9)
    relation = Relation(found[0], "ceoOf", found[1], evidence)
    article = analysis("b", found, [relation])
    assert resolve([article]).entity(article.article.sha256, found[1]).cls == "Organization"


def test_organisation_words_override_ner():
    found = mentions(("Crestline Energy", "Person"), ("Crestline Energy", "Person"))
    (entity,) = resolve([analysis("c", found)]).entities.values()
    assert entity.cls == "Organization"


def test_same_name_in_two_articles_is_one_entity_with_a_voted_class():
    first = analysis("one", mentions(("Scale AI", "Organization"), ("Scale AI", "Organization")))
    second = analysis("two", mentions(("Scale AI", "Person")))
    resolution = resolve([first, second])
    assert len(resolution.entities) == 1
    (entity,) = resolution.entities.values()
    assert entity.cls == "Organization" and entity.iri.endswith("/organization/scale-ai")
    assert resolve([second, first]).entities.keys() == resolution.entities.keys()


def test_spelling_variants_that_share_an_iri_share_one_label():
    first = analysis("one", mentions(("Warner Bros", "Organization"), ("Warner Bros", "Organization")))
    second = analysis("two", mentions(("Warner Bros.", "Organization")))
    resolution = resolve([first, second])
    (entity,) = resolution.entities.values()
    assert entity.label == "Warner Bros" and entity.aliases == {"Warner Bros."}


def test_an_alias_is_the_entity_it_names_in_every_article():
    first = analysis("Meta Platforms said on Monday", mentions(("Meta Platforms", "Organization")))
    second = analysis("Meta hired a chief scientist", mentions(("Meta", "Organization")))
    resolution = resolve([first, second])  # kg's own table knows Meta Platforms
    one = resolution.entity(first.article.sha256, first.mentions[0])
    assert one is resolution.entity(second.article.sha256, second.mentions[0])
    assert one.label == "Meta" and one.iri.endswith("/organization/meta") and "Meta Platforms" in one.aliases


def test_users_extend_the_alias_table(tmp_path):
    table = tmp_path / "aliases.tsv"
    table.write_text("# ours\nHarborview Cap.\tHarborview Capital\n", encoding="utf-8")
    aliases = load_aliases([table])
    assert aliases["harborview cap."] == "Harborview Capital" and aliases["meta platforms"] == "Meta"
    found = analysis("Harborview Cap. bought it", mentions(("Harborview Cap.", "Organization")))
    assert resolve([found], aliases).entity(found.article.sha256, found.mentions[0]).label == "Harborview Capital"


def test_a_malformed_alias_table_names_its_line(tmp_path):
    table = tmp_path / "bad.tsv"
    table.write_text("Good Name\tGood\nno tab here\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"bad.tsv:2"):
        load_aliases([table])
