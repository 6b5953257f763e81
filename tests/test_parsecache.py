"""The build's parse cache (skillweave.load.parsecache): a curriculum file whose bytes the previous
build parsed is not parsed again, and nothing a user sees changes: the same values (numbers keep
how they were written), the same diagnostics at the same (line, column), the same exports."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from skillweave.cli.main import cli
from skillweave.load import parsecache
from skillweave.load.parsecache import ParseCache
from skillweave.load.yamlsource import YamlFloat, YamlInt, load
from skillweave.pipeline import PARSED, check, code_fingerprint

from .conftest import FIXTURES, copy_workspace, exports_tree
from .test_rules import CASES, _apply


def _check_twice(ws: Path, store: Path):
    """check without a cache (filling one), then with it; (diagnostics, diagnostics, cache used)."""
    first = ParseCache(store, code_fingerprint())
    with parsecache.active(first):
        before = check(ws)
    first.save()
    second = ParseCache(store, code_fingerprint())
    with parsecache.active(second):
        after = check(ws)
    return before, after, second


def _shown(project) -> list[tuple]:
    return [(d.file, d.line, d.column, d.code, d.message) for d in project.diagnostics]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_every_diagnostic_is_the_same_with_files_from_the_cache(case: Path, tmp_path: Path):
    ws = copy_workspace(FIXTURES / "base", tmp_path / "ws")
    _apply(case, ws)
    before, after, used = _check_twice(ws, tmp_path / PARSED)
    assert _shown(after) == _shown(before)
    assert _shown(before) == _shown(check(ws))  # and the cache being filled changes nothing either
    assert used.hits > 0


def test_a_rebuild_takes_every_unchanged_file_from_the_cache(tmp_path):
    ws = copy_workspace(FIXTURES / "analyses", tmp_path / "ws")
    files = sorted(p for p in (ws / "curricula").rglob("*.yaml"))
    before, after, used = _check_twice(ws, tmp_path / PARSED)
    assert (used.hits, used.misses) == (len(files), 0)
    assert after.curriculum.units == before.curriculum.units
    assert after.curriculum.programmes == before.curriculum.programmes
    unit = ws / "curricula" / "units" / "u1.yaml"
    unit.write_text(unit.read_text(encoding="utf-8").replace("title: Unit u1", "title: Unit one"), encoding="utf-8")
    again = ParseCache(tmp_path / PARSED, code_fingerprint())
    with parsecache.active(again):
        edited = check(ws)
    assert (again.hits, again.misses) == (len(files) - 1, 1)
    assert edited.curriculum.units["u1"].title.root == {"en": "Unit one"}


def test_a_damaged_or_foreign_cache_is_ignored(tmp_path):
    ws = copy_workspace(FIXTURES / "analyses", tmp_path / "ws")
    store = tmp_path / PARSED
    for content in (b"\xc1 not MessagePack", b"\x81\xa6format\x01",
                    b"\x83\xa6format\x01\xaaskillweave\xa5other\xa5files\x80"):
        store.write_bytes(content)
        cache = ParseCache(store, code_fingerprint())
        with parsecache.active(cache):
            project = check(ws)
        assert cache.hits == 0 and project.diagnostics == []


def test_a_cached_value_that_is_not_a_number_skillweave_wrote_is_parsed_again(tmp_path):
    import msgspec

    ws = copy_workspace(FIXTURES / "analyses", tmp_path / "ws")
    unit = ws / "curricula" / "units" / "u1.yaml"
    digest = parsecache.digest(unit.read_bytes())
    forged = msgspec.msgpack.encode({"id": msgspec.msgpack.Ext(1, b"not a number")})
    (tmp_path / PARSED).write_bytes(msgspec.msgpack.encode(
        {"format": parsecache.FORMAT, "skillweave": code_fingerprint(), "files": {digest: forged}}))
    cache = ParseCache(tmp_path / PARSED, code_fingerprint())
    with parsecache.active(cache):
        project = check(ws)
    assert cache.hits == 0 and project.diagnostics == [] and "u1" in project.curriculum.units


scalars = st.one_of(
    st.text(max_size=20), st.booleans(), st.none(),
    st.from_regex(r"[-+]?[0-9]{1,12}", fullmatch=True).map(lambda raw: YamlInt(int(raw, 10), raw)),
    st.from_regex(r"[-+]?[0-9]{1,6}\.[0-9]{0,6}", fullmatch=True).map(lambda raw: YamlFloat(float(raw), raw)),
)
values = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)), max_leaves=30)


@given(st.dictionaries(st.text(max_size=8), values, max_size=6))
def test_values_come_back_as_they_were_kept(data):
    with _store() as store:
        cache = ParseCache(store, "fp")
        cache.put("d", data)
        cache.save()
        got = ParseCache(store, "fp").get("d")
    assert got == data
    assert _raws(got) == _raws(data)


def _raws(value):
    """Every number with the text it was written as, and its type."""
    if isinstance(value, dict):
        return {k: _raws(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_raws(v) for v in value]
    if isinstance(value, (YamlInt, YamlFloat)):
        return (type(value).__name__, value.raw)
    return value


def _store():
    import contextlib
    import tempfile

    @contextlib.contextmanager
    def made():
        folder = Path(tempfile.mkdtemp())
        try:
            yield folder / PARSED
        finally:
            shutil.rmtree(folder)

    return made()


def test_a_number_written_with_a_leading_zero_keeps_it():
    data, _, _ = load("isced_f: 0713\nhours: 1.50\n")
    with _store() as store:
        cache = ParseCache(store, "fp")
        cache.put("d", data)
        cache.save()
        got = ParseCache(store, "fp").get("d")
    assert (got["isced_f"].raw, got["hours"].raw) == ("0713", "1.50")


def test_build_keeps_the_cache_beside_the_exports_and_the_exports_do_not_change(tmp_path):
    ws = copy_workspace(FIXTURES / "analyses", tmp_path / "ws")
    assert CliRunner().invoke(cli, ["build", str(ws)]).exit_code == 0
    assert (ws / "exports" / PARSED).is_file()
    files = exports_tree(ws / "exports")
    unit = ws / "curricula" / "units" / "u2.yaml"
    unit.write_text(unit.read_text(encoding="utf-8").replace("title: Unit u2", "title: Unit two"), encoding="utf-8")
    assert CliRunner().invoke(cli, ["build", str(ws)]).exit_code == 0
    fresh = tmp_path / "fresh"
    shutil.copytree(ws, fresh, ignore=shutil.ignore_patterns("exports"))
    assert CliRunner().invoke(cli, ["build", str(fresh)]).exit_code == 0
    assert exports_tree(ws / "exports") == exports_tree(fresh / "exports") != files
