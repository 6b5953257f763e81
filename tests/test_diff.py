"""``skillweave diff``: two versions of the demo with known edits give exactly those edits.

The expected report is ``tests/golden/diff/demo-edits.json`` (reviewed by hand; regenerate with
``SKILLWEAVE_REGENERATE_GOLDEN=1`` after an intended change and review the diff).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from skillweave.analyses.diff import compare, word_diff
from skillweave.cli.main import cli
from skillweave.emitters import diff as emitter
from skillweave.load.revision import extract
from skillweave.pipeline import check

from .conftest import FIXTURES, REPO

GOLDEN = Path(__file__).resolve().parent / "golden" / "diff" / "demo-edits.json"
REGENERATE = os.environ.get("SKILLWEAVE_REGENERATE_GOLDEN") == "1"

NEW_UNIT = """id: smart-controls
title: {en: Smart heating controls, nl: Slimme regelingen, de: Intelligente Heizungsregelung}
eqf_level: 4
ecvet_points: 2
owner: roc-midden
hours: {school: 20, workplace: 30}
status: draft
learning_outcomes:
  - id: smart-controls-1
    type: skill
    statement:
      en: Connects a smart thermostat to a heat pump.
      nl: Sluit een slimme thermostaat aan op een warmtepomp.
      de: Schließt ein intelligentes Thermostat an eine Wärmepumpe an.
    esco: [http://data.europa.eu/esco/skill/95c35c3a-035f-47c2-90cf-7e934d20fc08]
"""


def replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new), encoding="utf-8")


def edit_demo(ws: Path) -> None:
    """The known edits, which the report must list, and nothing else."""
    units = ws / "curricula" / "units"
    # 1. points and a statement of pv-installation (the programme's points then do not add up:
    #    the new version has an error)
    replace(units / "pv-installation.yaml", "ecvet_points: 12", "ecvet_points: 14")
    replace(units / "pv-installation.yaml", "en: Mounts PV panels on pitched and flat roofs",
            "en: Mounts PV panels on pitched, flat and green roofs")
    # 2. an ESCO link less in heat-pump-installation, whose approval by klimaat-vlaanderen is bound
    replace(units / "heat-pump-installation.yaml", "      - install heat pump\n", "")
    # 3. technical-drawings renamed technical-drawing, and every reference to it
    (units / "technical-drawings.yaml").rename(units / "technical-drawing.yaml")
    replace(units / "technical-drawing.yaml", "id: technical-drawings\n", "id: technical-drawing\n")
    for name in ("pv-design", "solar-thermal", "heat-pump-installation"):
        replace(units / f"{name}.yaml", "technical-drawings]", "technical-drawing]")
    programme = ws / "curricula" / "programmes" / "solar-heat-installer.yaml"
    replace(programme, "  - technical-drawings\n", "  - technical-drawing\n")
    # 4. a new unit in the programme, teaching an essential skill the programme missed (electronics)
    (units / "smart-controls.yaml").write_text(NEW_UNIT, encoding="utf-8")
    replace(programme, "  - technical-drawing\n", "  - technical-drawing\n  - smart-controls\n")
    # 5. customer-advice: its last outcome removed, its Dutch title reworded
    text = (units / "customer-advice.yaml").read_text(encoding="utf-8")
    (units / "customer-advice.yaml").write_text(text[: text.index("  - id: customer-advice-3\n")], encoding="utf-8")
    replace(units / "customer-advice.yaml", "nl: Klantadvies over duurzame energie",
            "nl: Klantadvies over hernieuwbare energie")
    # 6. an outcome of solar-thermal gets another id
    replace(units / "solar-thermal.yaml", "id: solar-thermal-4", "id: solar-thermal-5")


def demo_copy(dst: Path, learners: bool = False) -> Path:
    dst.mkdir(parents=True)
    for name in ("curricula", "ontologies") + (("learners",) if learners else ()):
        shutil.copytree(REPO / name, dst / name)
    return dst


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


@pytest.fixture
def versions(tmp_path: Path, monkeypatch) -> Path:
    demo_copy(tmp_path / "old")
    edit_demo(demo_copy(tmp_path / "new"))
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_the_known_edits_and_only_those(versions: Path):
    result = run("diff", "old", "new", "--format", "json")
    assert result.exit_code == 0, result.output
    if REGENERATE:
        GOLDEN.parent.mkdir(parents=True, exist_ok=True)
        GOLDEN.write_text(result.output, encoding="utf-8")
    assert json.loads(result.output) == json.loads(GOLDEN.read_text(encoding="utf-8"))


def test_text_report(versions: Path):
    out = run("diff", "old", "new").output
    assert out.startswith("Curriculum changes from old to new\nold (old): 0 errors, 0 warnings\n"
                          "new (new): 1 error, 1 warning\n")
    for line in [
        "        ECVET points of its units: [-90-] → {+94+}",
        "        essential skills of refrigeration air condition and heat pump technician covered: "
        "[-30 of 40-] → {+31 of 40+}",
        "                statement (en): Mounts PV panels on pitched{+, flat+} and [-flat-] {+green+} roofs "
        "following the installation plan.",
        "  → technical-drawings renamed to technical-drawing Reading technical drawings and documentation "
        "(6 ECVET points)",
        "          → solar-thermal-4 renamed to solar-thermal-5 (competence)",
        "  ! heat-pump-installation: klimaat-vlaanderen (2026-03-19) approved the old content: no longer counts",
    ]:
        assert line in out.splitlines(), line


def test_markdown_and_html_say_the_same(versions: Path):
    md = run("diff", "old", "new", "--format", "markdown").output
    assert md.startswith("## Curriculum changes from old to new\n")
    assert "- statement (en): Mounts PV panels on pitched<ins>, flat</ins> and <del>flat</del> <ins>green</ins> roofs" in md
    assert "- \\+ `smart-controls` Smart heating controls *(2 ECVET points)*" in md
    page = run("diff", "old", "new", "--format", "html").output
    assert page.startswith("<!DOCTYPE html>")
    assert "Mounts PV panels on pitched<ins>, flat</ins> and <del>flat</del> <ins>green</ins> roofs" in page
    assert "default-src 'none'" in page and "<script" not in page and "src=" not in page


def test_no_change_is_said(tmp_path: Path):
    report = compare(check(demo_copy(tmp_path / "a")), check(demo_copy(tmp_path / "b")), "a", "b")
    assert report.empty
    assert emitter.as_text(report).endswith("\nNo changes in the curriculum.\n")


def test_workspace_text_is_escaped(tmp_path: Path):
    old = shutil.copytree(FIXTURES / "base", tmp_path / "old")
    new = shutil.copytree(FIXTURES / "base", tmp_path / "new")
    replace(new / "curricula/units/wiring.yaml", "Wires an inverter.",
            "'Wires an <script>alert(1)</script> *inverter* [x](javascript:y) & more.'")
    report = compare(check(old), check(new))
    page = emitter.as_html(report)
    assert "<script>" not in page
    assert ("statement (en): Wires an <ins>&lt;script&gt;alert(1)&lt;/script&gt; *</ins> inverter<ins>* "
            "[x](javascript:y) &amp; more</ins>.") in page
    md = emitter.as_markdown(report)
    assert ("- statement (en): Wires an <ins>\\<script\\>alert(1)\\</script\\> \\*</ins> inverter<ins>\\* "
            "\\[x\\](javascript:y) \\& more</ins>.") in md


def test_a_file_with_errors_is_not_compared(tmp_path: Path):
    old = shutil.copytree(FIXTURES / "base", tmp_path / "old")
    new = shutil.copytree(FIXTURES / "base", tmp_path / "new")
    (new / "curricula/units/wiring.yaml").write_text("id: wiring\ntitle: [broken\n")
    report = compare(check(old), check(new), "old", "new")
    assert report.as_dict()["not_compared"] == [{"version": "new", "kind": "unit", "id": "wiring"}]
    assert [u.change for u in report.units] == []  # not "removed"


@given(st.text(alphabet="ab ,.x\n", max_size=20), st.text(alphabet="ab ,.y\n", max_size=20))
def test_word_runs_give_both_texts_back(old: str, new: str):
    runs = word_diff(old, new)
    assert "".join(t for op, t in runs if op != "+") == " ".join(old.split())
    assert "".join(t for op, t in runs if op != "-") == " ".join(new.split())


# --- git revisions -----------------------------------------------------------------------------

def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
                   check=True, capture_output=True)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A repository whose workspace is the sub-folder ws/: the demo, then the edits."""
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    ws = demo_copy(repo / "ws", learners=True)
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "demo")
    git(repo, "checkout", "-q", "-b", "feature")
    edit_demo(ws)
    return ws


