"""bench/mutation.py (`make mutation`) copies what the package's tests import into its scratch
directory, and a run in which no mutant ran says so instead of printing a perfect score."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def mutation():
    spec = importlib.util.spec_from_file_location(
        "echohub_bench_mutation", ROOT / "bench" / "mutation.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("package", ["clinical", "phi"])
def test_every_test_module_borrowed_from_another_package_is_copied(mutation, package):
    borrowed = set(mutation._borrowed_test_files(package))
    imported = set()
    for path in (ROOT / "tests" / package).rglob("*.py"):
        for folder, module in re.findall(r"from tests\.(\w+)\.(\w+) import", path.read_text()):
            if folder != package:
                imported.add(f"tests/{folder}/{module}.py")
    assert imported <= borrowed
    for name in borrowed:
        assert (ROOT / name).exists()
        if name.endswith(".py") and not name.endswith("__init__.py"):
            assert str(Path(name).parent / "__init__.py") in borrowed


def test_the_clinical_tests_borrow_the_calculator_page_helper(mutation):
    assert "tests/cases/test_calculator.py" in mutation._borrowed_test_files("clinical")


def test_a_run_where_no_mutant_ran_has_no_score(mutation, tmp_path, capsys):
    listing = "\n".join(f"    clinical.taper.x_plan__mutmut_{i}: not checked" for i in range(1, 4))
    status, survivors = mutation.report(tmp_path, "clinical", listing)
    out = capsys.readouterr().out
    assert status["not checked"] == 3
    assert "100.0%" not in out
    assert re.search(r"clinical\.taper\s+0\s+0\s+0\s+0\s+3\s+none", out)
    assert "no mutant was run" in out
    assert not survivors


def test_a_run_with_kills_and_survivors_is_scored(mutation, tmp_path, capsys):
    listing = "\n".join(
        [
            "    clinical.taper.x_plan__mutmut_1: killed",
            "    clinical.taper.x_plan__mutmut_2: killed",
            "    clinical.taper.x_plan__mutmut_3: killed",
            "    clinical.taper.x_plan__mutmut_4: survived",
        ]
    )
    status, survivors = mutation.report(tmp_path, "clinical", listing)
    out = capsys.readouterr().out
    assert (status["killed"], status["survived"]) == (3, 1)
    assert "75.0%" in out
    assert "no mutant was run" not in out
    assert survivors == {"clinical.taper": ["clinical.taper.x_plan__mutmut_4"]}


def test_uncommitted_changes_of_the_package_are_refused_unless_asked_for(
    mutation, monkeypatch, capsys
):
    monkeypatch.setattr(mutation, "_uncommitted", lambda package: [f"src/{package}/names.py"])
    ran = []
    monkeypatch.setattr(mutation, "run", lambda *args, **kwargs: ran.append(args))
    monkeypatch.setattr("sys.argv", ["mutation.py", "phi", "--sample", "16"])
    with pytest.raises(SystemExit) as refused:
        mutation.main()
    assert refused.value.code == 2
    assert "uncommitted changes in phi" in capsys.readouterr().err
    assert not ran
