"""The relation classifier: features, the model file, training, and its place among the extractors."""

from __future__ import annotations

import json
from importlib import resources

import numpy as np
import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.extract.classifier import _load, relation_model, use_relation_model
from kg.learn.features import candidate_pairs, pair_features
from kg.learn.model import NONE, RelationModel
from kg.learn.train import train
from kg.models import Mention

COMPANIES = ["Arbor Analytics", "Belden Foods", "Corvina Labs", "Dunmore Freight", "Elsworth Media", "Fenwick Bank",
             "Galloway Motors", "Harlow Textiles", "Ingram Pharma", "Juniper Shipping"]
PEOPLE = ["Ada Moreno", "Ben Okoro", "Cara Lind", "Dev Patel", "Eli Novak", "Fay Duarte", "Gus Albrecht",
          "Hana Sato", "Ivo Kranz", "Jo Whitfield"]


@pytest.fixture(scope="module")
def toy_dataset(tmp_path_factory):
    """Invented sentences: "P works at C" states employment, "P visited C" does not."""
    lines = []
    for n, (person, company) in enumerate((p, c) for p in PEOPLE for c in COMPANIES[:4]):
        works = n % 2 == 0
        text = f"{person} {'works as an engineer at' if works else 'paid a short visit to'} {company} ."
        start = len(person) + len(" works as an engineer at " if works else " paid a short visit to ")
        entities = [{"start": 0, "end": len(person), "type": "Per", "text": person},
                    {"start": start, "end": start + len(company), "type": "Org", "text": company}]
        relations = [{"head": 0, "tail": 1, "type": "Employ"}] if works else []
        lines.append(json.dumps({"id": f"toy{n}", "text": text, "entities": entities, "relations": relations}))
    folder = tmp_path_factory.mktemp("toy")
    (folder / "toy.jsonl").write_text("\n".join(lines) + "\n")
    (folder / "map.json").write_text(json.dumps({"dataset": "toy", "relations": {"Employ": ["worksFor"]}}))
    return folder


@pytest.fixture(autouse=True)
def shipped_model_after():
    yield
    use_relation_model(None)


def test_features_follow_the_dependency_path(nlp):
    doc = nlp("Arbor Analytics acquired Belden Foods.")
    head, tail = Mention("Arbor Analytics", 0, 15, "Organization"), Mention("Belden Foods", 25, 37, "Organization")
    features = pair_features(next(doc.sents), head, tail)
    assert "path=nsubj<acquire>dobj" in features
    assert "cls=Organization>Organization" in features and "order=ht|Organization>Organization" in features
    assert features != pair_features(next(doc.sents), tail, head)  # direction matters


def test_candidates_are_ordered_pairs_of_distinct_mentions():
    a, b, c = Mention("A", 0, 1, "Person"), Mention("B", 5, 6, "Organization"), Mention("B", 9, 10, "Organization")
    assert candidate_pairs([a, b, c]) == [(a, b), (a, c), (b, a), (c, a)]  # never B with itself


def test_model_round_trips_through_its_file(tmp_path):
    model = RelationModel((NONE, "worksFor"), 64, {3: np.array([0.0, 2.0]), 7: np.array([1.0, -1.0])},
                          np.array([0.5, -0.5]), 0.6, {"trained_on": "x.jsonl"})
    model.save(tmp_path / "m.npz")
    loaded = RelationModel.load(tmp_path / "m.npz")
    assert loaded.labels == model.labels and loaded.threshold == 0.6 and loaded.info == {"trained_on": "x.jsonl"}
    assert loaded.probabilities(["a", "b"]) == pytest.approx(model.probabilities(["a", "b"]), abs=1e-3)
    assert loaded.predict([]) == (NONE, 0.0)


def test_a_file_that_is_not_a_model_is_reported(tmp_path):
    bad = tmp_path / "bad.npz"
    bad.write_text("not numpy")
    with pytest.raises(Exception, match="bad.npz: not a kg relation model"):
        use_relation_model(bad)


def test_training_learns_the_wording_of_a_relation(toy_dataset, nlp):
    model, report = train(toy_dataset / "toy.jsonl", toy_dataset / "map.json", precision=0.8)
    assert report.gold == 20 and report.reachable == 20 and report.positives == 20
    assert report.held_out_precision >= 0.8 and report.held_out_recall >= 0.8
    assert model.labels == (NONE, "worksFor")
    doc = nlp("Kim Ashby works as an engineer at Lantern Power. Lee Brandt paid a short visit to Lantern Power.")
    first, second = list(doc.sents)
    works = model.predict(pair_features(first, Mention("Kim Ashby", 0, 9, "Person"), Mention("Lantern Power", 34, 47, "Organization")))
    visit = model.predict(pair_features(second, Mention("Lee Brandt", 49, 59, "Person"), Mention("Lantern Power", 84, 97, "Organization")))
    assert works[0] == "worksFor" and visit[0] == NONE