def _golden_with(old: str, new: str) -> dict:
    expected = json.loads(GOLDEN.read_text(encoding="utf-8"))
    expected["old"]["version"], expected["new"]["version"] = old, new
    return expected


def test_two_revisions(repo: Path):
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "edits")
    for args, names in [(["HEAD~1", "HEAD"], ("HEAD~1", "HEAD")), (["main..feature"], ("main", "feature"))]:
        result = run("diff", *args, "-C", str(repo), "--format", "json")
        assert result.exit_code == 0, result.output
        assert json.loads(result.output) == _golden_with(*names)


def test_a_revision_against_the_working_tree(repo: Path):
    result = run("diff", "main", "-C", str(repo), "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == _golden_with("main", "the working tree")


def test_a_revision_holds_no_learner_records(repo: Path, tmp_path: Path):
    out = extract(repo, "main", tmp_path / "x")
    assert sorted(p.name for p in out.iterdir()) == ["curricula", "ontologies"]


def test_an_unknown_revision_exits_2(repo: Path):
    result = run("diff", "no-such-branch", "HEAD", "-C", str(repo))
    assert result.exit_code == 2
    assert re.fullmatch(r"skillweave: error: 'no-such-branch' is neither a folder nor a git revision of .+\n",
                        result.output)


def test_from_a_folder_inside_the_workspace_the_workspace_is_compared(repo: Path, monkeypatch):
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "edits")
    monkeypatch.chdir(repo / "curricula" / "units")
    result = run("diff", "HEAD~1", "HEAD", "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == _golden_with("HEAD~1", "HEAD")
    edit = repo / "curricula" / "units" / "pv-installation.yaml"
    edit.write_text(edit.read_text(encoding="utf-8") + "# a comment\n", encoding="utf-8")
    result = run("diff", "HEAD~1", "--format", "json")  # against the working tree, from the same folder
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == _golden_with("HEAD~1", "the working tree")


def test_a_revision_without_the_workspace_exits_2(repo: Path):
    result = run("diff", "HEAD", "-C", str(repo.parent))  # the repository's top: no curricula/ there
    assert result.exit_code == 2
    assert "HEAD has no curricula/ folder in the top folder of the repository" in result.output
