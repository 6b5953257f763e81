"""Every export format against a golden file, and determinism (the same workspace, the same bytes).

Regenerate the golden files after an intended change with
``SKILLWEAVE_REGENERATE_GOLDEN=1 python -m pytest tests/test_exports.py`` and review the diff.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from skillweave.cli.main import cli
from skillweave.emitters import EXPORTS, emit
from skillweave.pipeline import check

from .conftest import FIXTURES

GOLDEN = Path(__file__).resolve().parent / "golden" / "analyses"
REGENERATE = os.environ.get("SKILLWEAVE_REGENERATE_GOLDEN") == "1"


@pytest.fixture(scope="module")
def project():
    p = check(FIXTURES / "analyses")
    p.analyse()
    return p


def _flatten(result) -> dict[str, str]:
    return {"": result} if isinstance(result, str) else result


@pytest.mark.parametrize("emitter", EXPORTS, ids=[e.name for e in EXPORTS])
def test_export_matches_golden_file(project, emitter):
    for rel, text in _flatten(emit(project, emitter.name)).items():
        golden = GOLDEN / emitter.filename / rel if rel else GOLDEN / emitter.filename
        if REGENERATE:
            golden.parent.mkdir(parents=True, exist_ok=True)
            golden.write_text(text, encoding="utf-8")
        assert golden.is_file(), f"no golden file {golden}; regenerate with SKILLWEAVE_REGENERATE_GOLDEN=1"
        assert text == golden.read_text(encoding="utf-8"), f"{emitter.name} differs from {golden}"


@pytest.mark.parametrize("emitter", EXPORTS, ids=[e.name for e in EXPORTS])
def test_export_command_writes_the_golden_files(tmp_path, emitter):
    """``export`` writes what the emitter renders (outputs assembled from unit parts as UTF-8
    pieces, never joined into one text: the bytes must still be the golden file's)."""
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["export", emitter.name, str(FIXTURES / "analyses"), "-o", str(out)])
    assert result.exit_code == 0, result.output
    golden = GOLDEN / emitter.filename
    if golden.is_dir():
        made = {p.relative_to(out): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}
        assert made == {p.relative_to(golden): p.read_bytes() for p in sorted(golden.rglob("*")) if p.is_file()}
    else:
        assert out.read_bytes() == golden.read_bytes()


@pytest.mark.parametrize("fmt", ["graph-graphml", "graph-json", "coverage-html", "map-json"])
def test_export_command_is_deterministic(tmp_path, fmt):
    a, b = tmp_path / "a", tmp_path / "b"
    for out in (a, b):
        result = CliRunner().invoke(cli, ["export", fmt, str(FIXTURES / "analyses"), "-o", str(out)])
        assert result.exit_code == 0, result.output
    assert a.read_bytes() == b.read_bytes()


def test_graph_json_round_trips_through_networkx(project):
    import json

    import networkx as nx

    data = json.loads(emit(project, "graph-json"))
    g = nx.node_link_graph(data, edges="edges")
    assert g.number_of_nodes() == project.graph.number_of_nodes()
    assert g.number_of_edges() == project.graph.number_of_edges()


def test_graphml_reads_back(project, tmp_path):
    import networkx as nx

    path = tmp_path / "g.graphml"
    path.write_text(emit(project, "graph-graphml"))
    g = nx.read_graphml(path)
    assert g.nodes["unit:u3"]["kind"] == "unit"
    assert sorted(g.nodes) == sorted(project.graph.nodes)


def test_export_to_standard_output_is_the_file_and_a_folder_export_refuses_it(tmp_path):
    """``-o -``: the bytes the file would hold, on standard output (no file named '-'); an export
    of several files says to give a folder (one line, exit 2)."""
    ws = FIXTURES / "analyses"
    out = tmp_path / "elm.ttl"
    assert CliRunner().invoke(cli, ["export", "elm-turtle", str(ws), "-o", str(out)]).exit_code == 0
    piped = CliRunner().invoke(cli, ["export", "elm-turtle", str(ws), "-o", "-"])
    assert piped.exit_code == 0 and piped.stdout_bytes == out.read_bytes()
    assert not Path("-").exists()
    folder = CliRunner().invoke(cli, ["export", "html", str(ws), "-o", "-"])
    assert folder.exit_code == 2 and folder.stderr.strip().count("\n") == 0
    assert "writes several files: give a folder" in folder.stderr


def test_export_to_a_closed_or_full_standard_output_is_one_line_exit_2():
    import shlex
    import subprocess
    import sys

    command = shlex.join([sys.executable, "-m", "skillweave.cli.main", "export", "elm-turtle",
                          str(FIXTURES / "analyses"), "-o", "-"])
    for redirect, says in ((">&-", "it is closed"), ("> /dev/full", "No space left on device")):
        done = subprocess.run(["sh", "-c", f"{command} {redirect}"], capture_output=True, text=True)
        assert done.returncode == 2, done.stderr
        assert done.stderr == f"skillweave: error: cannot write to standard output: {says}\n"
