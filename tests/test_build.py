"""``skillweave build``: every export into exports/, deterministic, atomic, only inside exports/."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from skillweave.cli.main import cli
from skillweave.emitters import EXPORTS
from skillweave.pipeline import CACHE, MANIFEST, PARSED, BuildError, write_exports

from .conftest import FIXTURES
from .conftest import exports_tree as tree


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


def _emitted(monkeypatch) -> list[str]:
    """The names of the exports rendered from now on (emitters.emit is what renders one)."""
    from skillweave import emitters

    calls: list[str] = []
    real = emitters.emit

    def spy(project, name, *args, **kwargs):
        calls.append(name)
        return real(project, name, *args, **kwargs)

    monkeypatch.setattr(emitters, "emit", spy)
    return calls


def test_an_unchanged_rebuild_renders_nothing(ws, monkeypatch):
    assert CliRunner().invoke(cli, ["build", str(ws)]).exit_code == 0
    files = tree(ws / "exports")
    assert CACHE in files
    calls = _emitted(monkeypatch)
    assert CliRunner().invoke(cli, ["build", str(ws)]).exit_code == 0
    assert calls == []
    assert tree(ws / "exports") == files


def test_a_rebuild_after_an_edit_is_byte_identical_to_a_full_build(ws, tmp_path, monkeypatch):
    assert CliRunner().invoke(cli, ["build", str(ws)]).exit_code == 0
    unit = ws / "curricula/units/u1.yaml"
    unit.write_text(unit.read_text().replace("title: Unit u1", "title: Unit one, renamed"))
    fresh = tmp_path / "fresh"
    shutil.copytree(ws, fresh, ignore=shutil.ignore_patterns("exports"))
    calls = _emitted(monkeypatch)
    assert CliRunner().invoke(cli, ["build", str(ws)]).exit_code == 0
    assert calls == [e.name for e in EXPORTS]  # the title is in every export
    assert CliRunner().invoke(cli, ["build", str(fresh)]).exit_code == 0
    assert tree(ws / "exports") == tree(fresh / "exports")
    assert "Unit one, renamed" in (ws / "exports/elm.ttl").read_text()


def test_an_export_changed_by_hand_or_another_skillweave_is_rendered_again(ws, monkeypatch):
    from skillweave import pipeline

    assert CliRunner().invoke(cli, ["build", str(ws)]).exit_code == 0
    files = tree(ws / "exports")
    (ws / "exports/elm.ttl").write_text("edited by hand\n")
    (ws / "exports/handbook/index.html").unlink()
    calls = _emitted(monkeypatch)
    assert CliRunner().invoke(cli, ["build", str(ws)]).exit_code == 0
    assert calls == ["elm-turtle", "html"]
    assert tree(ws / "exports") == files
    calls.clear()
    monkeypatch.setattr(pipeline, "_code_fingerprint", "another skillweave")
    assert CliRunner().invoke(cli, ["build", str(ws)]).exit_code == 0
    assert calls == [e.name for e in EXPORTS]
    # the caches name the skillweave that wrote them; the exports are the same
    assert {k: v for k, v in tree(ws / "exports").items() if k not in (CACHE, PARSED)} == \
        {k: v for k, v in files.items() if k not in (CACHE, PARSED)}


def test_a_damaged_cache_renders_everything(ws, monkeypatch):
    assert CliRunner().invoke(cli, ["build", str(ws)]).exit_code == 0
    files = tree(ws / "exports")
    (ws / "exports" / CACHE).write_text('{"format": 1, "exports": {"elm-turtle": {"key": [')
    calls = _emitted(monkeypatch)
    assert CliRunner().invoke(cli, ["build", str(ws)]).exit_code == 0
    assert calls == [e.name for e in EXPORTS]
    assert tree(ws / "exports") == files


def _parsed_yaml(monkeypatch) -> list[int]:
    """One entry for each YAML file parsed from now on (not taken from the parse cache)."""
    from skillweave.load import yamlsource

    calls: list[int] = []
    real = yamlsource.load

    def spy(text, *args, **kwargs):
        calls.append(1)
        return real(text, *args, **kwargs)

    monkeypatch.setattr(yamlsource, "load", spy)
    return calls


def test_build_inside_the_workspace_writes_the_workspace_exports(ws, monkeypatch):
    """Run in curricula/units/, build finds the workspace above (as check does) and writes its
    exports/ and caches there, not in the current folder."""
    monkeypatch.chdir(ws / "curricula" / "units")
    first = CliRunner().invoke(cli, ["build"])
    assert first.exit_code == 0, first.output
    assert first.stdout.startswith("built ") and " in ../../exports/ from " in first.stdout
    assert not (ws / "curricula" / "units" / "exports").exists()
    files = tree(ws / "exports")
    assert CACHE in files and PARSED in files and "elm.ttl" in files
    # the next build from there takes the curriculum from the parse cache and renders nothing
    parsed, calls = _parsed_yaml(monkeypatch), _emitted(monkeypatch)
    assert CliRunner().invoke(cli, ["build", "."]).exit_code == 0
    assert parsed == [] and calls == []
    assert tree(ws / "exports") == files


def test_build_of_a_folder_inside_the_workspace_writes_the_workspace_exports(ws, monkeypatch):
    monkeypatch.chdir(ws.parent)
    done = CliRunner().invoke(cli, ["build", "ws/curricula"])
    assert done.exit_code == 0, done.output
    assert " in ws/exports/ from " in done.stdout
    assert not (ws / "curricula" / "exports").exists() and not (ws.parent / "exports").exists()
    assert "elm.ttl" in tree(ws / "exports")


def test_two_builds_of_one_workspace_take_turns(ws):
    """A build started while another holds the workspace waits, says so, and builds once the first
    is done (from what it left: every file whole, none of them a mix of the two)."""
    import subprocess
    import sys
    import time

    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys\nfrom skillweave.pipeline import building\n"
         f"with building({str(ws)!r}):\n    print('held', flush=True)\n    sys.stdin.readline()"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline() == "held\n"
        second = subprocess.Popen([sys.executable, "-m", "skillweave.cli.main", "build", str(ws)],
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        waited = ""
        for _ in range(600):  # until it says it waits (or gives up after a minute)
            line = second.stderr.readline()
            waited += line
            if "waiting for another build" in line or not line:
                break
        assert "waiting for another build of " in waited
        time.sleep(0.5)
        assert second.poll() is None and not (ws / "exports").exists()  # nothing written meanwhile
    finally:
        holder.stdin.close()
        holder.wait(timeout=60)
    out, err = second.communicate(timeout=300)
    assert second.returncode == 0, err
    assert "elm.ttl" in tree(ws / "exports")


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


@pytest.mark.parametrize("rel", ["../escape.txt", "/etc/owned", "site/../../escape.txt", MANIFEST, CACHE])
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


@pytest.mark.parametrize("link", ["site", "site/page.html"])
def test_refuses_to_write_through_a_link_inside_exports(tmp_path, link):
    """A folder or file of exports/ that is a link to elsewhere is not written through."""
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "page.html").write_text("theirs")
    out = tmp_path / "exports"
    (out / "site").mkdir(parents=True) if link != "site" else out.mkdir()
    (out / link).symlink_to(elsewhere if link == "site" else elsewhere / "page.html")
    with pytest.raises(BuildError, match="outside"):
        write_exports(out, {"a.txt": "a\n", "site/page.html": "mine\n", "site/other.html": "mine\n"})
    assert (elsewhere / "page.html").read_text() == "theirs" and sorted(elsewhere.iterdir()) == [elsewhere / "page.html"]
    assert not (out / "a.txt").exists()


@given(st.lists(st.binary(max_size=64), max_size=8))
def test_pieces_are_written_and_hashed_as_their_join(pieces):
    import tempfile

    from skillweave.files import Pieces, write_atomic

    made = Pieces([memoryview(p) if i % 2 else p for i, p in enumerate(pieces)])
    joined = b"".join(pieces)
    assert bytes(made) == joined
    assert made.sha256() == hashlib.sha256(joined).hexdigest()
    with tempfile.TemporaryDirectory() as folder:
        write_atomic(Path(folder) / "out", made, sync=False)
        assert (Path(folder) / "out").read_bytes() == joined
