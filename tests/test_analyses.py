"""Coverage, mapping and learning paths on fixtures whose right answers are known by construction
(tests/fixtures/analyses: an occupation with 10 essential skills, 7 of them taught)."""

from __future__ import annotations

import json
import shutil

from click.testing import CliRunner

from skillweave.analyses.mapping import relation_for
from skillweave.cli.main import cli
from skillweave.pipeline import check
from skillweave.rules.paths import split, teaching_order

from .conftest import FIXTURES, REPO

S = "http://data.europa.eu/esco/skill/"


def project():
    p = check(FIXTURES / "analyses")
    assert p.diagnostics == []
    return p


def test_coverage_counts_known_by_construction():
    (prog,) = project().coverage.programmes
    (occ,) = prog.occupations
    e, o = occ.essential, occ.optional
    assert (e.covered, e.total, e.ratio) == (7, 10, 0.7)
    assert e.by_type == {"skill": (6, 6), "knowledge": (1, 4)}
    assert [r.uri for r in e.missing] == [S + "e10", S + "e8", S + "e9"]  # ranked by label
    assert [(h.skill.uri, h.via.uri, h.relation) for h in e.hierarchy] == [(S + "e8", S + "n8", "narrower")]
    assert (o.covered, o.total) == (2, 5)
    assert [(u.id, u.essential_covered, len(u.skills)) for u in prog.units] == [
        ("u4", 0, 3), ("u3", 1, 5), ("u2", 3, 3), ("u1", 3, 3)]
    assert [r.uri for r in prog.extra_skills] == [S + "n8", S + "x1", S + "z1", S + "z2", S + "z3"]


def test_coverage_json_has_the_documented_shape():
    result = CliRunner().invoke(cli, ["coverage", str(FIXTURES / "analyses"), "--format", "json"])
    assert result.exit_code == 0
    data = json.loads(result.output)
    (prog,) = data["programmes"]
    assert set(prog) == {"id", "occupations", "units", "extra_skills"}
    (occ,) = prog["occupations"]
    assert {"uri", "label", "essential", "optional"} <= set(occ)
    assert {"total", "covered", "ratio", "missing"} <= set(occ["essential"])
    assert occ["essential"]["missing"][0] == {"uri": S + "e10", "label": "skill e10", "type": "knowledge"}
    assert prog["units"][3] == {"id": "u1", "skills": [S + "e1", S + "e2", S + "e3"], "essential_covered": 3}
    assert prog["extra_skills"][1] == {"uri": S + "x1", "label": "skill x1"}


def test_coverage_csv_marks_every_skill():
    out = CliRunner().invoke(cli, ["coverage", str(FIXTURES / "analyses"), "--format", "csv"]).output
    rows = [line.split(",") for line in out.splitlines()[1:]]
    assert len(rows) == 15
    covered = {r[4].rsplit("/", 1)[1]: r[7] for r in rows}
    assert covered["e1"] == "yes" and covered["e8"] == "via-hierarchy" and covered["e9"] == "no"


def test_mapping_relations_and_credit_transfer():
    (q,) = project().mapping.qualifications
    best = {u.unit: (u.matches[0].joint_unit, u.matches[0].relation) if u.matches else None for u in q.units}
    assert best == {"nat-same": ("u1", "exact"), "nat-most": ("u2", "close"), "nat-part": ("u3", "broad"),
                    "nat-none": None}
    (transfer,) = q.credit_transfer
    assert [u.unit for u in transfer.recognised] == ["u2", "u1"]
    assert transfer.recognised_points == 20 and transfer.remaining_points == 40
    u3 = next(u for u in transfer.to_learn if u.unit == "u3")
    assert u3.coverage == 0.2 and [uri for uri, _ in u3.missing] == [S + s for s in ("n8", "o1", "o2", "x1")]


def test_relation_rules():
    assert relation_for({"a", "b"}, {"a", "b"}, 0) == "exact"
    assert relation_for({"a", "b", "c"}, {"a", "b", "c", "d"}, 0) == "close"
    assert relation_for({"a"}, {"a", "b", "c", "d"}, 0) == "broad"
    assert relation_for({"a", "b", "c", "d"}, {"a"}, 0) == "narrow"
    assert relation_for({"a", "b", "c"}, {"c", "d", "e"}, 0) == "related"
    assert relation_for({"a"}, {"b"}, 0.9) is None


