"""The Moodle competency framework (export moodle-csv), read back the way Moodle's importer
(tool_lpimportcsv's framework_importer) reads it: columns by position, one framework, a tree of
competencies built from "Parent ID number"."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from markupsafe import escape

from skillweave.cli.main import cli
from skillweave.emitters import Options, emit
from skillweave.emitters.moodle import _id_number, _shorten, points_rule
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


# --- Moodle's import path, modelled on its source (admin/tool/lpimportcsv/classes/framework_importer.php,
# competency/classes/competency_rule_points.php, competency/classes/competency.php, lib/weblib.php
# purify_html, filter/multilang/classes/text_filter.php) -------------------------------------------

RULES = {"core_competency\\competency_rule_all", "core_competency\\competency_rule_points"}
# clean_param(PARAM_TEXT) keeps a span only if it is exactly this (moodlelib.php), and so does
# purify_html's multilang exception for descriptions (weblib.php)
MULTILANG_TAG = re.compile(r'<span(\s+lang="([a-zA-Z0-9_-]+)"|\s+class="multilang"){2}\s*>')
# filter_multilang's "new syntax": runs of two spans or more
LANG_BLOCK = re.compile(r'(<span(\s+lang="[a-zA-Z0-9_-]+"|\s+class="multilang"){2}\s*>.*?</span>)'
                        r'(\s*<span(\s+lang="[a-zA-Z0-9_-]+"|\s+class="multilang"){2}\s*>.*?</span>)+', re.I | re.S)
LANG_SPLIT = re.compile(r'<(?:lang|span)[^>]+lang="([a-zA-Z0-9_-]+)"[^>]*>(.*?)</(?:lang|span)>', re.I | re.S)


def multilang_filter(text: str, lang: str) -> str:
    """What filter_multilang shows a user whose language is ``lang`` (no parent languages here)."""
    def pick(block: re.Match) -> str:
        texts = {code.lower().replace("-", "_"): body for code, body in LANG_SPLIT.findall(block.group(0))}
        return texts.get(lang, next(iter(texts.values())))
    return LANG_BLOCK.sub(pick, text)


def purified_tags(text: str) -> str:
    """purify_html's multilang round trip: the spans it keeps are written back the same."""
    hidden = MULTILANG_TAG.sub(lambda m: f'<span xxxlang="{m.group(2)}">', text)
    return re.sub(r'<span xxxlang="([a-zA-Z0-9_-]+)">', r'<span lang="\1" class="multilang">', hidden)


def php_true(value: str) -> bool:
    return value not in ("", "0")


def import_like_moodle(text: str) -> dict:
    """framework_importer: columns by position, one framework, the tree by parent ID number,
    competencies created depth first (new ids), the rules migrated through the exported ids and
    validated as the rule classes do. Fails an assertion where Moodle would refuse or throw."""
    header, *body = list(csv.reader(io.StringIO(text)))
    framework, flat = None, {}
    for row in body:
        cell = dict(zip(COLUMNS, row + [""] * (len(COLUMNS) - len(row))))
        if php_true(cell["Is framework"]):
            framework = {**cell, "children": []}
        else:
            assert len(cell["ID number"]) <= 100 and len(cell["Short name"]) <= 100  # shorten_text
            flat[cell["ID number"]] = {**cell, "children": []}
    assert framework is not None, "invalidimportfile"

    def add_children(node, parent):
        for comp in flat.values():
            if comp["Parent ID number"] == parent:
                node["children"].append(comp)
                add_children(comp, comp["ID number"])

    add_children(framework, "")
    mappings, created = {}, {}

    def create(record, parent_id):
        assert record["ID number"] and record["Short name"]
        record["id"] = len(created) + 1
        record["parentid"] = parent_id
        created[record["id"]] = record
        if record["Exported ID (optional)"]:
            mappings[int(record["Exported ID (optional)"])] = record
        for child in record["children"]:
            create(child, record["id"])

    for comp in framework["children"]:
        create(comp, 0)

    def set_rules(record):
        ruletype = record["Rule type (optional)"]
        if ruletype:
            assert ruletype in RULES
            assert record["Rule outcome (optional)"] in ("0", "1", "2", "3")
            config = None if record["Rule config (optional)"] == "null" else record["Rule config (optional)"]
            if ruletype.endswith("points"):
                config = json.loads(config)
                for comp in config["competencies"]:  # migrate_config: unknown ids throw
                    assert comp["id"] in mappings, f"{comp['id']} is not an exported ID"
                    comp["id"] = mappings[comp["id"]]["id"]
                # validate_config
                required = config["base"]["points"]
                assert isinstance(required, int) and required >= 1
                ids = [comp["id"] for comp in config["competencies"]]
                assert ids and len(ids) == len(set(ids)) and record["id"] not in ids
                assert all(isinstance(comp["points"], int) and comp["points"] >= 0 for comp in config["competencies"])
                assert all(comp["required"] in (0, 1, True, False) for comp in config["competencies"])
                assert required <= sum(comp["points"] for comp in config["competencies"])
                assert all(created[i]["parentid"] == record["id"] for i in ids)  # is_parent_of
            else:
                assert config is None
            record["rule"] = (ruletype, config)
        for child in record["children"]:
            set_rules(child)

    for comp in framework["children"]:
        set_rules(comp)
    # the framework's scale configuration, as competency_framework::validate_scaleconfiguration
    values = framework["Scale values"].split(",")
    config = json.loads(framework["Scale configuration"])
    assert "scaleid" in config[0]
    items = config[1:]
    assert {i["id"] for i in items} <= set(range(1, len(values) + 1))
    assert any(i.get("scaledefault") for i in items) and any(i.get("proficient") for i in items)
    return {"header": header, "framework": framework, "competencies": created, "scale": (values, items)}


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