def test_kg_train_writes_a_model_that_build_and_eval_use(toy_dataset, tmp_path):
    runner = CliRunner()
    out = tmp_path / "toy_model.npz"
    result = runner.invoke(app, ["train", str(toy_dataset / "toy.jsonl"), "--map", str(toy_dataset / "map.json"), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "Threshold" in result.output and out.exists()
    result = runner.invoke(app, ["eval", str(toy_dataset / "toy.jsonl"), "--map", str(toy_dataset / "map.json"),
                                 "--relation-model", str(out), "--extractors", "classifier", "--worst", "0"])
    assert result.exit_code == 0, result.output
    micro = next(line for line in result.output.splitlines() if line.startswith("micro")).split()
    assert float(micro[-1]) > 0.8  # lenient F1 of a model on the wording it learnt
    result = runner.invoke(app, ["eval", str(tmp_path / "none.jsonl"), "--map", "fire", "--relation-model", str(tmp_path / "missing.npz")])
    assert result.exit_code == 1 and "missing.npz" in result.output


def test_the_shipped_model_was_trained_on_fire_and_our_own_sentences_only():
    """CoNLL04 has no licence: weights trained on it must never ship."""
    _load.cache_clear()
    info = relation_model().info
    trained_on = info["trained_on"].split(", ")
    assert trained_on[0] == "fire_train.jsonl" and "conll" not in json.dumps(info).lower()
    shipped = sorted(p.name for p in resources.files("kg.data").joinpath("training").iterdir() if p.name.endswith(".txt"))
    assert sorted(trained_on[1:]) == shipped
    assert set(relation_model().labels) <= {NONE, "worksFor", "acquired", "sold", "mergedWith", "subsidiaryOf",
                                            "headquarteredIn", "locatedIn", "productOf", "livesIn", "bornIn", "investedIn"}


@pytest.mark.parametrize("sentence", [
    "Corvina Labs did not buy Dunmore Freight.",
    "Corvina Labs plans to buy Dunmore Freight.",
    "Shipments went to Peru, Chile and Bolivia.",
])
def test_the_classifier_asserts_nothing_negated_hedged_or_listed(sentence, analyse_text):
    assert not [r for r in analyse_text(sentence).relations if r.evidence.extractor.startswith("classifier")]


@pytest.mark.parametrize("sentence, place, other, describes_another", [
    ("The deal gives Harborview Capital a 20% stake in the Boston start-up.", "Boston", "Harborview Capital", True),
    ("Lumora Robotics, the Boston start-up, hired Ivo Kranz.", "Boston", "Lumora Robotics", False),
    ("Harborview Capital opened an office in Boston.", "Boston", "Harborview Capital", False),
])
def test_a_place_describing_a_firm_named_by_a_common_noun_is_that_firm_s(sentence, place, other, describes_another,
                                                                         analyse_text, nlp):
    from kg.extract.classifier import _describes_another
    from kg.extract.syntax import SentenceView
    analysis = analyse_text(sentence)
    named = {m.text: m for m in analysis.mentions}
    view = SentenceView(next(nlp(analysis.article.text).sents), list(analysis.mentions))
    assert _describes_another(view, named[place], named[other]) is describes_another


def test_buying_a_part_of_a_company_is_investing_in_it_not_acquiring_it(analyse_text):
    analysis = analyse_text("Harborview Capital bought a fifth of Lumora Robotics in May.")
    assert not [r for r in analysis.relations if r.predicate == "acquired"]


def test_a_job_left_behind_is_a_former_role(analyse_text):
    relations = analyse_text("Ivo Kranz joined Fenwick Bank from Galloway Motors last spring.").relations
    earlier = [r for r in relations if r.object.text == "Galloway Motors" and r.predicate == "worksFor"]
    assert all(r.evidence.qualifiers.get("roleStatus") == "former" for r in earlier)


def test_only_labels_the_ontology_allows_are_predicted():
    model = RelationModel((NONE, "worksFor", "acquired"), 64, {}, np.array([0.0, 3.0, 2.0]), 0.2)
    assert model.predict(["x"])[0] == "worksFor"
    assert model.predict(["x"], allowed=lambda label: label != "worksFor")[0] == "acquired"
    assert model.predict(["x"], allowed=lambda label: False)[0] == NONE


def test_lone_legal_forms_and_board_names_are_not_entities(analyse_text):
    names = {m.text for m in analyse_text("Opteum Financial Services, LLC hired Dana Reyes to its Board of Directors.").mentions}
    assert not names & {"LLC", "Board of Directors"}


def test_nothing_between_two_names_in_a_clause_about_a_third(analyse_text):
    relations = analyse_text("Ivo Kranz joined Fenwick Bank from Galloway Motors last spring.").relations
    assert not [r for r in relations if {r.subject.text, r.object.text} == {"Fenwick Bank", "Galloway Motors"}]


def test_no_relation_from_a_line_without_a_verb(analyse_text):
    relations = analyse_text("Leeds United 2-1 Hull City; Wrexham v Bolton Wanderers.").relations
    assert not [r for r in relations if r.evidence.extractor.startswith("classifier")]


def test_an_item_of_a_list_is_joined_through_its_list(nlp):
    """"worked at A, B and C": C is joined to the verb as A is, and A is no third name between them."""
    from kg.extract.classifier import _path_between
    from kg.extract.syntax import SentenceView

    text = "Ada Moreno worked at Arbor Analytics, Belden Foods and Fenwick Bank."
    doc = nlp(text)
    mentions = [Mention(name, text.index(name), text.index(name) + len(name), cls) for name, cls in
                (("Ada Moreno", "Person"), ("Arbor Analytics", "Organization"), ("Belden Foods", "Organization"),
                 ("Fenwick Bank", "Organization"))]
    view = SentenceView(next(doc.sents), mentions)
    assert [t.lemma_ for t in _path_between(view, mentions[0], mentions[3])][-1] == "work"
    assert _path_between(view, mentions[1], mentions[3]) is None  # two items of one list
