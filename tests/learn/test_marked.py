"""Hand-marked training sentences (kg.learn.marked) and training on several datasets at once."""

from __future__ import annotations

import json
import re

import numpy as np
import pytest

from kg.errors import InputError, KgError
from kg.evaluate import dataset_mapping, load_mapping, mapping_for
from kg.learn.marked import load_marked, parse_example
from kg.learn.train import Candidate, possible_labels, train, training_files
from kg.learn.model import NONE, RelationModel

EXAMPLE = """# a comment
[Ada Moss](Person), 52, of [Dayton](Place), [Ohio](Place), joined [Acme Tool Co.](Organization) in May.
    livesIn(Ada Moss; Dayton)
    locatedIn(Dayton; Ohio)
    worksFor(Ada Moss; Acme Tool Co.)

[Ada Moss](Person) flew to [Lisbon](Place).
"""


def test_marked_sentences_become_examples_with_offsets(tmp_path):
    path = tmp_path / "few.txt"
    path.write_text(EXAMPLE)
    first, second = load_marked(path)
    assert first["text"] == "Ada Moss, 52, of Dayton, Ohio, joined Acme Tool Co. in May."
    for entity in first["entities"]:
        assert first["text"][entity["start"]:entity["end"]] == entity["text"]
    named = [(first["entities"][r["head"]]["text"], r["type"], first["entities"][r["tail"]]["text"]) for r in first["relations"]]
    assert named == [("Ada Moss", "livesIn", "Dayton"), ("Dayton", "locatedIn", "Ohio"), ("Ada Moss", "worksFor", "Acme Tool Co.")]
    assert second["relations"] == [] and second["id"] == "few:7"
    assert mapping_for(path) == "kg"


@pytest.mark.parametrize("sentence, relation, problem", [
    ("[Ada](Human) left.", [], "unknown class 'Human'"),
    ("[Ada](Person) left [Acme](Organization).", ["    worksFor(Ada; Acne)"], "'Acne' is not a bracketed name"),
    ("[Ada](Person) left [Acme](Organization).", ["    employs(Acme; Ada)"], "'employs' is not a property"),
    ("[Ada](Person) left [Acme](Organization).", ["    livesIn(Ada; Acme)"], "does not allow Person -> Organization"),
    ("[Ada](Person) left [Acme](Organization).", ["    worksFor Ada Acme"], "not a relation line"),
    ("[Ada(Person) left.", [], "a bracket that is not a name"),
])
def test_mistakes_in_the_markup_are_named(sentence, relation, problem):
    with pytest.raises(InputError, match=re.escape(problem)):
        parse_example(sentence, relation, "f.txt:3")


def test_a_file_declares_the_properties_it_marks_completely(tmp_path):
    path = tmp_path / "deals.txt"
    path.write_text("# relations: acquired, mergedWith, worksFor\n" + EXAMPLE)
    mapping = dataset_mapping(path)
    assert set(mapping.relations) == {"acquired", "mergedWith", "worksFor"}
    assert mapping.relations["acquired"] == ("acquired",) and mapping.symmetric == {"mergedWith"}
    assert set(dataset_mapping(_plain(tmp_path)).relations) == set(load_mapping("kg").relations)
    path.write_text("# relations: acquired, boughtBy\n" + EXAMPLE)
    with pytest.raises(InputError, match="deals.txt:1.*'boughtBy' is not a property"):
        dataset_mapping(path)


def _plain(tmp_path):
    path = tmp_path / "plain.txt"
    path.write_text(EXAMPLE)
    return path


def test_two_sentences_without_a_blank_line_are_refused(tmp_path):
    path = tmp_path / "bad.txt"
    path.write_text("[Ada](Person) left.\n[Bo](Person) came.\n")
    with pytest.raises(InputError, match="bad.txt:2"):
        load_marked(path)