def test_descriptions_are_html_with_esco_links_and_facts_in_each_language():
    project = check(REPO)
    _, rows = read(framework_csv(REPO))
    by_id = {r["ID number"]: r for r in rows}
    unit = project.curriculum.units["pv-installation"]
    row = by_id["solar-heat-installer/pv-installation"]
    assert row["Short name"] == "Installing photovoltaic systems"  # one language: Moodle stores 100 characters
    assert row["Description format"] == "1"
    for lang, facts in (("en", "ECVET points: 12; EQF level: 4; Hours at school: 110; Hours at the workplace: 215"),
                        ("nl", "ECVET-punten: 12; EQF-niveau: 4; Uren op school: 110; Uren in de praktijk: 215"),
                        ("de", "ECVET-Punkte: 12; EQR-Niveau: 4; Stunden in der Schule: 110; Stunden im Betrieb: 215")):
        shown = multilang_filter(row["Description"], lang)
        assert shown.startswith(f"<p><strong>{unit.title.get(lang)}</strong></p><p>{unit.description.get(lang)}")
        assert f"<p>{facts}</p>" in shown
    assert (row["Rule type (optional)"], row["Rule outcome (optional)"]) == ("core_competency\\competency_rule_all",
                                                                           "2")
    lo = unit.learning_outcomes[0]
    outcome = by_id[f"solar-heat-installer/pv-installation/{lo.id}"]
    assert outcome["Short name"] == lo.statement.get("en")
    for lang, heading, word in (("en", "ESCO skills", "Assessment"), ("nl", "ESCO-vaardigheden", "Beoordeling"),
                                ("de", "ESCO-Fertigkeiten", "Prüfung")):
        shown = multilang_filter(outcome["Description"], lang)
        assert shown.startswith(f"<p>{lo.statement.get(lang)}</p><p>{heading}: ")
        for uri in project.resolved.outcome_skills[lo.id]:
            assert f'<a href="{uri}">{project.vocabulary.label(uri, lang)}</a>' in shown
        assert f"<p>{word}: {lo.assessment.get(lang)}</p>" in shown
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


def test_moodles_importer_reads_the_tree_rules_and_scale():
    project = check(REPO)
    cur = project.curriculum
    imported = import_like_moodle(framework_csv(REPO))
    # the header is Moodle's own list_required_headers(), in English
    assert imported["header"] == COLUMNS
    assert [c["ID number"] for c in imported["framework"]["children"]] == sorted(cur.programmes)
    values, items = imported["scale"]
    assert [values[i["id"] - 1] for i in items if i["proficient"]] == ["Competent"]
    for prog_row in imported["framework"]["children"]:
        prog = cur.programmes[prog_row["ID number"]]
        ruletype, config = prog_row["rule"]
        assert ruletype == "core_competency\\competency_rule_points" and prog_row["Rule outcome (optional)"] == "3"
        # the ECVET points: the programme's as required, each unit's (found through the new ids)
        assert config["base"]["points"] == prog.ecvet_points
        units = {imported["competencies"][c["id"]]["ID number"]: c["points"] for c in config["competencies"]}
        assert units == {f"{prog.id}/{u}": cur.units[u].ecvet_points for u in prog.units}
        for unit_row in prog_row["children"]:
            assert unit_row["rule"] == ("core_competency\\competency_rule_all", None)
            assert unit_row["Rule outcome (optional)"] == "2"


