"""Killed runs: a build, a transcript run or a vocabulary import killed (SIGKILL, no chance to
clean up) at several points leaves the previous state, or a state the next run completes; never
temporary files, never workers, never a mix of two builds once the next run is over."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from skillweave.pipeline import CACHE, MANIFEST, PENDING, STAGING, complete_pending, write_exports

from .conftest import REPO, without_stats


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def _same_tree(root: Path) -> dict[str, bytes]:
    """The files under ``root``, the build cache's without the files' sizes and times."""
    return {rel: without_stats(data) if rel == CACHE else data for rel, data in _tree(root).items()}


def _run(*args: str, **kwargs) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "skillweave.cli.main", *args], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, **kwargs)


def _kill_when(proc: subprocess.Popen, ready, limit: float = 120.0) -> bool:
    """SIGKILL ``proc`` as soon as ``ready()`` holds; False if it ended first."""
    deadline = time.monotonic() + limit
    while proc.poll() is None and time.monotonic() < deadline:
        if ready():
            proc.send_signal(signal.SIGKILL)
            proc.wait()
            return True
        time.sleep(0.002)
    proc.wait()
    return False


def _copy_demo(dst: Path) -> Path:
    dst.mkdir()
    for name in ("curricula", "ontologies", "learners", "quality"):
        shutil.copytree(REPO / name, dst / name)
    return dst


@pytest.fixture(scope="module")
def builds(tmp_path_factory):
    """The exports of the demo (A) and of the demo with one unit's title changed (B)."""
    base = tmp_path_factory.mktemp("builds")
    ws = _copy_demo(base / "ws")
    assert subprocess.run([sys.executable, "-m", "skillweave.cli.main", "build", str(ws)]).returncode == 0
    before = _tree(ws / "exports")
    unit = ws / "curricula" / "units" / "pv-installation.yaml"
    unit.write_text(unit.read_text(encoding="utf-8").replace("Installing photovoltaic systems",
                                                             "Installing solar PV systems"), encoding="utf-8")
    fresh = _copy_demo(base / "fresh")
    shutil.copy(unit, fresh / "curricula" / "units" / "pv-installation.yaml")
    assert subprocess.run([sys.executable, "-m", "skillweave.cli.main", "build", str(fresh)]).returncode == 0
    return ws, before, _same_tree(fresh / "exports")


def _reset(ws: Path, before: dict[str, bytes]) -> None:
    shutil.rmtree(ws / "exports")
    for rel, data in before.items():
        (ws / "exports" / rel).parent.mkdir(parents=True, exist_ok=True)
        (ws / "exports" / rel).write_bytes(data)


@pytest.mark.parametrize("point", ["staging", "journal", "moving", "early", "late"])
def test_a_killed_build_leaves_the_previous_exports_or_is_completed_by_the_next(builds, point):
    ws, before, after = builds
    _reset(ws, before)
    exports = ws / "exports"
    started = time.monotonic()
    ready = {
        "staging": lambda: (exports / STAGING).is_dir(),
        "journal": lambda: (exports / PENDING).is_file(),
        "moving": lambda: (exports / PENDING).is_file() and (exports / "elm.ttl").read_bytes() != before["elm.ttl"],
        "early": lambda: time.monotonic() - started > 0.2,
        "late": lambda: time.monotonic() - started > 1.0,
    }[point]
    killed = _kill_when(_run("build", str(ws)), ready)
    now = {rel: data for rel, data in _tree(exports).items()
           if not rel.startswith(STAGING) and not rel.endswith(".tmp") and rel != PENDING}
    if killed and not (exports / PENDING).is_file():
        # killed before the journal: nothing of the new build is in place; or killed as it exited,
        # after the journal was carried out: all of it is
        assert now == before or {rel: without_stats(data) if rel == CACHE else data
                                 for rel, data in now.items()} == after
    # the next run completes or redoes it: exactly the new exports, nothing left over
    assert subprocess.run([sys.executable, "-m", "skillweave.cli.main", "build", str(ws)]).returncode == 0
    assert _same_tree(exports) == after


