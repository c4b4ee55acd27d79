"""`make mutation`: mutation testing (mutmut, pinned) of the packages that decide doses and
identifiers, each against its own tests, in a scratch copy so the working tree stays clean.

    python bench/mutation.py clinical phi      # both (the default)
    python bench/mutation.py clinical --jobs 2
    python bench/mutation.py phi --sample 4    # every 4th mutant of each module (a quicker run)

For each package: copy ``src/<pkg>``, ``tests/<pkg>`` and the shared test files into a scratch
directory, write a ``[tool.mutmut]`` section naming only that package, run ``mutmut run``, then
print the score per file and the surviving mutants (``mutmut results``). Mutants listed in
``bench/mutation_equivalent.txt`` (with the reason) are counted as equivalent, not as survivors.
Not part of ``make test``: a full run takes minutes; run it before changing these packages.
The copy is of the working tree, so uncommitted changes of the package or its tests are refused
unless ``--dirty`` is given, and the package's tests are run once on the unmutated copy before
any mutant is made (a failing test would otherwise stop mutmut only after every mutant is made).
"""

from __future__ import annotations

import argparse
import ast
import fnmatch
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED_TEST_FILES = ["tests/__init__.py", "tests/conftest.py", "tests/factories.py"]
EQUIVALENT = ROOT / "bench" / "mutation_equivalent.txt"


def _equivalent() -> dict[str, str]:
    """Mutant name -> why it cannot be told apart from the original."""
    if not EQUIVALENT.exists():
        return {}
    out = {}
    for line in EQUIVALENT.read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            name, _, reason = line.partition(" ")
            out[name] = reason.strip()
    return out


class _Prose(ast.NodeTransformer):
    """Blank every string of three words or more (a message for people, not a code or key)."""

    def visit_Constant(self, node: ast.Constant) -> ast.AST:
        if isinstance(node.value, str) and node.value.count(" ") >= 2:
            return ast.copy_location(ast.Constant("<prose>"), node)
        return node


def _functions(path: Path) -> dict[str, str]:
    """Mutated module -> {function name: AST dump with prose blanked and the name removed}."""
    tree = ast.parse(path.read_text())
    out = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and "__mutmut_" in node.name:
            name = node.name
            node.name = "f"
            out[name] = ast.dump(_Prose().visit(node))
    return out


def text_only(work: Path, package: str, names: list[str]) -> set[str]:
    """The mutants that change only the wording of a message (nothing a caller branches on)."""
    found: set[str] = set()
    cache: dict[str, dict[str, str]] = {}
    for name in names:
        module, _, function = name.rpartition(".")
        path = work / "mutants" / "src" / Path(*module.split("."))
        path = path.with_suffix(".py") if path.with_suffix(".py").exists() else path / "__init__.py"
        if not path.exists():
            continue
        if module not in cache:
            cache[module] = _functions(path)
        functions = cache[module]
        original = function.rsplit("__mutmut_", 1)[0] + "__mutmut_orig"
        if function in functions and functions.get(original) == functions[function]:
            found.add(name)
    return found


