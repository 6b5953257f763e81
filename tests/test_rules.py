"""Each diagnostic code on a small broken fixture: the exact (file, line, column, code).

A case is ``tests/fixtures/broken/<CODE>-<name>/``: ``files/`` overlays the valid workspace in
``tests/fixtures/base``, ``delete.txt`` lists files to remove and ``expected.txt`` lists every
diagnostic that must result (``file:line:column: CODE``), no more and no less.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from skillweave.diagnostics import CODES, RETIRED, DiagnosticSink
from skillweave.load.curriculum import load_curriculum
from skillweave.load.workspace import Workspace
from skillweave.pipeline import check
from skillweave.rules.context import RuleContext
from skillweave.rules.registry import LOAD_CODES, RULES
from skillweave.vocab import open_vocabulary

from .conftest import FIXTURES, REPO, copy_workspace

CASES = sorted(p for p in (FIXTURES / "broken").iterdir() if p.is_dir())


def _apply(case: Path, ws: Path) -> None:
    files = case / "files"
    if files.is_dir():
        for src in files.rglob("*"):  # (a case's outside/ folder is not copied: links.txt points there)
            if src.is_file():
                dst = ws / src.relative_to(files)
                dst.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(src, dst)
    if (case / "links.txt").is_file():  # "path -> target": a link to a file of the case, outside the workspace
        for line in (case / "links.txt").read_text().splitlines():
            rel, target = (part.strip() for part in line.split("->"))
            (ws / rel).unlink(missing_ok=True)
            (ws / rel).symlink_to((case / target).resolve())
    if (case / "delete.txt").is_file():
        for rel in (case / "delete.txt").read_text().split():
            (ws / rel).unlink()


def test_base_fixture_is_clean():
    project = check(FIXTURES / "base")
    assert project.diagnostics == []


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_broken_fixture(case: Path, tmp_path: Path):
    ws = copy_workspace(FIXTURES / "base", tmp_path / "ws")
    _apply(case, ws)
    project = check(ws)
    got = sorted(f"{d.file}:{d.line}:{d.column}: {d.code}" for d in project.diagnostics)
    expected = sorted(case.joinpath("expected.txt").read_text().split("\n")[:-1])
    assert got == expected, "\n".join(f"{d.file}:{d.line}:{d.column}: {d.code} {d.message}" for d in project.diagnostics)
    for d in project.diagnostics:
        assert d.severity == CODES[d.code].severity
        assert len(d.message) > 20, d.message


def test_every_code_has_a_fixture():
    # SW4xx come from `skillweave vocab import`; tests/test_vocab_import.py covers them. SW112
    # comes from `skillweave import`; tests/test_hostile.py covers it.
    covered = {c.name.split("-", 1)[0] for c in CASES}
    assert covered == {code for code in CODES if not code.startswith("SW4") and code != "SW112"}


def test_every_code_is_decided_in_one_place():
    declared: dict[str, list[str]] = {}
    for rule in RULES:
        assert rule.__doc__ and rule.__doc__.startswith(", ".join(rule.codes) + ":"), rule.__name__
        for code in rule.codes:
            declared.setdefault(code, []).append(f"rule {rule.__name__}")
    for step, codes in LOAD_CODES.items():
        for code in codes:
            declared.setdefault(code, []).append(step)
    assert {code: places for code, places in declared.items() if len(places) != 1} == {}
    assert sorted(declared) == sorted(CODES)
    assert not set(RETIRED) & set(CODES)


def _rule_by_rule(ws: Path) -> tuple[list, dict[str, list]]:
    """Check ``ws`` as the pipeline does, keeping apart what loading and each rule reported."""
    workspace = Workspace.open(ws)
    sink = DiagnosticSink()
    cur = load_curriculum(workspace, sink)
    vocab = open_vocabulary(workspace, sink, None)
    loaded = list(sink.items)
    ctx = RuleContext(cur, vocab, sink)
    by_rule = {}
    for rule in RULES:
        before = len(sink.items)
        rule(ctx)
        by_rule[rule.__name__] = sink.items[before:]
    return loaded, by_rule


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_rules_emit_only_the_codes_they_declare(case: Path, tmp_path: Path):
    ws = copy_workspace(FIXTURES / "base", tmp_path / "ws")
    _apply(case, ws)
    loaded, by_rule = _rule_by_rule(ws)
    load_codes = {code for codes in LOAD_CODES.values() for code in codes}
    assert {d.code for d in loaded} <= load_codes
    for rule in RULES:
        assert {d.code for d in by_rule[rule.__name__]} <= set(rule.codes), rule.__name__
    # the fixture's own code comes from where it is declared
    code = case.name.split("-", 1)[0]
    emitted = {d.code for d in loaded} | {d.code for ds in by_rule.values() for d in ds}
    assert code in emitted


def test_rule_modules_name_only_their_rules_codes():
    """The code literals of a rule are codes it declares, those of a helper in rules/ codes that a
    rule of the same module declares, and those in load/ and vocab/ loading codes."""
    import ast
    import re

    src = REPO / "src" / "skillweave"
    load_codes = {code for codes in LOAD_CODES.values() for code in codes}

    def literals(node) -> set[str]:
        return {n.value for n in ast.walk(node) if isinstance(n, ast.Constant) and isinstance(n.value, str)
                and re.fullmatch(r"SW\d{3}", n.value)}

    for path in sorted((src / "rules").glob("*.py")):
        if path.name == "registry.py":
            continue
        module = f"skillweave.rules.{path.stem}"
        rules = {rule.__name__: set(rule.codes) for rule in RULES if rule.__module__ == module}
        mine = set().union(*rules.values()) if rules else set()
        for node in ast.parse(path.read_text()).body:
            found = literals(node)
            if isinstance(node, ast.FunctionDef) and node.name in rules:
                assert found <= rules[node.name], (path.name, node.name)
            else:
                assert found <= mine, (path.name, getattr(node, "name", ast.dump(node)[:40]))
    for folder in ("load", "vocab"):
        for path in sorted((src / folder).glob("*.py")):
            assert literals(ast.parse(path.read_text())) <= load_codes, path


def test_every_code_is_documented():
    doc = (Path(__file__).resolve().parents[1] / "docs" / "diagnostics.md").read_text()
    for code in CODES.values():
        assert f"### {code.code} {code.name} ({code.severity.value})" in doc, code.code
    for code in RETIRED:
        assert f"### {code} " in doc and f"### {code} " in doc.split("## Retired codes")[1], code
