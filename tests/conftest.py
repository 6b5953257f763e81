"""Shared test helpers. ``SKILLWEAVE_SHARED`` points at the reference material (default ../shared)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from hypothesis import settings

# CI runs the property tests on a fixed sequence of examples, so that a run is repeatable; locally
# they draw new examples each time and may find new cases.
settings.register_profile("ci", derandomize=True, deadline=None, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

REPO = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SHARED = Path(os.environ.get("SKILLWEAVE_SHARED", REPO / ".." / "shared")).resolve()


@pytest.fixture(autouse=True)
def _own_record_of_written_files(tmp_path_factory, monkeypatch):
    """Each test keeps its own record of the files skillweave wrote (skillweave.written), never
    the user's."""
    monkeypatch.setenv("SKILLWEAVE_STATE_DIR", str(tmp_path_factory.mktemp("state")))


@pytest.fixture
def shared() -> Path:
    """The shared reference folder; CI sets SKILLWEAVE_SHARED and fails when it is missing."""
    if not SHARED.is_dir():
        if os.environ.get("CI"):
            pytest.fail(f"SKILLWEAVE_SHARED={SHARED} does not exist")
        pytest.skip(f"shared reference folder {SHARED} is not here")
    return SHARED


def without_stats(data: bytes) -> bytes:
    """The build cache's content without the files' sizes and times, which differ from one build
    of the same files to another (each file must have them)."""
    import json

    cache = json.loads(data)
    for entry in cache["exports"].values():
        assert set(entry["stat"]) == set(entry["files"])
        del entry["stat"]
    return json.dumps(cache, sort_keys=True).encode()


def exports_tree(root: Path) -> dict[str, str]:
    """The sha256 of every file under ``root`` (exports/), the build cache's without sizes and times."""
    import hashlib

    return {p.relative_to(root).as_posix(): hashlib.sha256(
        without_stats(p.read_bytes()) if p.name == ".skillweave-cache" else p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*")) if p.is_file()}


def copy_workspace(src: Path, dst: Path) -> Path:
    shutil.copytree(src, dst, ignore=shutil.ignore_patterns("exports"))
    return dst


@pytest.fixture
def base_workspace(tmp_path: Path) -> Path:
    """A copy of the small valid workspace that the rule fixtures break."""
    return copy_workspace(FIXTURES / "base", tmp_path / "ws")


@pytest.fixture
def demo_workspace(tmp_path: Path) -> Path:
    """A copy of the demo workspace at the repository root."""
    dst = tmp_path / "demo"
    dst.mkdir()
    for name in ("curricula", "ontologies", "learners", "quality"):
        if (REPO / name).is_dir():
            shutil.copytree(REPO / name, dst / name)
    return dst


@pytest.fixture(scope="module")
def browser():
    """Headless Chromium (tests/chromium.py); CI must have it, elsewhere its tests skip without."""
    from .chromium import Chromium, find_chromium

    executable = find_chromium()
    if executable is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is not installed; CI must install Debian's chromium package")
        pytest.skip("chromium is not installed (apt-get install chromium)")
    with Chromium(executable) as b:
        yield b
