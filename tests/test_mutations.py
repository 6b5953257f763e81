"""Random damage to the demo workspace: ``check`` never raises, exits 0 or 1, and every
diagnostic points inside its file.

Each case damages one file of a copy of the demo (YAML or CSV; seeded, so a failure names its
seed): a key deleted, a value replaced by one of the wrong type, the file truncated, garbage
bytes inserted, lines swapped or indented, a file emptied or deleted.
"""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from skillweave.cli.main import cli
from skillweave.pipeline import check

from .conftest import REPO

CASES = 300
WRONG_VALUES = [None, 0, -3, 7.5, True, "", "x" * 300, [], {}, ["a", 1], {"en": 1}, "2026-02-30", "Mixed Case_id"]


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    ws = tmp_path_factory.mktemp("demo")
    for name in ("curricula", "ontologies", "learners", "quality"):
        if (REPO / name).is_dir():
            shutil.copytree(REPO / name, ws / name)
    return ws


def _paths(data, prefix=()):
    """Every path into a YAML document."""
    yield prefix
    if isinstance(data, dict):
        for k, v in data.items():
            yield from _paths(v, prefix + (k,))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            yield from _paths(v, prefix + (i,))


def _mutate_data(rng: random.Random, text: str) -> str:
    data = yaml.safe_load(text)
    paths = [p for p in _paths(data) if p]
    path = rng.choice(paths)
    parent = data
    for part in path[:-1]:
        parent = parent[part]
    if rng.random() < 0.4:
        del parent[path[-1]]
    else:
        parent[path[-1]] = rng.choice(WRONG_VALUES)
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def _mutate_bytes(rng: random.Random, raw: bytes) -> bytes:
    kind = rng.randrange(6)
    if kind == 0:  # truncated
        return raw[: rng.randrange(len(raw))]
    if kind == 1:  # garbage bytes
        at = rng.randrange(len(raw))
        return raw[:at] + bytes(rng.randrange(256) for _ in range(rng.randrange(1, 8))) + raw[at:]
    lines = raw.split(b"\n")
    i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
    if kind == 2:  # swapped lines
        lines[i], lines[j] = lines[j], lines[i]
    elif kind == 3:  # indentation broken
        lines[i] = b" " * rng.randrange(1, 5) + lines[i]
    elif kind == 4:  # a line deleted
        del lines[i]
    else:  # a tab or a stray character
        lines[i] = lines[i] + rng.choice([b"\t", b":", b"- ", b"{", b"&a", b"*a", b"!!binary"])
    return b"\n".join(lines)


def _inside(ws: Path, file: str, line: int, column: int) -> bool:
    path = ws / file
    if not path.is_file():
        return (line, column) == (1, 1)
    lines = path.read_bytes().decode("utf-8", errors="replace").split("\n")
    if line > len(lines):
        return False
    return 1 <= column <= len(lines[line - 1]) + 1


@pytest.mark.parametrize("seed", range(CASES))
def test_damaged_file_is_reported_not_raised(demo: Path, seed: int):
    rng = random.Random(seed)
    files = sorted(p for p in demo.rglob("*") if p.suffix in (".yaml", ".csv") and "ontologies" not in p.parts)
    target = rng.choice(files)
    original = target.read_bytes()
    try:
        how = rng.random()
        if how < 0.45 and target.suffix == ".yaml":
            target.write_text(_mutate_data(rng, original.decode()), encoding="utf-8")
        elif how < 0.95:
            target.write_bytes(_mutate_bytes(rng, original))
        elif how < 0.975:
            target.write_bytes(b"")
        else:
            target.unlink()
        project = check(demo)
        for d in project.diagnostics:
            assert _inside(demo, d.file, d.line, d.column), (seed, d)
        if seed % 10 == 0:  # the command line too, on a sample
            result = CliRunner().invoke(cli, ["check", str(demo), "--format", "json"])
            assert result.exit_code in (0, 1), (seed, result.output)
            assert result.exception is None or isinstance(result.exception, SystemExit)
    finally:
        target.write_bytes(original)
