"""Pieces rendered on two cores (skillweave.forking): the same result as rendering them all in one
process, whatever happens to the child; and the ELM exports, forked, byte-identical to their
golden files and to a build that forks nothing."""

from __future__ import annotations

import os
import shutil
import signal

import pytest

from skillweave import forking
from skillweave.emitters import emit
from skillweave.pipeline import check

from .conftest import FIXTURES
from .conftest import exports_tree as tree
from .test_exports import GOLDEN
from .test_incremental import demo_copy, edit, run_build

pytestmark = pytest.mark.skipif(not forking.can_fork(), reason="this system forks no process")

KEYS = [f"k{n:02d}" for n in range(9)]


def no_children_left() -> bool:
    """Whether this process has no child left, running or ended but not reaped."""
    try:
        os.waitpid(-1, os.WNOHANG)
    except ChildProcessError:
        return True
    return False


def test_the_second_half_is_rendered_in_a_child_and_all_come_back_in_order():
    parent = os.getpid()
    done = forking.render_all(KEYS, lambda key: f"{key} {os.getpid() == parent} é", serial_below=1)
    assert list(done) == KEYS
    assert done == {key: f"{key} {n < 5} é" for n, key in enumerate(KEYS)}  # 5 here, 4 in the child
    assert no_children_left()


def test_below_the_threshold_everything_is_rendered_here():
    parent = os.getpid()
    done = forking.render_all(KEYS, lambda key: str(os.getpid() == parent), serial_below=10)
    assert set(done.values()) == {"True"}
    assert set(forking.render_all([], str, serial_below=0).values()) == set()


def test_where_no_process_can_be_forked_everything_is_rendered_here(monkeypatch):
    parent = os.getpid()
    monkeypatch.setattr(forking.os, "fork", lambda: (_ for _ in ()).throw(OSError(12, "no memory")))
    done = forking.render_all(KEYS, lambda key: str(os.getpid() == parent), serial_below=1)
    assert list(done) == KEYS and set(done.values()) == {"True"}


@pytest.mark.parametrize("how", ["raises", "killed", "exits"])
def test_a_child_that_fails_leaves_its_half_to_this_process(how):
    parent = os.getpid()

    def render(key: str) -> str:
        if os.getpid() != parent and key == KEYS[-1]:
            if how == "raises":
                raise ValueError("only in the child")
            if how == "killed":
                os.kill(os.getpid(), signal.SIGKILL)
            os._exit(0)  # ends early, "successfully", with a piece missing
        return f"{key} {os.getpid() == parent}"

    done = forking.render_all(KEYS, render, serial_below=1)
    assert done == {key: f"{key} True" for key in KEYS}
    assert no_children_left()


def test_a_piece_that_cannot_be_rendered_raises_the_same_error_as_without_a_child():
    def render(key: str) -> str:
        if key == KEYS[-1]:  # in the child's half
            raise ValueError(f"cannot render {key}")
        return key

    with pytest.raises(ValueError, match=f"cannot render {KEYS[-1]}"):
        forking.render_all(KEYS, render, serial_below=1)
    assert no_children_left()


def test_an_error_here_ends_the_child():
    parent = os.getpid()

    def render(key: str) -> str:
        if os.getpid() == parent and key == KEYS[2]:
            raise KeyboardInterrupt
        return key

    with pytest.raises(KeyboardInterrupt):
        forking.render_all(KEYS, render, serial_below=1)
    assert no_children_left()


@pytest.mark.parametrize("name", ["elm-turtle", "elm-jsonld", "elm-rdfxml"])
def test_the_elm_exports_forked_match_their_golden_files(monkeypatch, name):
    monkeypatch.setattr(forking, "SERIAL_BELOW", 1)
    forks = []
    real = forking.os.fork
    monkeypatch.setattr(forking.os, "fork", lambda: forks.append(1) or real())
    project = check(FIXTURES / "analyses")
    text = emit(project, name)
    assert forks == [1]
    golden = {"elm-turtle": "elm.ttl", "elm-jsonld": "elm.jsonld", "elm-rdfxml": "elm.rdf"}[name]
    assert text == (GOLDEN / golden).read_text(encoding="utf-8")


def test_a_forked_rebuild_after_an_edit_equals_a_full_build_that_forks_nothing(tmp_path, monkeypatch):
    ws = demo_copy(tmp_path / "ws")
    with monkeypatch.context() as m:
        m.setattr(forking, "SERIAL_BELOW", 1)
        run_build(ws)
        edit(ws, "pv-installation", "en: Installing photovoltaic systems", "en: Installing PV systems")
        parts = run_build(ws)
    assert parts.reused > 0
    fresh = tmp_path / "fresh"
    shutil.copytree(ws, fresh, ignore=shutil.ignore_patterns("exports"))
    monkeypatch.setattr(forking, "can_fork", lambda: False)
    run_build(fresh)
    assert tree(ws / "exports") == tree(fresh / "exports")
