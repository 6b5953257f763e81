"""The Moodle competency framework (export moodle-csv), read back the way Moodle's importer
(tool_lpimportcsv's framework_importer) reads it: columns by position, one framework, a tree of
competencies built from "Parent ID number"."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import yaml
from click.testing import CliRunner

from skillweave.cli.main import cli
from skillweave.emitters import emit
from skillweave.emitters.moodle import _id_number, _shorten
from skillweave.pipeline import check

from .conftest import FIXTURES, REPO, copy_workspace

GOLDEN = Path(__file__).resolve().parent / "golden" / "analyses" / "moodle-competencies.csv"
COLUMNS = [
    "Parent ID number", "ID number", "Short name", "Description", "Description format", "Scale values",
    "Scale configuration", "Rule type (optional)", "Rule outcome (optional)", "Rule config (optional)",
    "Cross-referenced competency ID numbers", "Exported ID (optional)", "Is framework", "Taxonomy",
]
# Moodle's competency taxonomy terms (core_competency\competency_framework::TAXONOMY_*)
TAXONOMIES = {"behaviour", "competency", "concept", "domain", "indicator", "level", "outcome", "practice",
              "proficiency", "skill", "value"}


def framework_csv(path) -> str:
    project = check(path)
    assert not project.has_errors, project.diagnostics
    project.analyse()
    return emit(project, "moodle-csv")


def read(text: str) -> tuple[list[str], list[dict[str, str]]]:
    rows = list(csv.reader(io.StringIO(text)))
    header, body = rows[0], rows[1:]
    assert all(len(r) == len(COLUMNS) for r in body)
    return header, [dict(zip(COLUMNS, r)) for r in body]


def tree(rows: list[dict[str, str]]) -> dict[str, list[str]]:
    """Children by parent ID number, as framework_importer::add_children finds them ('' = the framework)."""
    children: dict[str, list[str]] = {}
    for r in rows:
        if r["Is framework"] != "1":
            children.setdefault(r["Parent ID number"], []).append(r["ID number"])
    return children


def test_exactly_the_fourteen_columns_in_moodles_order():
    for workspace in (REPO, FIXTURES / "analyses"):
        header, _ = read(framework_csv(workspace))
        assert header == COLUMNS


def test_one_framework_row_with_the_default_competence_scale():
    _, rows = read(framework_csv(REPO))
    frameworks = [r for r in rows if r["Is framework"] == "1"]
    assert len(frameworks) == 1 and rows[0] is frameworks[0]
    fw = frameworks[0]
    assert (fw["Parent ID number"], fw["ID number"], fw["Short name"]) == ("", "green-install",
                                                                         "GreenInstall Sector Skills Alliance")
    values = fw["Scale values"].split(",")
    assert values == ["Not yet competent", "Competent"]
    config = json.loads(fw["Scale configuration"])
    # what competency_framework::validate_scaleconfiguration demands
    assert "scaleid" in config[0]
    items = config[1:]
    assert {i["id"] for i in items} <= set(range(1, len(values) + 1))
    assert any(i["scaledefault"] for i in items) and any(i["proficient"] for i in items)
    assert [values[i["id"] - 1] for i in items if i["proficient"]] == ["Competent"]
    taxonomy = fw["Taxonomy"].split(",")
    assert set(taxonomy) <= TAXONOMIES and len(taxonomy) == 3  # programme, unit, learning outcome
    assert all(r["Scale values"] == "" and r["Is framework"] == "" for r in rows[1:])


def test_every_parent_comes_before_its_children_and_the_tree_is_the_curriculum():
    project = check(REPO)
    cur = project.curriculum
    _, rows = read(framework_csv(REPO))
    seen = {""}
    for r in rows[1:]:
        assert r["Parent ID number"] in seen, f"{r['ID number']} comes before its parent"
        assert r["ID number"] not in seen, f"{r['ID number']} twice"
        assert 0 < len(r["ID number"]) <= 100 and 0 < len(r["Short name"]) <= 100
        seen.add(r["ID number"])
    children = tree(rows)
    assert children[""] == sorted(cur.programmes)
    for pid, path in ((p.id, p) for p in project.paths.programmes):
        assert children[pid] == [f"{pid}/{u}" for u in path.order]  # units in teaching order
        for uid in path.order:
            assert children[f"{pid}/{uid}"] == [f"{pid}/{uid}/{lo.id}" for lo in cur.units[uid].learning_outcomes]
    assert len(rows) == 1 + len(cur.programmes) + len(cur.units) + sum(
        len(u.learning_outcomes) for u in cur.units.values())


def test_descriptions_are_html_in_the_default_language_with_esco_links():
    project = check(REPO)
    _, rows = read(framework_csv(REPO))
    by_id = {r["ID number"]: r for r in rows}
    unit = project.curriculum.units["pv-installation"]
    row = by_id["solar-heat-installer/pv-installation"]
    assert row["Short name"] == "Installing photovoltaic systems"
    assert row["Description format"] == "1"
    assert row["Description"].startswith("<p>Mounting, wiring, testing and handing over grid-connected PV")
    assert "<p>12 ECVET points; EQF level 4; 110 hours at school, 215 hours at the workplace</p>" in row["Description"]
    assert (row["Rule type (optional)"], row["Rule outcome (optional)"]) == ("core_competency\\competency_rule_all",
                                                                           "2")
    lo = unit.learning_outcomes[0]
    outcome = by_id[f"solar-heat-installer/pv-installation/{lo.id}"]
    assert outcome["Short name"] == lo.statement.get("en")
    for uri in project.resolved.outcome_skills[lo.id]:
        assert f'<a href="{uri}">{project.vocabulary.label(uri, "en")}</a>' in outcome["Description"]
    assert f"<p>Assessment: {lo.assessment.get('en')}</p>" in outcome["Description"]
    assert all("\n" not in r["Description"] for r in rows)


def test_markup_in_a_statement_is_escaped(tmp_path):
    ws = copy_workspace(FIXTURES / "analyses", tmp_path / "ws")
    unit_file = ws / "curricula" / "units" / "u1.yaml"
    data = yaml.safe_load(unit_file.read_text())
    data["learning_outcomes"][0]["statement"] = "<script>alert(1)</script> & more"
    unit_file.write_text(yaml.safe_dump(data))
    _, rows = read(framework_csv(ws))
    row = next(r for r in rows if r["ID number"] == "prog/u1/u1-1")
    assert row["Description"].startswith("<p>&lt;script&gt;alert(1)&lt;/script&gt; &amp; more</p>")
    assert row["Short name"] == "<script>alert(1)</script> & more"  # plain text: Moodle cleans it as PARAM_TEXT


def test_a_unit_in_two_programmes_appears_under_both_and_the_copies_are_cross_referenced(tmp_path):
    ws = copy_workspace(FIXTURES / "analyses", tmp_path / "ws")
    (ws / "curricula" / "programmes" / "short.yaml").write_text(
        "id: short\ntitle: Short programme\neqf_level: 4\noccupations: [http://data.europa.eu/esco/occupation/occ]\n"
        "duration_months: 2\necvet_points: 10\nunits: [u1]\n")
    _, rows = read(framework_csv(ws))
    by_id = {r["ID number"]: r for r in rows}
    assert tree(rows)[""] == ["prog", "short"]
    assert by_id["short/u1"]["Parent ID number"] == "short"
    assert by_id["prog/u1"]["Cross-referenced competency ID numbers"] == "short/u1"
    assert by_id["short/u1"]["Cross-referenced competency ID numbers"] == "prog/u1"
    assert by_id["short/u1/u1-2"]["Cross-referenced competency ID numbers"] == "prog/u1/u1-2"
    assert by_id["prog/u2"]["Cross-referenced competency ID numbers"] == ""


def test_long_names_and_id_numbers_fit_moodles_100_characters():
    long_id = _id_number("p" * 64, "u" * 64, "o" * 64)
    assert len(long_id) == 100 and long_id != _id_number("p" * 64, "u" * 64, "o" * 63 + "x")
    assert _id_number("p", "u") == "p/u"
    statement = "Installs " + "and connects " * 20 + "the inverter."
    short = _shorten(statement)
    assert len(short) <= 100 and short.endswith("…") and statement.startswith(short[:-1])
    assert _shorten("  Short\n text ") == "Short text"


def test_export_command_writes_the_golden_file(tmp_path):
    out = tmp_path / "moodle.csv"
    result = CliRunner().invoke(cli, ["export", "moodle-csv", str(FIXTURES / "analyses"), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8") == GOLDEN.read_text(encoding="utf-8")
