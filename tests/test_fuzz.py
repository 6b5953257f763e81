"""Hostile values in the demo's files, seeded (CI draws the same cases every run): ``check`` never
raises and exits 0 or 1; when it passes, ``build`` and the learner documents never raise either,
and every file they write parses as what it claims to be (XML, JSON, Turtle, CSV without
formula cells, HTML).

Each case puts one hostile value (control characters and escapes, formula prefixes, markup,
template syntax, bidirectional overrides, very long text, numbers at the edges, reserved names)
into one text or number of a curriculum YAML file or one cell of a learner or quality CSV file.
"""

from __future__ import annotations

import csv
import io
import json
import random
import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from skillweave.cli.main import cli

from .conftest import REPO

CASES = 40
HOSTILE = [
    "a\x01b", "\x1b[31mred\x1b[0m", "tab\there", "line\nbreak", "cr\rhere", "nul\x00", "\ufffe", "\uffff",
    "bell\x07", "del\x7f", "c1\x85control", "\u2028sep", "\u202eevil", "=cmd|' /C calc'!A0", "+1+1", "-2+3",
    "@SUM(A1:A2)", "=HYPERLINK(\"http://x\")", "<script>alert(1)</script>", "]]><x/>", "&amp;&lt;&#0;",
    "{{ 7*7 }}", "{% raw %}", "'; DROP TABLE units; --", "\\u0000", "%s%n", "€ 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 😀", "x" * 20000,
    " leading and trailing ", "", "aux", "NUL", "con", "lpt1", "../../etc/passwd", "C:\\Windows\\system32",
    float("inf"), float("-inf"), float("nan"), 1e308, -1e308, 10 ** 30, -1, 0, 4.5e-320,
]


@pytest.fixture(scope="module")
def pristine(tmp_path_factory) -> Path:
    ws = tmp_path_factory.mktemp("pristine")
    for name in ("curricula", "ontologies", "learners", "quality"):
        shutil.copytree(REPO / name, ws / name)
    return ws


def _leaves(data, prefix=()):
    if isinstance(data, dict):
        for k, v in data.items():
            yield from _leaves(v, prefix + (k,))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            yield from _leaves(v, prefix + (i,))
    elif isinstance(data, (str, int, float)) and not isinstance(data, bool):
        yield prefix


def _poison_yaml(rng: random.Random, path: Path, value) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    where = rng.choice(list(_leaves(data)))
    parent = data
    for part in where[:-1]:
        parent = parent[part]
    parent[where[-1]] = value
    path.write_text(yaml.safe_dump(data, allow_unicode=rng.random() < 0.5, sort_keys=False), encoding="utf-8")


def _poison_csv(rng: random.Random, path: Path, value) -> None:
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    if len(rows) < 2:
        return
    row = rng.randrange(1, len(rows))
    rows[row][rng.randrange(len(rows[row]))] = str(value)
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")


def _parses(path: Path) -> None:
    from lxml import etree, html

    data = path.read_bytes()
    suffix = path.suffix
    if suffix in (".xml", ".rdf", ".graphml"):
        etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True))
    elif suffix in (".json", ".jsonld"):
        json.loads(data)
    elif suffix == ".ttl":
        import pyoxigraph as ox

        list(ox.parse(data, format=ox.RdfFormat.TURTLE))
    elif suffix == ".csv":
        for row in csv.reader(io.StringIO(data.decode("utf-8"))):
            for cell in row:
                assert not cell.startswith(("=", "+", "@")) or cell.lstrip("+").replace(".", "", 1).isdigit(), cell
    elif suffix == ".html":
        html.document_fromstring(data.decode("utf-8"))
        assert b"<script>alert(1)</script>" not in data


@pytest.mark.parametrize("seed", range(CASES))
def test_hostile_values_never_raise_and_every_output_parses(pristine: Path, tmp_path: Path, seed: int):
    rng = random.Random(seed)
    ws = tmp_path / "ws"
    shutil.copytree(pristine, ws)
    files = sorted(p for p in ws.rglob("*") if p.suffix in (".yaml", ".csv") and "ontologies" not in p.parts)
    target = rng.choice(files)
    value = rng.choice(HOSTILE)
    if target.suffix == ".yaml":
        _poison_yaml(rng, target, value)
    else:
        _poison_csv(rng, target, value)
    checked = CliRunner().invoke(cli, ["check", str(ws), "--format", "json"])
    assert checked.exception is None or isinstance(checked.exception, SystemExit), (seed, checked.exception)
    assert checked.exit_code in (0, 1), (seed, checked.output)
    report = json.loads(checked.output)
    for d in report["diagnostics"]:
        assert "\n" not in d["message"] and "\x1b" not in d["message"], (seed, d)
    if checked.exit_code != 0:
        return
    built = CliRunner().invoke(cli, ["build", str(ws)])
    assert built.exit_code == 0 and built.exception is None or isinstance(built.exception, SystemExit), \
        (seed, built.output, built.exception)
    for path in sorted((ws / "exports").rglob("*")):
        if path.is_file() and not path.name.startswith("."):
            _parses(path)
    if seed % 4 == 0:
        for fmt in ("elmo", "edc", "html"):
            out = tmp_path / fmt
            done = CliRunner().invoke(cli, ["transcripts", str(ws), "--format", fmt, "-o", str(out), "--jobs", "1"])
            assert done.exit_code == 0, (seed, fmt, done.output, done.exception)
            for path in sorted(out.iterdir()):
                _parses(path)
