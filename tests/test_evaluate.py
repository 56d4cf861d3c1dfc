"""kg eval: scores on a small labelled set whose right answers are known."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg.errors import InputError, KgError
from kg.evaluate import Labelled, Mapping, Scores, _score, evaluate, format_report, load_mapping, mapping_for

DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture()
def mapping_file(tmp_path):
    path = tmp_path / "map.json"
    path.write_text(json.dumps({"dataset": "toy", "relations": {"Buy": ["acquired"], "Employ": ["worksFor", "ceoOf", "joined"]}}))
    return path


def test_scores_on_a_known_set(mapping_file):
    report = evaluate(DATA / "labelled.jsonl", mapping_file)
    # t1 exact hit; t2 found with a shorter span than gold ("Norrland Telecom" inside "Norrland Telecom ( NT )");
    # t3 is a true acquisition the labels lack (a false positive as far as the data goes); t4 is missed.
    buy_strict, buy_lenient = report.strict["Buy"], report.lenient["Buy"]
    assert (buy_strict.gold, buy_strict.predicted, buy_strict.correct) == (2, 3, 1)
    assert (buy_lenient.gold, buy_lenient.predicted, buy_lenient.correct) == (2, 3, 2)
    assert (report.lenient["Employ"].gold, report.lenient["Employ"].correct) == (1, 0)
    assert "Kill" not in report.strict  # unmapped types are not scored
    micro = report.micro(report.lenient)
    assert (micro.gold, micro.predicted, micro.correct) == (3, 3, 2)
    assert micro.precision == pytest.approx(2 / 3) and micro.recall == pytest.approx(2 / 3)
    assert [p.example for p, _ in report.false_positives] == ["t3"]
    assert [g.example for g, _ in report.false_negatives] == ["t4"]


def test_report_text_names_relations_and_errors(mapping_file):
    text = format_report(evaluate(DATA / "labelled.jsonl", mapping_file))
    assert "micro" in text and "Buy(Google -> YouTube)" in text and "Employ(Maya Chen -> Veltrix)" in text


def test_symmetric_types_match_in_either_direction():
    mapping = Mapping("m", {"Merge": frozenset({"mergedWith"})}, frozenset({"Merge"}))
    gold = [Labelled("x", (0, 1), (2, 3), "Merge")]
    predicted = [Labelled("x", (2, 3), (0, 1), "Merge")]
    scores, missed, wrong = _score(gold, predicted, mapping, lambda a, b: a == b)
    assert scores["Merge"].correct == 1 and not missed and not wrong


def test_each_gold_relation_is_matched_once_and_counted_once():
    mapping = Mapping("m", {"Buy": frozenset({"acquired"})})
    gold = [Labelled("x", (0, 10), (20, 30), "Buy")]
    predicted = [Labelled("x", (0, 5), (20, 30), "Buy"), Labelled("x", (5, 10), (20, 30), "Buy")]
    scores, _, wrong = _score(gold, predicted, mapping, lambda a, b: a[0] <= b[0] and b[1] <= a[1] or b[0] <= a[0] and a[1] <= b[1])
    # the second is the same relation through another part of the gold name: neither right nor wrong
    assert scores["Buy"].correct == 1 and scores["Buy"].predicted == 1 and not wrong


def test_f1_of_nothing_is_zero():
    assert Scores().f1 == 0.0 and Scores(gold=3).recall == 0.0


def test_built_in_mappings_and_their_choice():
    assert mapping_for(Path("conll04_dev.jsonl")) == "conll04" and mapping_for(Path("fire_train.jsonl")) == "fire"
    assert "Work_For" in load_mapping("conll04").relations
    with pytest.raises(KgError, match="pass --map"):
        mapping_for(Path("other.jsonl"))
    with pytest.raises(KgError, match="conll04"):
        load_mapping("nope")


def test_mapping_to_an_unknown_property_is_an_error(tmp_path):
    path = tmp_path / "bad.json"
    path.write_text(json.dumps({"relations": {"Buy": ["boughtUp"]}}))
    with pytest.raises(KgError, match="boughtUp"):
        load_mapping(path)


def test_bad_dataset_lines_name_the_line(tmp_path):
    path = tmp_path / "broken.jsonl"
    path.write_text('{"text": "x", "entities": [], "relations": []}\n{"text": "no labels"}\n')
    with pytest.raises(InputError, match="broken.jsonl:2"):
        evaluate(path, "fire")


def test_conll04_and_fire_dev_run(shared_path):
    for name in ("conll04_dev.jsonl", "fire_dev.jsonl"):
        report = evaluate(shared_path("eval", name))
        assert report.texts > 200 and report.micro(report.strict).gold > 0


def test_cli_eval(mapping_file):
    from typer.testing import CliRunner

    from kg.cli import app

    result = CliRunner().invoke(app, ["eval", str(DATA / "labelled.jsonl"), "--map", str(mapping_file), "--worst", "1"])
    assert result.exit_code == 0, result.output
    assert "micro" in result.stdout and "worst false positives" in result.stdout
    missing = CliRunner().invoke(app, ["eval", "nope.jsonl", "--map", "fire"])
    assert missing.exit_code == 1 and "nope.jsonl: no such file" in missing.stderr


def test_a_relation_between_parts_of_one_gold_entity_is_not_judged():
    # the dataset made "Fort Scott , Kan." one place: Fort Scott -> Kan. is neither right nor wrong
    mapping = Mapping("m", {"Located_In": frozenset({"locatedIn"})})
    gold = [Labelled("x", (30, 40), (50, 60), "Located_In")]
    inside = Labelled("x", (0, 10), (13, 17), "Located_In")
    across = Labelled("x", (0, 10), (30, 40), "Located_In")
    scores, _, wrong = _score(gold, [inside, across], mapping, lambda a, b: a == b, {"x": [(0, 17), (30, 40), (50, 60)]})
    assert scores["Located_In"].predicted == 1 and wrong == [across]
    scores, _, wrong = _score(gold, [inside, across], mapping, lambda a, b: a == b)
    assert scores["Located_In"].predicted == 2 and len(wrong) == 2
