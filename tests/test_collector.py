"""The garbage collector around a command: paused while loading, what was loaded frozen, what a
pause made frozen too while the command runs, and everything restored as the command ends."""

from __future__ import annotations

import gc

from click.testing import CliRunner

from skillweave.cli.main import cli
from skillweave.collector import loading, paused


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def _made_in_a_pause(n: int = 5000, freeze: bool = True) -> list:
    with paused(freeze=freeze):
        return [[i] for i in range(n)]  # containers: the collector tracks them


def test_inside_a_command_what_a_pause_made_is_frozen_as_it_ends():
    assert gc.isenabled() and gc.get_freeze_count() == 0
    with loading() as loaded:
        loaded()
        frozen = gc.get_freeze_count()
        kept = _made_in_a_pause()
        assert gc.isenabled()
        # frozen, so the collector's first generation does not hold them (it would walk them all
        # at the next allocation)
        assert gc.get_freeze_count() >= frozen + len(kept)
        assert gc.get_count()[0] < len(kept)
    assert gc.isenabled() and gc.get_freeze_count() == 0


def test_only_a_pause_that_asks_freezes():
    with loading() as loaded:
        loaded()
        frozen = gc.get_freeze_count()
        kept = _made_in_a_pause(freeze=False)
        assert gc.isenabled() and gc.get_freeze_count() == frozen and kept


def test_outside_a_command_a_pause_freezes_nothing():
    assert gc.get_freeze_count() == 0
    kept = _made_in_a_pause()
    assert gc.isenabled() and gc.get_freeze_count() == 0 and kept
    with loading():  # loading, not yet loaded: nothing frozen either
        _made_in_a_pause()
        assert not gc.isenabled() and gc.get_freeze_count() == 0
    assert gc.isenabled()


def test_a_nested_pause_leaves_the_collector_paused():
    with loading() as loaded:
        loaded()
        with paused(freeze=True):
            frozen = gc.get_freeze_count()
            _made_in_a_pause()
            assert not gc.isenabled() and gc.get_freeze_count() == frozen
        assert gc.isenabled()


def test_check_reads_the_workspace_with_the_collector_paused(demo_workspace, monkeypatch):
    import skillweave.cli.check as check_cli

    seen = []
    real = check_cli.check_workspace

    def checking(*args):
        seen.append(gc.isenabled())
        return real(*args)

    monkeypatch.setattr(check_cli, "check_workspace", checking)
    assert run("check", str(demo_workspace)).exit_code == 0
    assert seen == [False] and gc.isenabled()


def test_check_and_export_restore_the_collector(demo_workspace, tmp_path):
    threshold = gc.get_threshold()
    assert run("check", str(demo_workspace)).exit_code == 0
    assert gc.isenabled() and gc.get_freeze_count() == 0 and gc.get_threshold() == threshold
    assert run("export", "elm-turtle", str(demo_workspace), "-o", str(tmp_path / "elm.ttl")).exit_code == 0
    assert gc.isenabled() and gc.get_freeze_count() == 0 and gc.get_threshold() == threshold