def _uncommitted(package: str) -> list[str]:
    """Files of `src/<package>` and `tests/<package>` that differ from the last commit (the
    scratch copy is taken from the working tree)."""
    out = subprocess.run(
        ["git", "status", "--porcelain", "--", f"src/{package}", f"tests/{package}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    ).stdout
    return [line[3:] for line in out.splitlines() if line.strip()]


def _borrowed_test_files(package: str) -> list[str]:
    """The test modules of other packages that `tests/<package>` imports (a clinical test
    posting to the calculator page borrows the cases tests' helper), with their packages'
    `__init__.py`: without them every test run of the scratch copy fails to collect, and
    mutmut reports every mutant as not run."""
    found: set[str] = set()
    pattern = re.compile(r"^\s*from tests\.([a-z_]+)\.([a-z_0-9]+) import", re.MULTILINE)
    for path in (ROOT / "tests" / package).rglob("*.py"):
        for folder, module in pattern.findall(path.read_text()):
            if folder != package:
                found |= {f"tests/{folder}/__init__.py", f"tests/{folder}/{module}.py"}
    return sorted(name for name in found if (ROOT / name).exists())


def _pyproject(package: str) -> str:
    text = (ROOT / "pyproject.toml").read_text()
    text = re.sub(r"\n\[tool\.mutmut\][^\[]*", "\n", text)
    return text + (
        "\n[tool.mutmut]\n"
        f'source_paths = ["src/{package}/"]\n'
        f'pytest_add_cli_args_test_selection = ["tests/{package}/"]\n'
        'pytest_add_cli_args = ["-q", "-p", "no:randomly"]\n'
    )


_GENERATE = """
import os
from mutmut.__main__ import copy_also_copy_files, copy_src_dir, create_mutants
from mutmut.__main__ import setup_source_paths, store_lines_covered_by_tests
from mutmut.mutation.trampoline import set_mutant_under_test
set_mutant_under_test("mutant_generation")
os.makedirs("mutants", exist_ok=True)
copy_src_dir()
copy_also_copy_files()
setup_source_paths()
store_lines_covered_by_tests()
create_mutants({jobs})
"""


def _number(name: str) -> tuple[str, int]:
    function, _, number = name.rpartition("__mutmut_")
    return function, int(number) if number.isdigit() else 0


def sample(names: list[str], every: int, only: list[str] | None = None) -> list[str]:
    """A deterministic sample stratified by module: in each module (its mutants in source
    order: function, then mutant number), the 1st, (every+1)th, (2*every+1)th... mutant."""
    by_module: dict[str, list[str]] = defaultdict(list)
    for name in names:
        if only and not any(fnmatch.fnmatchcase(name, pattern) for pattern in only):
            continue
        by_module[name.rsplit(".", 1)[0]].append(name)
    picked = []
    for module in sorted(by_module):
        picked += sorted(by_module[module], key=_number)[::every]
    return picked


def run(
    package: str,
    jobs: int,
    only: list[str] | None = None,
    every: int = 1,
    reuse: str | None = None,
) -> tuple[Counter[str], dict[str, list[str]]]:
    if reuse is None:
        work = Path(tempfile.mkdtemp(prefix=f"echohub-mutation-{package}-"))
        shutil.copytree(ROOT / "src" / package, work / "src" / package)
    else:
        # An earlier run's directory: its mutants and test statistics are kept when the source
        # is unchanged (mutmut regenerates changed files and collects statistics for new tests).
        work = Path(reuse)
        if (work / "src" / package).exists():
            shutil.rmtree(work / "src" / package)
        shutil.copytree(ROOT / "src" / package, work / "src" / package)  # keeps times
        shutil.rmtree(work / "tests" / package)
    shutil.copytree(ROOT / "tests" / package, work / "tests" / package)
    for name in [*SHARED_TEST_FILES, *_borrowed_test_files(package)]:
        (work / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / name, work / name)
    (work / "pyproject.toml").write_text(_pyproject(package))
    mutmut = str(Path(sys.executable).with_name("mutmut"))
    # Property tests run fewer examples per mutant (each mutant reruns them).
    # ECHOHUB_MUTATION: tests that only measure speed on huge inputs use smaller ones.
    env = {
        **os.environ,
        "PYTHONPATH": str(work / "src"),
        "ECHOHUB_HYPOTHESIS_EXAMPLES": "12",
        "ECHOHUB_MUTATION": "1",
    }
    print(f"== {package}: mutmut in {work}", flush=True)
    # The package's tests must pass on the unmutated copy first: mutmut finds out only after
    # making every mutant (half an hour for phi), then stops at the first failing test.
    check = subprocess.run(
        [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:randomly", f"tests/{package}"],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if check.returncode != 0:
        tail = "\n".join(check.stdout.splitlines()[-15:])
        raise SystemExit(f"the tests of {package} fail on the unmutated copy in {work}:\n{tail}")
    names = only or []
    if every > 1:
        # Generate the mutants only, list them, then run a stratified sample by name.
        subprocess.run(
            [sys.executable, "-c", _GENERATE.format(jobs=jobs)], cwd=work, env=env, check=True
        )
        listing = subprocess.run(
            [mutmut, "results", "--all", "true"],
            cwd=work,
            env=env,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        everything = [line.strip().partition(": ")[0] for line in listing.splitlines()]
        names = sample([n for n in everything if "__mutmut_" in n], every, only)
        print(f"   sample: {len(names)} of {len(everything)} mutants (every {every})", flush=True)
    started = time.monotonic()
    with (work / "mutmut-run.log").open("w") as log:  # mutmut's own progress and errors
        subprocess.run(
            [mutmut, "run", "--max-children", str(jobs), *names],
            cwd=work,
            env=env,
            check=False,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    print(f"   ran in {(time.monotonic() - started) / 60:.1f} minutes", flush=True)
    listing = subprocess.run(
        [mutmut, "results", "--all", "true"],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    ).stdout
    return report(work, package, listing, only=set(names) if names else None)


def report(
    work: Path, package: str, listing: str, only: set[str] | None = None
) -> tuple[Counter[str], dict[str, list[str]]]:
    """Score per module; with ``only`` (a sample or a subset), count those mutants alone."""
    status: Counter[str] = Counter()
    by_file: dict[str, Counter[str]] = defaultdict(Counter)
    survivors: dict[str, list[str]] = defaultdict(list)
    equivalent = _equivalent()
    rows = [line.strip().partition(": ") for line in listing.splitlines()]
    rows = [(name, state) for name, _, state in rows if name and state]
    if only is not None:
        rows = [(name, state) for name, state in rows if name in only]
    wording = text_only(work, package, [n for n, state in rows if state == "survived"])
    for name, state in rows:
        module = name.rsplit(".", 1)[0]
        if state == "survived" and name in equivalent:
            state = "equivalent"
        elif state == "survived" and name in wording:
            state = "wording"
        status[state] += 1
        by_file[module][state] += 1
        if state == "survived":
            survivors[module].append(name)
    print(
        "Score = killed / (killed + survived), over mutants that change behaviour; 'wording' "
        "survivors change only the words of a message (listed apart), 'equiv.' are listed with "
        "their reason in bench/mutation_equivalent.txt, 'other' were not covered or not run."
    )
    head = f"{'module':<24} {'killed':>7} {'survived':>9} {'wording':>8} {'equiv.':>7}"
    print(f"{head} {'other':>6} {'score':>7}")
    for module, counts in sorted(by_file.items()):
        killed, survived = counts["killed"] + counts["timeout"], counts["survived"]
        other = sum(counts.values()) - killed - survived - counts["equivalent"]
        other -= counts["wording"]
        # No mutant run is no score (a run whose tests failed to collect printed 100.0 %).
        score = f"{killed / (killed + survived):>7.1%}" if killed + survived else "   none"
        print(
            f"{module:<24} {killed:>7} {survived:>9} {counts['wording']:>8} "
            f"{counts['equivalent']:>7} {other:>6} {score}"
        )
    for module, names in sorted(survivors.items()):
        print(f"-- survivors in {module} ({len(names)}):")
        for name in names:
            print(f"   {name}")
    print(f"   (inspect one: cd {work} && mutmut show NAME)")
    if rows and not status["killed"] + status["timeout"] + status["survived"]:
        print(
            f"   no mutant was run: the tests did not run in the scratch copy "
            f"(read {work / 'mutmut-run.log'})"
        )
    return status, survivors


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("packages", nargs="*", default=["clinical", "phi"])
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    parser.add_argument(
        "--report", metavar="DIR", help="only report on an earlier run's scratch directory"
    )
    parser.add_argument(
        "--only", nargs="*", metavar="GLOB", help="mutant names to run, e.g. 'clinical.mme*'"
    )
    parser.add_argument(
        "--sample",
        type=int,
        default=1,
        metavar="N",
        help="run every Nth mutant of each module (deterministic), not all",
    )
    parser.add_argument(
        "--reuse",
        metavar="DIR",
        help="run again in an earlier run's scratch directory (with --sample or --only: the "
        "mutants named are all run again against the current tests)",
    )
    parser.add_argument(
        "--dirty",
        action="store_true",
        help="run on uncommitted changes of the package or its tests (refused by default: "
        "another person's unfinished work in the tree would be measured, or fail the run)",
    )
    args = parser.parse_args()
    if not args.report and not args.dirty:
        for package in args.packages:
            changed = _uncommitted(package)
            if changed:
                parser.error(
                    f"uncommitted changes in {package} or its tests ({', '.join(changed[:5])}): "
                    "commit them, or pass --dirty to measure them as they are"
                )
    if args.report:
        work = Path(args.report)
        listing = subprocess.run(
            [str(Path(sys.executable).with_name("mutmut")), "results", "--all", "true"],
            cwd=work,
            capture_output=True,
            text=True,
            check=False,
        ).stdout
        names = [line.strip().partition(": ")[0] for line in listing.splitlines()]
        names = [n for n in names if "__mutmut_" in n]
        chosen = sample(names, args.sample, args.only) if args.sample > 1 or args.only else None
        report(work, args.packages[0], listing, only=set(chosen) if chosen is not None else None)
        return 0
    failed = False
    for package in args.packages:
        status, _survivors = run(package, args.jobs, args.only, args.sample, args.reuse)
        failed |= not status["killed"] + status["timeout"] + status["survived"]
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
