"""Each diagnostic code on a small broken fixture: the exact (file, line, column, code).

A case is ``tests/fixtures/broken/<CODE>-<name>/``: ``files/`` overlays the valid workspace in
``tests/fixtures/base``, ``delete.txt`` lists files to remove and ``expected.txt`` lists every
diagnostic that must result (``file:line:column: CODE``), no more and no less.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from skillweave.diagnostics import CODES
from skillweave.pipeline import check

from .conftest import FIXTURES, copy_workspace

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
    # SW5xx come from `skillweave path`, not from check; tests/test_analyses.py covers them.
    # SW4xx come from `skillweave vocab import`; tests/test_vocab_import.py covers them.
    covered = {c.name.split("-", 1)[0] for c in CASES}
    assert covered == {code for code in CODES if not code.startswith(("SW4", "SW5"))}


def test_every_code_is_documented():
    doc = (Path(__file__).resolve().parents[1] / "docs" / "diagnostics.md").read_text()
    for code in CODES.values():
        assert f"### {code.code} {code.name} ({code.severity.value})" in doc, code.code