def test_the_shipped_training_sentences_parse_and_are_labelled_with_the_kg_mapping():
    files = training_files([__import__("pathlib").Path(__file__).parents[2] / "kg" / "data" / "training"])
    assert len(files) >= 4
    mapping = load_mapping("kg")
    for path in files:
        examples = load_marked(path)
        assert len(examples) > 200
        kinds = {r["type"] for e in examples for r in e["relations"]}
        assert {"worksFor", "livesIn", "locatedIn"} & kinds and kinds & set(mapping.relations)


def test_the_shipped_training_sentences_quote_no_evaluation_text(shared_path):
    """Our sentences are our own: no run of eight words is shared with the labelled datasets."""
    def grams(text):
        words = re.findall(r"\w+", text.lower())
        return {" ".join(words[i:i + 8]) for i in range(len(words) - 7)}
    ours = set()
    for path in training_files([__import__("pathlib").Path(__file__).parents[2] / "kg" / "data" / "training"]):
        for example in load_marked(path):
            ours |= grams(example["text"])
    for dataset in sorted(shared_path("eval").glob("*.jsonl")):
        for line in dataset.read_text(encoding="utf-8").splitlines():
            assert not grams(json.loads(line)["text"]) & ours, dataset.name


def test_silence_of_a_dataset_about_a_relation_it_does_not_label_is_not_a_negative():
    labels = [NONE, "worksFor", "livesIn"]
    fire_like = Candidate(np.array([1]), 0, 0, frozenset({"worksFor"}), ("Person", "Place"))
    ours = Candidate(np.array([1]), 0, 1, frozenset({"worksFor", "livesIn"}), ("Person", "Place"))
    positive = Candidate(np.array([1]), 2, 2, frozenset({"worksFor", "livesIn"}), ("Person", "Place"))
    allowed = possible_labels([fire_like, ours, positive], labels)
    assert allowed.tolist() == [[True, False, True], [True, False, False], [False, False, True]]


def test_prediction_is_conditioned_on_the_labels_the_classes_allow():
    """A person and a place cannot be worksFor: its share goes to the labels that can hold."""
    model = RelationModel((NONE, "worksFor", "livesIn"), 8, {}, np.log(np.array([0.3, 0.35, 0.35])), 0.5)
    assert model.predict(["x"])[0] == NONE  # 0.35 each: neither passes the threshold
    label, probability = model.predict(["x"], lambda label: label == "livesIn")
    assert label == "livesIn" and probability == pytest.approx(0.35 / 0.65)


def test_training_pools_json_lines_and_marked_files(tmp_path, nlp):
    people = ["Ada Moreno", "Ben Okoro", "Cara Lind", "Dev Patel", "Eli Novak", "Fay Duarte"]
    cities = ["Denver", "Boston", "Chicago", "Seattle", "Atlanta"]
    lines = []
    for n, (person, city) in enumerate((p, c) for p in people for c in cities):
        if n % 2:
            lines.append(f"[{person}](Person) has lived in [{city}](Place) for years.\n    livesIn({person}; {city})\n")
        else:
            lines.append(f"[{person}](Person) flew to [{city}](Place) for a meeting.\n")
    (tmp_path / "ours.txt").write_text("\n".join(lines))
    jsonl = tmp_path / "other.jsonl"
    jsonl.write_text(json.dumps({"text": "Ada Moreno works at Arbor Analytics .", "relations": [{"head": 0, "tail": 1, "type": "Employ"}],
                                 "entities": [{"start": 0, "end": 10, "type": "P", "text": "Ada Moreno"},
                                              {"start": 20, "end": 35, "type": "O", "text": "Arbor Analytics"}]}) + "\n")
    with pytest.raises(KgError, match="cannot tell which mapping"):
        train([tmp_path])
    jsonl.unlink()
    model, report = train([tmp_path], precision=0.8)
    assert "livesIn" in model.labels and report.gold == 15 and report.examples == 30
    assert model.info["trained_on"] == "ours.txt" and model.info["mapping"].startswith("kg")
