"""kg doctor: every check runs, broken parts are failures with a fix, and the exit status says so."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from typer.testing import CliRunner

import kg.doctor
from kg.cli import app
from kg.doctor import CHECKS, CheckResult, Outcome, Settings, check_store, doctor, register_check

runner = CliRunner()


def by_name(results: list[CheckResult]) -> dict[str, CheckResult]:
    return {result.name: result for result in results}


def test_a_working_install_passes_every_check(tmp_path):
    results = doctor(out=tmp_path / "exports")
    assert [r.name for r in results] == list(CHECKS)
    assert [r.name for r in results if r.status != "ok"] == []
    checks = by_name(results)
    assert "spaCy" in checks["versions"].detail and "rdflib" in checks["versions"].detail
    assert checks["spacy model"].detail.startswith("en_core_web_sm")  # which model, with its version
    assert "does not exist yet and can be made" in checks["exports folder"].detail
    assert "the shipped model loads" in checks["relation model"].detail


def test_the_checks_the_issue_asks_for_are_registered():
    assert {"python", "versions", "spacy model", "exports folder", "store", "relation model", "ontology", "shapes"} <= set(CHECKS)


def test_missing_spacy_model_fails_with_what_to_install():
    result = by_name(doctor(model="no_such_model"))["spacy model"]
    assert result.failed and "no_such_model" in result.detail and "install" in result.fix


def test_exports_folder_that_is_a_file_fails(tmp_path):
    (tmp_path / "exports").write_text("not a folder")
    result = by_name(doctor(out=tmp_path / "exports"))["exports folder"]
    assert result.failed and "is a file" in result.detail and "--out" in result.fix


def test_exports_folder_under_a_file_fails(tmp_path):
    (tmp_path / "file").write_text("x")
    result = by_name(doctor(out=tmp_path / "file" / "exports"))["exports folder"]
    assert result.failed and "cannot write" in result.detail


def test_existing_writable_exports_folder_passes(tmp_path):
    result = by_name(doctor(out=tmp_path))["exports folder"]
    assert result.status == "ok" and result.detail == f"{tmp_path} is writable"
    assert list(tmp_path.iterdir()) == []  # the probe leaves nothing behind


def test_broken_relation_model_fails(tmp_path):
    (tmp_path / "model.npz").write_bytes(b"not a model")
    result = by_name(doctor(relation_model=tmp_path / "model.npz"))["relation model"]
    assert result.failed and "not a kg relation model" in result.detail


def test_relation_model_with_labels_the_ontology_lacks_fails(tmp_path):
    from kg.extract.classifier import load_relation_model

    shipped = load_relation_model()
    replace(shipped, labels=(*shipped.labels[:-1], "bribed")).save(tmp_path / "odd.npz")  # a copy: the shipped one is cached
    result = by_name(doctor(relation_model=tmp_path / "odd.npz"))["relation model"]
    assert result.failed and "bribed" in result.detail
    assert "bribed" not in load_relation_model().labels


def test_ontology_that_does_not_parse_fails(monkeypatch):
    import kg.schema

    def broken():
        raise ValueError("bad syntax at line 3")

    monkeypatch.setattr(kg.schema, "ontology", broken)
    result = by_name(doctor())["ontology"]
    assert result.failed and "does not parse: bad syntax at line 3" in result.detail


def test_a_check_that_raises_is_a_failure_and_the_others_still_run(monkeypatch):
    monkeypatch.setitem(CHECKS, "exploding", lambda settings: 1 / 0)
    results = by_name(doctor())
    assert results["exploding"].failed and "ZeroDivisionError" in results["exploding"].detail
    assert results["ontology"].status == "ok"


def test_adding_a_check_is_one_function(monkeypatch):
    monkeypatch.setattr(kg.doctor, "CHECKS", dict(CHECKS))

    @register_check("store")
    def check_store(settings):
        return Outcome("warn", f"no store in {settings.out} yet", "run kg build")

    result = by_name(doctor())["store"]
    assert (result.status, result.fix) == ("warn", "run kg build")


def test_cli_prints_each_check_and_exits_0(tmp_path):
    result = runner.invoke(app, ["doctor", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    for name in CHECKS:
        assert any(line.startswith("OK") and name in line for line in lines), name
    assert lines[-1] == "kg is ready to build"


@pytest.mark.parametrize("args, broken", [
    (["--model", "no_such_model"], "spacy model"),
    (["--out", "{tmp}/file"], "exports folder"),
])
def test_cli_exits_1_with_what_to_fix(args, broken, tmp_path):
    (tmp_path / "file").write_text("x")
    result = runner.invoke(app, ["doctor", *[a.replace("{tmp}", str(tmp_path)) for a in args]])
    assert result.exit_code == 1 and "Traceback" not in result.output
    failed = [line for line in result.stdout.splitlines() if line.startswith("FAIL")]
    assert len(failed) == 1 and broken in failed[0]
    assert "fix:" in result.stdout and result.stdout.splitlines()[-1] == f"1 problem to fix: {broken}"


def test_the_store_check_reads_the_store_and_sees_a_lock_or_damage(tmp_path):
    from kg.build import build
    from kg.store.lock import StoreLock

    seeds = Path(__file__).resolve().parent.parent / "seeds"
    assert check_store(Settings(out=tmp_path)).status == "ok"  # no store yet
    build([seeds / "veltrix-hires.md"], tmp_path)
    outcome = check_store(Settings(out=tmp_path))
    assert outcome.status == "ok" and "1 article(s), unlocked" in outcome.detail
    with StoreLock(tmp_path / ".kg"):
        assert check_store(Settings(out=tmp_path)).status == "warn"
    (tmp_path / ".kg" / "current").write_text("graph-999999")
    damaged = check_store(Settings(out=tmp_path))
    assert damaged.status == "fail" and "damaged" in damaged.detail and damaged.fix
