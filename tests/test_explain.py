"""`kg explain`: the sentences behind a fact, and every fact about an entity."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.build import build
from kg.cli import app
from kg.explain import NotInGraph, explain

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
runner = CliRunner()


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    folder = tmp_path_factory.mktemp("explained")
    build([SEEDS], folder)
    return folder


def test_a_fact_is_explained_by_each_of_its_sentences(out):
    (statement,) = explain(out / ".kg", "Harborview Capital", "investedIn", "Lumora Robotics")
    assert (statement.subject, statement.predicate, statement.object) == ("Harborview Capital", "investedIn", "Lumora Robotics")
    # two sentences of the body (the investment rule) and the headline "takes a fifth of" (the classifier)
    assert len(statement.supports) == 3 and statement.confidence > max(s.confidence for s in statement.supports)
    assert all("Lumora" in s.sentence and s.title for s in statement.supports)
    assert sorted(s.extractor.split(".")[0] for s in statement.supports) == ["classifier", "investment", "investment"]
    assert [s.confidence for s in statement.supports] == sorted((s.confidence for s in statement.supports), reverse=True)


def test_labels_are_matched_without_case_and_iris_work_too(out):
    by_label = explain(out / ".kg", "harborview capital", "kg:investedIn", "LUMORA ROBOTICS")
    by_iri = explain(out / ".kg", "id:organization/harborview-capital", "investedIn",
                     "https://w3id.org/kg-news/id/organization/lumora-robotics")
    assert by_label == by_iri and len(by_label) == 1


def test_an_entity_alone_lists_every_fact_about_it_either_side(out):
    statements = explain(out / ".kg", "Lumora Robotics")
    assert {"investedIn", "ceoOf"} <= {s.predicate for s in statements}
    assert all("Lumora Robotics" in (s.subject, s.object) for s in statements)


def test_a_former_role_is_shown_but_not_as_a_fact(out):
    (former,) = [s for s in explain(out / ".kg", "Maya Chen") if s.object == "Google"]
    assert former.confidence is None and {x.status for x in former.supports} == {"former"}


def test_the_export_file_works_like_the_store(out):
    assert explain(out / "graph.trig", "Harborview Capital", "investedIn") == explain(out / ".kg", "Harborview Capital", "investedIn")


def test_unknown_names_and_properties_are_one_line_errors(out):
    with pytest.raises(NotInGraph, match="nothing in the graph is called 'Nobody Inc'"):
        explain(out / ".kg", "Nobody Inc")
    result = runner.invoke(app, ["explain", "Harborview Capital", "bossOf", "--store", str(out / ".kg")])
    assert result.exit_code == 1 and "kg has no property 'bossOf'" in result.stderr


def test_the_command_prints_sentences_and_sources(out):
    result = runner.invoke(app, ["explain", "Harborview Capital", "investedIn", "Lumora Robotics", "--store", str(out / ".kg")])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].startswith("Harborview Capital investedIn Lumora Robotics (fact, confidence")
    assert sum(line.startswith('  "') for line in lines) == 3 and "investment.v1" in result.stdout