def test_demo_mapping_is_what_a_designer_expects():
    (q,) = check(REPO).mapping.qualifications
    best = {u.unit: (u.matches[0].joint_unit, u.matches[0].relation) if u.matches else None for u in q.units}
    assert best["nl-veilig-werken"] == ("electrical-safety", "close")
    assert best["nl-pv-installeren"] == ("pv-installation", "close")
    assert best["nl-warmtepompen"] == ("heat-pump-installation", "close")
    assert best["nl-service-onderhoud"][0] == "commissioning-maintenance"
    assert best["nl-loopbaan-burgerschap"] is None


def test_teaching_order_and_semesters():
    p = project().paths
    (prog,) = p.programmes
    assert prog.order == ["u1", "u4", "u2", "u3"]
    assert [(s.units, s.ecvet_points) for s in prog.semesters] == [(["u1", "u4"], 30), (["u2", "u3"], 30)]
    assert prog.longest_chain == ["u1", "u2", "u3"]
    assert p.diagnostics == []


def test_split_minimises_the_heaviest_semester():
    assert split([10, 25, 25], 2) == [2]  # [10, 25] [25]: 35 beats [10] [25, 25]: 50
    assert split([5, 5, 5, 5, 5, 5], 3) == [2, 4]
    assert split([30], 3) == []
    assert teaching_order(["b", "a"], {"b": ["a"]}) == ["a", "b"]
    assert teaching_order(["a", "b"], {"a": ["b"], "b": ["a"]}) is None


def test_impossible_plans_are_diagnostics_of_check(tmp_path):
    ws = tmp_path / "ws"
    shutil.copytree(FIXTURES / "analyses", ws)
    prog = ws / "curricula/programmes/prog.yaml"
    # u2 requires u1, which the programme no longer contains; u3 alone (20 points) is more than
    # 25 % above a semester's share of 15 (30 points in two semesters)
    prog.write_text(prog.read_text().replace("units: [u4, u3, u2, u1]", "units: [u3, u2]")
                    .replace("ecvet_points: 60", "ecvet_points: 30"))
    p = check(ws)
    assert [(d.file, d.line, d.column, d.code) for d in p.diagnostics if d.code.startswith("SW5")] == [
        ("curricula/programmes/prog.yaml", 5, 18, "SW503"), ("curricula/programmes/prog.yaml", 7, 13, "SW502")]
    # the error stops `skillweave path` like any error of the workspace, and is shown
    result = CliRunner().invoke(cli, ["path", str(ws)])
    assert result.exit_code == 1
    assert f"{ws}/curricula/programmes/prog.yaml:7:13: error SW502 unit 'u2' requires 'u1'" in result.stderr


def test_path_shows_an_overloaded_semester(tmp_path):
    ws = tmp_path / "ws"
    shutil.copytree(FIXTURES / "analyses", ws)
    u3 = ws / "curricula/units/u3.yaml"
    u3.write_text(u3.read_text().replace("ecvet_points: 20", "ecvet_points: 40"))
    prog = ws / "curricula/programmes/prog.yaml"
    prog.write_text(prog.read_text().replace("ecvet_points: 60", "ecvet_points: 80")
                    .replace("duration_months: 12", "duration_months: 16"))
    (programme,) = check(ws).paths.programmes
    assert [(d.line, d.column, d.code) for d in programme.diagnostics] == [(5, 18, "SW503")]
    result = CliRunner().invoke(cli, ["path", str(ws)])
    assert result.exit_code == 0
    assert "semester 3 (40 ECVET points): u3" in result.stdout
    assert f"{ws}/curricula/programmes/prog.yaml:5:18: warning SW503 semester 3 of programme 'prog' carries 40" in result.stderr


def test_a_cycle_leaves_no_teaching_order(tmp_path):
    ws = tmp_path / "ws"
    shutil.copytree(FIXTURES / "analyses", ws)
    u1 = ws / "curricula/units/u1.yaml"
    u1.write_text(u1.read_text().replace("prerequisites: []", "prerequisites: [u3]"))
    p = check(ws)
    assert [(d.file, d.line, d.column, d.code) for d in p.diagnostics] == [
        ("curricula/programmes/prog.yaml", 7, 8, "SW501"), ("curricula/units/u1.yaml", 6, 17, "SW301")]
    report = p.paths
    assert [(d.file, d.line, d.column, d.code) for d in report.diagnostics] == [
        ("curricula/programmes/prog.yaml", 7, 8, "SW501")]
    assert report.programmes[0].order is None
