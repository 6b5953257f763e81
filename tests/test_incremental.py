"""Incremental builds below the export (skillweave.parts): after an edit, a rebuild takes the
parts of units whose neighbourhood did not change from the previous build, renders the rest, and
is byte-identical to a full build of the same workspace, whatever was edited."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from skillweave.load.workspace import recording
from skillweave.parts import Assembler, Parts
from skillweave.parts import of as parts_of
from skillweave.pipeline import CACHE, BuildCache, build, check

from .conftest import REPO
from .conftest import exports_tree as tree

UNITS = "curricula/units"


def demo_copy(dst: Path) -> Path:
    shutil.copytree(REPO, dst, ignore=shutil.ignore_patterns(
        "exports", ".git", ".venv*", "build", "src", "tests", "docs", "benchmarks", "scripts", "*.egg-info"))
    return dst


def run_build(ws: Path) -> Parts:
    with recording() as reads:
        project = check(ws)
    assert not project.has_errors, [str(d) for d in project.diagnostics if d.severity.value == "error"]
    build(project, ws / "exports", reads=reads)
    return parts_of(project)


def edit(ws: Path, unit: str, old: str, new: str, count: int = 1) -> None:
    path = ws / UNITS / f"{unit}.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text, (unit, old)
    path.write_text(text.replace(old, new, count), encoding="utf-8")


#: edits of the demo that a designer makes, each a (unit, old text, new text)
EDITS = [
    ("pv-installation", "en: Installing photovoltaic systems", "en: Installing PV systems"),
    ("electrical-safety", "en: Electrical safety and working at heights", "en: Safety first"),
    ("customer-advice", "prerequisites: [pv-design]", "prerequisites: [pv-design, electrical-safety]"),
    ("pv-installation", "prerequisites: [electrical-safety, site-materials, pv-design]",
     "prerequisites: [electrical-safety, pv-design]"),
    ("heat-pump-installation", "ecvet_points: ", "ecvet_points: "),  # touched, not changed
    ("site-materials", "Receiving, checking, storing", "Receiving, checking and storing"),
    ("commissioning-maintenance", "status: approved", "status: proposed"),
]


@pytest.fixture(scope="module")
def edited(tmp_path_factory):
    """The demo built, then rebuilt after each edit in turn; per edit, (parts of the rebuild,
    exports/ of the rebuild, exports/ of a full build of the same files)."""
    base = tmp_path_factory.mktemp("incremental")
    ws = demo_copy(base / "ws")
    first = run_build(ws)
    assert first.reused == 0 and first.rendered > 0
    results = []
    for n, (unit, old, new) in enumerate(EDITS):
        if old in (ws / UNITS / f"{unit}.yaml").read_text(encoding="utf-8"):
            edit(ws, unit, old, new)
        parts = run_build(ws)
        fresh = base / f"fresh-{n}"
        shutil.copytree(ws, fresh, ignore=shutil.ignore_patterns("exports"))
        run_build(fresh)
        results.append((parts, tree(ws / "exports"), tree(fresh / "exports")))
    return results


@pytest.mark.parametrize("n", range(len(EDITS)), ids=[f"{u}:{o[:20]}" for u, o, _ in EDITS])
def test_a_rebuild_after_an_edit_is_byte_identical_to_a_full_build(edited, n):
    parts, rebuilt, full = edited[n]
    assert rebuilt == full


def test_a_rebuild_takes_what_it_can_from_the_previous_build(edited):
    for parts, _, _ in edited:
        assert parts.reused > 0 or parts.rendered == 0  # nothing changed: every export kept whole


def test_one_title_renders_the_units_neighbourhood_only(tmp_path, monkeypatch):
    """After a title edit of technical-drawings, the handbook pages rendered again are those of the
    unit, the units before and after it in the programme, and the units that require it."""
    ws = demo_copy(tmp_path / "ws")
    run_build(ws)
    rendered: list[tuple[str, str]] = []
    real = Assembler.unit

    def spy(self, uid, render, *args, **kwargs):
        def counted():
            rendered.append((self._export, uid))
            return render()
        return real(self, uid, counted, *args, **kwargs)

    monkeypatch.setattr(Assembler, "unit", spy)
    from skillweave.emitters.elm import ElmGraph

    built: list[str] = []
    real_unit = ElmGraph._unit

    def unit_spy(self, unit, programmes):
        built.append(unit.id)
        return real_unit(self, unit, programmes)

    monkeypatch.setattr(ElmGraph, "_unit", unit_spy)
    read: list[str] = []
    real_read = BuildCache._read

    def read_spy(path, digest):
        read.append(Path(path).relative_to(ws / "exports").as_posix())
        return real_read(path, digest)

    monkeypatch.setattr(BuildCache, "_read", staticmethod(read_spy))
    _older_than_the_cache(ws)
    edit(ws, "technical-drawings", "title:\n  en: ", "title:\n  en: Reading ")
    parts = run_build(ws)
    pages = {uid for export, uid in rendered if export == "html" and not uid.startswith("programme/")}
    assert rendered.count(("html", "programme/solar-heat-installer")) == 3  # its page lists the title
    rendered = [r for r in rendered if not r[1].startswith("programme/")]
    requirers = {p.stem for p in (ws / UNITS).glob("*.yaml")
                 if re.search(r"prerequisites: \[[^\]]*technical-drawings", p.read_text(encoding="utf-8"))}
    assert "technical-drawings" in pages and requirers <= pages
    assert pages <= requirers | {"technical-drawings", "electrical-fundamentals", "site-materials"}, pages
    assert len([r for r in rendered if r[0] == "html"]) == 3 * len(pages)  # en, nl, de
    for export in {e for e, _ in rendered}:
        assert {uid for e, uid in rendered if e == export} <= pages, export
    assert {e for e, _ in rendered} >= {"html", "moodle-csv", "loq-xml", "elm-turtle", "elm-jsonld", "elm-rdfxml"}
    assert parts.reused >= 3 * (12 - len(pages))
    assert set(built) == pages  # the ELM triples of the other units are not made again
    # the whole-graph files that take parts are read (not hashed: their size and time vouch for
    # them); no handbook page is read: kept pages are left as they are, new ones compared by hash
    assert sorted(read) == ["elm.jsonld", "elm.rdf", "elm.ttl", "loq.xml", "moodle-competencies.csv"]


def _older_than_the_cache(ws: Path) -> None:
    """The cache file a second newer than it is: no file of the build is in its clock tick (such
    files are checked by their content, see BuildCache)."""
    import os

    cache = ws / "exports" / CACHE
    st = cache.stat()
    os.utime(cache, ns=(st.st_atime_ns, st.st_mtime_ns + 10**9))


def test_a_page_changed_by_hand_in_the_same_tick_as_the_cache_is_rendered_again(tmp_path):
    """A file whose size and time are those recorded but whose time is the cache's own (changed
    in the clock tick the cache was written in) is checked by its content."""
    import os

    ws = demo_copy(tmp_path / "ws")
    run_build(ws)
    files = tree(ws / "exports")
    exports = ws / "exports"
    page = exports / "handbook/en/unit-pv-design.html"
    rel = page.relative_to(exports).as_posix()
    data = page.read_bytes()
    page.write_bytes(data.replace(b"<html", b"<HTML", 1))  # the same size
    cache_file = exports / CACHE
    cache = json.loads(cache_file.read_text())
    tick = cache_file.stat().st_mtime_ns
    os.utime(page, ns=(tick, tick))
    for entry in cache["exports"].values():
        if rel in entry["stat"]:
            entry["stat"][rel] = [len(data), tick]
    cache_file.write_text(json.dumps(cache))
    os.utime(cache_file, ns=(tick, tick))
    parts = run_build(ws)
    assert page.read_bytes() == data
    assert parts.rendered == 1  # that page, in that language: the rest is kept
    assert tree(exports) == files


def test_a_damaged_span_renders_the_part_again(tmp_path):
    import json

    ws = demo_copy(tmp_path / "ws")
    run_build(ws)
    files = tree(ws / "exports")
    cache = json.loads((ws / "exports" / CACHE).read_text())
    for entry in cache["exports"].values():
        for spans in entry.get("parts", {}).values():
            for span in spans.values():
                span[1], span[2] = 10**9, -1
    (ws / "exports" / CACHE).write_text(json.dumps(cache))
    edit(ws, "pv-design", "title:\n  en: ", "title:\n  en: New ")
    edit(ws, "pv-design", "title:\n  en: New ", "title:\n  en: ")  # back as it was, the cache still damaged
    (ws / "curricula/alliance.yaml").write_text((ws / "curricula/alliance.yaml").read_text() + "\n")
    parts = run_build(ws)
    assert parts.reused == 0
    assert {k: v for k, v in tree(ws / "exports").items() if k != CACHE} == \
        {k: v for k, v in files.items() if k != CACHE}


def test_random_edits_of_a_workspace_with_several_programmes(tmp_path, shared, monkeypatch):
    """A synthetic workspace (50 units in 3 programmes, national qualifications): after each of a
    seeded series of edits (titles, statements, a prerequisite dropped), the rebuild equals a full
    build, and programmes the edited unit is not in keep their pages."""
    import random
    import subprocess
    import sys

    ws = tmp_path / "ws"
    subprocess.run([sys.executable, str(REPO / "benchmarks" / "make_workspace.py"), str(ws), "--units", "50",
                    "--outcomes", "200", "--programmes", "3", "--esco", str(shared / "esco" / "v1.2.0-en")],
                   check=True, capture_output=True)
    run_build(ws)
    rendered: list[str] = []
    real = Assembler.unit

    def spy(self, uid, render, *args, **kwargs):
        def counted():
            rendered.append(uid)
            return render()
        return real(self, uid, counted, *args, **kwargs)

    monkeypatch.setattr(Assembler, "unit", spy)
    rng = random.Random(17)
    units = sorted((ws / UNITS).glob("*.yaml"))
    for n in range(5):
        path = rng.choice(units)
        text = path.read_text(encoding="utf-8")
        kind = n % 3
        if kind == 0:
            text = text.replace("title:\n  en: ", f"title:\n  en: Edit {n} ", 1)
        elif kind == 1:
            text = re.sub(r"(statement:\n\s+en: )", rf"\g<1>Edit {n} ", text, count=1)
        else:
            text = re.sub(r"^prerequisites: \[[^\]]*\]", "prerequisites: []", text, count=1, flags=re.M)
        path.write_text(text, encoding="utf-8")
        rendered.clear()
        parts = run_build(ws)
        programmes = {uid for uid in rendered if uid.startswith("programme/")}
        assert len(programmes) < 3, programmes  # every unit is in one programme: the others keep their pages
        fresh = tmp_path / f"fresh-{n}"
        shutil.copytree(ws, fresh, ignore=shutil.ignore_patterns("exports"))
        with monkeypatch.context() as m:
            m.setattr(Assembler, "unit", real)
            run_build(fresh)
        assert tree(ws / "exports") == tree(fresh / "exports"), (n, path.name)
        assert parts.reused > 0 or parts.rendered == 0
        shutil.rmtree(fresh)