def test_every_language_reaches_its_users_through_the_filter():
    project = check(REPO)
    cur = project.curriculum
    text = framework_csv(REPO)
    imported = import_like_moodle(text)
    languages = cur.alliance.languages
    assert languages == ["en", "nl", "de"]
    for comp in imported["competencies"].values():
        assert purified_tags(comp["Description"]) == comp["Description"]  # the spans survive cleaning
        parts = comp["ID number"].split("/")
        if len(parts) == 3:
            lo = next(lo for lo in cur.units[parts[1]].learning_outcomes if lo.id == parts[2])
            own = lo.statement
        elif len(parts) == 2:
            own = cur.units[parts[1]].title
        else:
            own = cur.programmes[parts[0]].title
        for lang in languages:
            shown = multilang_filter(comp["Description"], lang)
            assert str(escape(own.get(lang))) in shown and "multilang" not in shown
            others = [str(escape(own.root[other])) for other in languages
                      if other != lang and own.root[other] != own.root[lang]]
            assert not any(other in shown for other in others)


def test_a_text_missing_a_language_falls_back_to_the_default_one(demo_workspace):
    ws = demo_workspace
    unit_file = ws / "curricula" / "units" / "pv-design.yaml"
    data = yaml.safe_load(unit_file.read_text(encoding="utf-8"))
    del data["title"]["de"]
    unit_file.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    _, rows = read(framework_csv(ws))
    row = next(r for r in rows if r["ID number"] == "solar-heat-installer/pv-design")
    assert '<span lang="de" class="multilang">' not in row["Description"].split("</strong>")[0]
    assert multilang_filter(row["Description"], "de").startswith(f"<p><strong>{data['title']['en']}</strong></p>")


def test_one_language_with_lang(tmp_path):
    project = check(REPO)
    project.analyse()
    text = emit(project, "moodle-csv", Options(lang="nl"))
    assert "multilang" not in text
    imported = import_like_moodle(text)
    prog = project.curriculum.programmes["solar-heat-installer"]
    row = imported["framework"]["children"][0]
    assert row["Short name"] == prog.title.get("nl")
    assert row["Description"].startswith(f"<p><strong>{prog.title.get('nl')}</strong></p>")
    assert "<p>EQF-niveau: 4; ECVET-punten: 90</p><p>Duur: 18 maanden</p>" in row["Description"]
    out = tmp_path / "nl.csv"
    result = CliRunner().invoke(cli, ["export", "moodle-csv", str(REPO), "--lang", "nl", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8") == text


@pytest.mark.parametrize("args, message", [
    (["moodle-csv", "--lang", "fr"], "skillweave: error: --lang fr: not a language of the alliance (en, nl, de)\n"),
    (["loq-xml", "--lang", "nl"], "skillweave: error: --lang applies to moodle-csv, handbook-pdf only\n"),
])
def test_lang_errors_are_one_line_with_exit_2(tmp_path, args, message):
    result = CliRunner().invoke(cli, ["export", args[0], str(REPO), *args[1:], "-o", str(tmp_path / "out")])
    assert result.exit_code == 2 and result.output == message and not (tmp_path / "out").exists()


@pytest.mark.parametrize("points, units, expected", [
    (30, [("2", 10), ("5", 20)], (1, '{"base":{"points":30},"competencies":[{"id":2,"points":10,"required":0},'
                                    '{"id":5,"points":20,"required":0}]}')),
    (7.5, [("2", 2.5), ("5", 5)], (10, '{"base":{"points":75},"competencies":[{"id":2,"points":25,"required":0},'
                                      '{"id":5,"points":50,"required":0}]}')),
    (40, [("2", 10), ("5", 20)], (1, '{"base":{"points":30},"competencies":[{"id":2,"points":10,"required":0},'
                                    '{"id":5,"points":20,"required":0}]}')),
    (0, [("2", 0)], None),
    (10, [], None),
    (1 / 3, [("2", 1 / 3)], None),
])
def test_points_rule(points, units, expected):
    assert points_rule(points, units) == expected


def test_fractional_points_are_counted_in_tenths(tmp_path):
    ws = copy_workspace(FIXTURES / "analyses", tmp_path / "ws")
    for name, points in (("programmes/prog.yaml", None), ("units/u1.yaml", 9.5), ("units/u2.yaml", 10.5)):
        path = ws / "curricula" / name
        data = yaml.safe_load(path.read_text())
        if points is not None:
            data["ecvet_points"] = points
        path.write_text(yaml.safe_dump(data))
    text = framework_csv(ws)
    imported = import_like_moodle(text)
    prog_row = imported["framework"]["children"][0]
    ruletype, config = prog_row["rule"]
    assert ruletype.endswith("points") and config["base"]["points"] == 600
    assert sorted(c["points"] for c in config["competencies"]) == [95, 105, 200, 200]
    assert "ECVET points counted in 1/10 points" in prog_row["Description"]
