"""``skillweave build``: every export into exports/, deterministic, atomic, only inside exports/."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from skillweave.cli.main import cli
from skillweave.emitters import EXPORTS
from skillweave.pipeline import MANIFEST, BuildError, write_exports

from .conftest import FIXTURES


def tree(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture
def ws(tmp_path) -> Path:
    dst = tmp_path / "ws"
    shutil.copytree(FIXTURES / "analyses", dst)
    return dst


def test_build_writes_every_export_and_twice_is_byte_identical(ws):
    first = CliRunner().invoke(cli, ["build", str(ws)])
    assert first.exit_code == 0, first.output
    files = tree(ws / "exports")
    for e in EXPORTS:
        assert any(f == e.filename or f.startswith(e.filename + "/") for f in files), e.name
    assert CliRunner().invoke(cli, ["build", str(ws)]).exit_code == 0
    assert tree(ws / "exports") == files


def test_build_with_errors_writes_nothing(ws):
    assert CliRunner().invoke(cli, ["build", str(ws)]).exit_code == 0
    before = tree(ws / "exports")
    unit = ws / "curricula/units/u1.yaml"
    unit.write_text(unit.read_text().replace("owner: vet-a", "owner: nobody"))
    result = CliRunner().invoke(cli, ["build", str(ws)])
    assert result.exit_code == 1
    assert "SW201" in result.stderr and "nothing was written" in result.stderr
    assert tree(ws / "exports") == before


def test_stale_outputs_are_removed_and_other_files_kept(tmp_path):
    out = tmp_path / "exports"
    write_exports(out, {"a.txt": "a\n", "site/b.html": "b\n"})
    (out / "notes.txt").write_text("mine")
    write_exports(out, {"a.txt": "a2\n"})
    assert sorted(tree(out)) == [MANIFEST, "a.txt", "notes.txt"]
    assert (out / "a.txt").read_text() == "a2\n"


@pytest.mark.parametrize("rel", ["../escape.txt", "/etc/owned", "site/../../escape.txt", MANIFEST])
def test_refuses_to_write_outside_exports(tmp_path, rel):
    with pytest.raises(BuildError):
        write_exports(tmp_path / "exports", {"ok.txt": "x", rel: "y"})
    assert not (tmp_path / "escape.txt").exists()
    assert not (tmp_path / "exports" / "ok.txt").exists()  # checked before anything is written


def test_refuses_a_symlinked_exports_folder(ws, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (ws / "exports").symlink_to(elsewhere)
    result = CliRunner().invoke(cli, ["build", str(ws)])
    assert result.exit_code == 2
    assert list(elsewhere.iterdir()) == []
