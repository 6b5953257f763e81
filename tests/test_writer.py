"""Models written back as YAML read back to equal models (what importers rely on)."""

from __future__ import annotations

from skillweave.formats import workspace_yaml as writer
from skillweave.load import yamlsource
from skillweave.model import Alliance, NationalQualification, Programme, Unit
from skillweave.pipeline import check

from .conftest import REPO


def _reload(model_cls, text, lang):
    data, _, problems = yamlsource.load(text)
    assert problems == []
    return model_cls.model_validate(data, context={"default_language": lang})


def test_demo_round_trips_through_the_writer():
    cur = check(REPO).curriculum
    lang = cur.alliance.default_language
    assert _reload(Alliance, writer.dump(cur.alliance), lang) == cur.alliance
    for p in cur.programmes.values():
        assert _reload(Programme, writer.dump(p), lang) == p
    for u in cur.units.values():
        assert _reload(Unit, writer.dump(u), lang) == u
    for entry in cur.national.values():
        assert _reload(NationalQualification, writer.dump(entry.qualification), lang) == entry.qualification
        for u in entry.units.values():
            assert _reload(Unit, writer.dump(u), lang) == u


def test_written_files_are_tidy():
    cur = check(REPO).curriculum
    text = writer.dump(cur.units["pv-installation"])
    assert text.startswith("id: pv-installation\ntitle:\n  de: ")
    assert "ecvet_points: 12\n" in text and "date: 2026-03-01\n" in text