def test_the_journal_completes_half_done_moves(tmp_path):
    root = tmp_path / "exports"
    write_exports(root, {"a.txt": "one\n", "site/b.html": "<p>b</p>\n", "old.txt": "old\n"})
    # a build that staged two files, wrote its journal and moved one of them before it was killed
    (root / STAGING / "site").mkdir(parents=True)
    (root / STAGING / "site" / "b.html").write_text("<p>B</p>\n")
    (root / "a.txt").write_text("ONE\n")  # already moved
    (root / PENDING).write_text(json.dumps({"moves": ["a.txt", "site/b.html"], "stale": ["old.txt"],
                                            "manifest": ["a.txt", "site/b.html"]}))
    (root / ".a.txt.abcd1234.tmp").write_text("half")
    complete_pending(root)
    assert _tree(root) == {MANIFEST: b'[\n"a.txt",\n"site/b.html"\n]\n', "a.txt": b"ONE\n",
                           ".a.txt.abcd1234.tmp": b"half", "site/b.html": b"<p>B</p>\n"}
    write_exports(root, {"a.txt": "ONE\n", "site/b.html": "<p>B</p>\n"})
    assert ".a.txt.abcd1234.tmp" not in _tree(root)


def test_a_damaged_journal_is_dropped(tmp_path):
    root = tmp_path / "exports"
    write_exports(root, {"a.txt": "one\n"})
    (root / PENDING).write_text("{not json")
    write_exports(root, {"a.txt": "two\n"})
    assert _tree(root) == {MANIFEST: b'[\n"a.txt"\n]\n', "a.txt": b"two\n"}


def _workers_of(marker: str) -> list[int]:
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if marker in (entry / "cmdline").read_bytes().decode("utf-8", "replace"):
                    pids.append(int(entry.name))
            except OSError:
                pass
    return pids


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="needs /proc to find the workers")
def test_a_killed_transcript_run_leaves_no_workers_and_no_temporary_files(tmp_path):
    sys.path.insert(0, str(REPO / "benchmarks"))
    try:
        from transcripts_speed import make_workspace  # the benchmark's synthetic cohort
    finally:
        sys.path.remove(str(REPO / "benchmarks"))
    ws = tmp_path / "cohort"
    make_workspace(ws, learners=3000, results=6)
    out = tmp_path / "out"
    proc = _run("transcripts", str(ws), "--format", "elmo", "-o", str(out), "--jobs", "2")
    assert _kill_when(proc, lambda: out.is_dir() and sum(1 for _ in out.iterdir()) > 50), "finished too soon"
    marker = str(ws)
    deadline = time.monotonic() + 30
    while _workers_of(marker) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert _workers_of(marker) == []
    done = subprocess.run([sys.executable, "-m", "skillweave.cli.main", "transcripts", str(ws), "--format", "elmo",
                           "-o", str(out), "--jobs", "2"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert not [p for p in out.iterdir() if p.name.endswith(".tmp")]
    clean = tmp_path / "clean"
    assert subprocess.run([sys.executable, "-m", "skillweave.cli.main", "transcripts", str(ws), "--format", "elmo",
                           "-o", str(clean), "--jobs", "1"], capture_output=True).returncode == 0
    assert _tree(out) == _tree(clean)


@pytest.mark.parametrize("point", ["swap", "early"])
def test_a_killed_vocabulary_import_keeps_a_store(tmp_path, point):
    from skillweave.vocab.store import STORE_FILE, VocabularyStore

    vocabulary = REPO / "ontologies" / "esco-subset.ttl"
    store = tmp_path / "store"
    assert subprocess.run([sys.executable, "-m", "skillweave.cli.main", "vocab", "import", str(vocabulary),
                           "--store", str(store)], capture_output=True).returncode == 0
    counts = VocabularyStore(store).counts
    started = time.monotonic()
    proc = _run("vocab", "import", str(vocabulary), "--store", str(store))
    ready = {"swap": lambda: any(p.name.startswith(".store.importing-") and (p / STORE_FILE).is_file()
                                 for p in tmp_path.iterdir()),
             "early": lambda: time.monotonic() - started > 0.3}[point]
    _kill_when(proc, ready)
    assert VocabularyStore(store).counts == counts  # a store is there, whole (put back if need be)
    assert subprocess.run([sys.executable, "-m", "skillweave.cli.main", "vocab", "import", str(vocabulary),
                           "--store", str(store)], capture_output=True).returncode == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["store"]
    assert os.path.isfile(store / STORE_FILE)
