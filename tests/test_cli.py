"""The command line as users run it: exit codes, output formats, the JSON shape of docs/formats.md."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import click
from click.testing import CliRunner

from skillweave.cli.main import cli

from .conftest import FIXTURES, REPO

TEXT_LINE = re.compile(r"^(?P<file>[^:]+):(?P<line>\d+):(?P<col>\d+): (?P<sev>error|warning) (?P<code>SW\d{3}) .+$")


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_demo_checks_clean_and_strict():
    result = run("check", str(REPO), "--strict")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("0 errors, 0 warnings (1 programme, 12 units, 51 learning outcomes, 8 partners)")


def test_demo_json_shape_and_counts():
    result = run("check", str(REPO), "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert set(data) == {"diagnostics", "summary"}
    assert data["diagnostics"] == []
    assert data["summary"] == {
        "partners": {"employer": 3, "sectoral-body": 1, "social-partner": 1, "vet-provider": 3},
        "countries": ["BE", "DE", "NL"],
        "programmes": 1,
        "units": 12,
        "learning_outcomes": 51,
        "languages": ["en", "nl", "de"],
    }


def _broken(tmp_path: Path) -> Path:
    ws = tmp_path / "ws"
    shutil.copytree(FIXTURES / "base", ws)
    unit = ws / "curricula/units/mounting.yaml"
    unit.write_text(unit.read_text().replace("owner: vet-a", "owner: vet-z").replace("{en: Mounting, nl: Montage}", "Mounting"))
    return ws


def test_errors_exit_1_with_every_format(tmp_path):
    ws = _broken(tmp_path)
    text = run("check", str(ws))
    assert text.exit_code == 1
    lines = text.output.splitlines()
    assert [TEXT_LINE.match(line).group("code") for line in lines[:-1]] == ["SW309", "SW201"]
    assert lines[0].startswith(f"{ws}/curricula/units/mounting.yaml:2:8: warning SW309 ")
    assert lines[-1].startswith("1 error, 1 warning (1 programme, 3 units, 5 learning outcomes, 3 partners)")

    data = json.loads(run("check", str(ws), "--format", "json").output)
    assert [(d["file"], d["line"], d["column"], d["severity"], d["code"]) for d in data["diagnostics"]] == [
        ("curricula/units/mounting.yaml", 2, 8, "warning", "SW309"),
        ("curricula/units/mounting.yaml", 5, 8, "error", "SW201"),
    ]
    assert all(set(d) == {"file", "line", "column", "severity", "code", "message"} for d in data["diagnostics"])

    github = run("check", str(ws), "--format", "github")
    assert github.exit_code == 1
    assert github.output.splitlines()[1].startswith(
        f"::error file={ws}/curricula/units/mounting.yaml,line=5,col=8,title=SW201::owner 'vet-z'")


def test_warnings_fail_only_under_strict(tmp_path):
    ws = tmp_path / "ws"
    shutil.copytree(FIXTURES / "base", ws)
    unit = ws / "curricula/units/mounting.yaml"
    unit.write_text(unit.read_text().replace("{en: Mounting, nl: Montage}", "Mounting"))
    assert run("check", str(ws)).exit_code == 0
    assert run("check", str(ws), "--strict").exit_code == 1
    done = CliRunner().invoke(cli, ["build", str(ws), "--strict"])
    assert done.exit_code == 1 and not (ws / "exports").exists()
    assert done.stderr.endswith("skillweave: nothing was written; fix the warnings (--strict counts them as errors) first\n")


def test_paths_relative_to_the_current_folder(tmp_path, monkeypatch):
    ws = _broken(tmp_path)
    monkeypatch.chdir(ws)
    out = run("check").output
    assert out.startswith("curricula/units/mounting.yaml:2:8: ")
    monkeypatch.chdir(tmp_path)
    assert run("check", "ws").output.startswith("ws/curricula/units/mounting.yaml:2:8: ")


def test_cannot_run_exits_2(tmp_path):
    missing = run("check", str(tmp_path / "nowhere"))
    assert missing.exit_code == 2
    assert "does not exist" in missing.output
    assert run("check", "--format", "xml").exit_code == 2
    vocab = run("check", str(FIXTURES / "base"), "--vocabulary", str(tmp_path / "none.ttl"))
    assert vocab.exit_code == 2


def test_vocabulary_option_replaces_ontologies(tmp_path):
    # the base fixture's labels resolve against its own vocabulary, not against the demo's
    result = run("check", str(FIXTURES / "base"), "--vocabulary", str(REPO / "ontologies"), "--format", "json")
    codes = {d["code"] for d in json.loads(result.output)["diagnostics"]}
    assert result.exit_code == 1 and "SW203" in codes


def test_every_command_has_help():
    def walk(group: click.Group, prefix: tuple[str, ...] = ()):
        for name, command in group.commands.items():
            yield prefix + (name,), command
            if isinstance(command, click.Group):
                yield from walk(command, prefix + (name,))

    commands = list(walk(cli))
    assert commands
    for path, command in commands:
        assert command.help and len(command.help) > 20, path
        result = run(*path, "--help")
        assert result.exit_code == 0 and "Usage:" in result.output


def test_the_installed_command_ends_with_the_status_and_all_its_output(tmp_path):
    """``skillweave`` ends its process without the interpreter's shutdown (cli.main.main): its exit
    status and everything it printed must still come out, whatever the command's end."""
    import subprocess
    import sys

    def run(*args):
        return subprocess.run([sys.executable, "-c", "from skillweave.cli.main import main; main()", *args],
                              capture_output=True, text=True)

    ok = run("check", str(REPO))
    assert ok.returncode == 0 and ok.stdout.endswith(" partners)\n"), ok.stdout[-300:]
    ws = tmp_path / "ws"
    shutil.copytree(FIXTURES / "analyses", ws)
    unit = ws / "curricula/units/u1.yaml"
    unit.write_text(unit.read_text().replace("owner: vet-a", "owner: nobody"))
    bad = run("check", str(ws))
    assert bad.returncode == 1 and "SW201" in bad.stdout + bad.stderr
    usage = run("no-such-command")
    assert usage.returncode == 2 and "No such command" in usage.stderr
    missing = run("check", str(tmp_path / "absent"))
    assert missing.returncode == 2 and missing.stderr.count("\n") == 1
    big = run("coverage", str(REPO), "--format", "json")
    assert big.returncode == 0 and json.loads(big.stdout)  # the whole document, flushed
