"""Learner records: CSV positions, and no personal data in any diagnostic."""

from __future__ import annotations

from skillweave.load.csvsource import parse
from skillweave.pipeline import check


def test_csv_fields_keep_their_positions():
    rows, problems = parse('a,b,c\r\n1,"x,y",3\n\n""\n4,"multi\nline","q"""\n')
    assert problems == []
    assert [(r.line, [(f.value, f.line, f.column) for f in r.fields]) for r in rows] == [
        (1, [("a", 1, 1), ("b", 1, 3), ("c", 1, 5)]),
        (2, [("1", 2, 1), ("x,y", 2, 3), ("3", 2, 9)]),
        (4, [("", 4, 1)]),
        (5, [("4", 5, 1), ("multi\nline", 5, 3), ('q"', 6, 7)]),
    ]
    _, problems = parse('a,"open\n')
    assert [(p.line, p.column) for p in problems] == [(1, 3)]


def test_no_personal_data_in_diagnostics(base_workspace):
    learners = base_workspace / "learners/learners.csv"
    learners.write_text(learners.read_text()
                        .replace("2006-04-01", "2006-14-01")       # a bad date of birth
                        .replace("ada@example.org", "")
                        .replace(",f,no,", ",female,maybe,"))      # bad gender and disadvantaged
    diagnostics = check(base_workspace).diagnostics
    assert sorted((d.line, d.code) for d in diagnostics) == [(2, "SW102"), (2, "SW102"), (2, "SW102")]
    text = " ".join(d.message for d in diagnostics)
    for personal in ("2006-14-01", "Ada", "Example", "female", "maybe"):
        assert personal not in text
    assert "date_of_birth" in text and "gender" in text and "disadvantaged" in text


def test_control_characters_in_names_are_diagnostics_not_crashes(base_workspace):
    learners = base_workspace / "learners/learners.csv"
    learners.write_text(learners.read_text().replace("l-001,Ada,", "l-001,A\x07da,"))
    diagnostics = check(base_workspace).diagnostics
    assert [(d.file, d.line, d.column, d.code) for d in diagnostics] == [("learners/learners.csv", 2, 7, "SW102")]
    assert "given_names: remove the control characters" in diagnostics[0].message
    assert "\x07" not in diagnostics[0].message


# --- grades on the assessing partner's scheme --------------------------------------------------

def _diagnostics(ws):
    return [(d.file, d.line, d.column, d.code) for d in check(ws).diagnostics]


def _append(path, rows: str) -> None:
    path.write_text(path.read_text() + rows)


def _add_german_provider(ws) -> None:
    """A VET provider ``vet-d`` in Germany that grades 1-6 (lower is better, pass mark 4)."""
    alliance = ws / "curricula/alliance.yaml"
    alliance.write_text(alliance.read_text().replace("grading_schemes:\n", (
        "  - id: vet-d\n    name: {en: VET D, nl: BBS D}\n    type: vet-provider\n    country: DE\n"
        "    grading: de-1-6\n"
        "grading_schemes:\n"
        "  de-1-6:\n    title: {en: German grading scale 1-6, nl: Duitse cijferschaal 1-6}\n"
        "    scale: {lowest: 6, highest: 1, pass: 4, decimals: 1}\n")))


def test_grades_off_the_scale_are_reported_at_the_cell(base_workspace):
    _add_german_provider(base_workspace)
    _append(base_workspace / "learners/results.csv",
            "l-001,safety,vet-a,2025-01-16,passed,10.5,\n"        # above the Dutch scale
            'l-001,safety,vet-a,2025-01-17,passed,"7,5",\n'       # decimal comma
            "l-001,safety,vet-a,2025-01-18,passed,7.25,\n"        # two decimals, the scale has one
            "l-001,safety,vet-a,2025-01-19,passed,seven,\n"       # not a number
            "l-001,safety,vet-a,2025-01-20,passed,7.5,\n"         # fine
            "l-001,wiring,vet-d,2025-02-01,passed,0.5,\n"         # outside 6 (lowest) .. 1 (highest)
            "l-001,wiring,vet-d,2025-02-02,passed,1.0,\n"         # fine: the best German grade
            "l-002,mounting,emp-b,2025-03-02,passed,Good,mounting-1\n"   # labels keep their case
            "l-002,mounting,emp-b,2025-03-03,passed,fine,mounting-1\n")  # not a label
    diagnostics = check(base_workspace).diagnostics
    assert [(d.file, d.line, d.column, d.code) for d in diagnostics] == [
        ("learners/results.csv", line, column, "SW612")
        for line, column in ((4, 38), (5, 38), (6, 38), (7, 38), (9, 38), (11, 40), (12, 40))]
    messages = [d.message for d in diagnostics]
    assert "is outside the scale" in messages[0] and "'nl-1-10' of 'vet-a' (1-10)" in messages[0]
    assert "decimal comma; write a decimal point" in messages[1]
    assert "more decimals than the scale's 1" in messages[2]
    assert "(the label is written 'good')" in messages[5]
    for grade in ("10.5", "7,5", "7.25", "seven", "0.5", "Good", "fine"):  # grades are personal data
        assert not [m for m in messages if grade in m.replace("'nl-1-10'", "").replace("(1-10)", "")
                    .replace("(1-6)", "").replace("'good'", "")]


def test_pass_and_fail_contradictions_both_ways(base_workspace):
    _add_german_provider(base_workspace)
    _append(base_workspace / "learners/results.csv",
            "l-001,safety,vet-a,2025-01-16,passed,5.4,\n"         # failing grade, passed result
            "l-001,safety,vet-a,2025-01-17,failed,5.5,\n"         # the pass mark passes: contradiction
            "l-001,safety,vet-a,2025-01-18,failed,5,\n"           # consistent
            "l-001,wiring,vet-d,2025-02-01,passed,4,\n"           # 4 passes in Germany
            "l-001,wiring,vet-d,2025-02-02,passed,4.3,\n"         # below the pass mark (lower is better)
            "l-001,wiring,vet-d,2025-02-03,failed,2,\n"           # a good German grade on a failed result
            "l-002,mounting,emp-b,2025-03-02,failed,sufficient,mounting-1\n"
            "l-002,mounting,emp-b,2025-03-03,passed,insufficient,mounting-1\n"
            "l-002,mounting,emp-b,2025-03-04,failed,insufficient,mounting-1\n")
    diagnostics = check(base_workspace).diagnostics
    assert [(d.line, d.column, d.code) for d in diagnostics] == [
        (4, 38, "SW613"), (5, 38, "SW613"), (8, 38, "SW613"), (9, 38, "SW613"), (10, 40, "SW613"), (11, 40, "SW613")]
    assert [d.message.split(" (")[0] for d in diagnostics] == [
        "a failing grade on a passed result", "a passing grade on a failed result",
        "a failing grade on a passed result", "a passing grade on a failed result",
        "a passing grade on a failed result", "a failing grade on a passed result"]
    assert "the pass mark of 'de-1-6' is 4" in diagnostics[2].message
    assert "the pass mark of 'levels' is sufficient" in diagnostics[4].message


def test_an_unknown_scheme_is_reported_where_the_partner_names_it(base_workspace):
    alliance = base_workspace / "curricula/alliance.yaml"
    alliance.write_text(alliance.read_text().replace("grading: nl-1-10", "grading: nl-1-100"))
    _append(base_workspace / "learners/results.csv", "l-001,safety,vet-a,2025-01-16,passed,42,\n")
    diagnostics = check(base_workspace).diagnostics
    # the partner's grades are not read on a scheme that does not exist: one diagnostic, not one per grade
    assert [(d.file, d.line, d.column, d.code) for d in diagnostics] == [("curricula/alliance.yaml", 11, 14, "SW609")]
    assert diagnostics[0].message == ("partner 'vet-a' grades on 'nl-1-100', which is not a grading scheme; did you "
                                      "mean 'nl-1-10'?")


def test_schemes_without_pass_mark_and_grades_without_scheme(base_workspace):
    alliance = base_workspace / "curricula/alliance.yaml"
    alliance.write_text(alliance.read_text()
                        .replace("pass: 5.5, ", "")
                        .replace("{label: insufficient, pass: false}", "insufficient"))
    _append(base_workspace / "learners/results.csv", "l-001,wiring,body-c,2025-02-01,passed,7,\n")
    assert _diagnostics(base_workspace) == [
        ("curricula/alliance.yaml", 24, 5, "SW610"),   # scale: without pass
        ("curricula/alliance.yaml", 27, 5, "SW610"),   # labels: none fails
        ("learners/results.csv", 4, 39, "SW614"),      # body-c has no grading
    ]


# --- learner and mobility ids as student information systems write them -----------------------

def test_sis_ids_are_accepted_and_bad_ones_reported_at_the_cell(base_workspace):
    learners = base_workspace / "learners/learners.csv"
    row = ",Cy,Example,2006-05-01,vet-a,installer,2024-09-01,,,x,no,\n"
    _append(learners, "".join(f"{lid}{row}" for lid in (
        "L001", "2024.0137", "NL_ROC_88213",                  # fine
        "-L1", "L 1", "L/1", "Lé1", "L" * 65,                 # SW105
        "l001", "2024.0137")))                                # SW107: differs only in case; used twice
    diagnostics = check(base_workspace).diagnostics
    assert [(d.line, d.column, d.code) for d in diagnostics] == [
        (7, 1, "SW105"), (8, 1, "SW105"), (9, 1, "SW105"), (10, 1, "SW105"), (11, 1, "SW105"),
        (12, 1, "SW107"), (13, 1, "SW107")]
    assert "e.g. L001, 2024.0137, NL_ROC_88213" in diagnostics[0].message
    assert diagnostics[5].message.startswith("learner id 'l001' differs only in case from 'L001' on line 4")
    assert diagnostics[6].message.startswith("learner id '2024.0137' is already used on line 5")


def test_references_compare_ids_with_their_case(base_workspace):
    _append(base_workspace / "learners/learners.csv", "L001,Cy,Example,2006-05-01,vet-a,installer,2024-09-01,,,x,no,\n")
    _append(base_workspace / "learners/results.csv", "l001,safety,vet-a,2025-01-16,passed,7,\n")
    _append(base_workspace / "learners/mobilities.csv",
            "M.1,L001,vet-a,emp-b,2025-02-01,2025-03-15,mounting,\n"
            "m.1,L001,vet-a,emp-b,2025-04-01,2025-04-15,mounting,\n")
    diagnostics = check(base_workspace).diagnostics
    assert [(d.file, d.line, d.column, d.code) for d in diagnostics] == [
        ("learners/mobilities.csv", 4, 1, "SW107"), ("learners/results.csv", 4, 1, "SW210")]
    assert diagnostics[1].message.endswith("did you mean 'L001'? (ids are compared with their case)")


# --- the host rule ------------------------------------------------------------------------------

def test_hosts_without_delivered_by(base_workspace):
    """Without delivered_by any VET provider and any employer may host a unit, whether or not it
    co-designed it; other partner types may not."""
    _add_german_provider(base_workspace)
    _append(base_workspace / "learners/mobilities.csv",
            "m-002,l-001,vet-a,vet-d,2025-02-01,2025-02-20,wiring,\n"     # VET provider, not a designer of wiring
            "m-003,l-001,vet-a,emp-b,2025-03-01,2025-03-20,safety,\n"     # employer, not a designer of safety
            "m-004,l-001,vet-a,body-c,2025-04-01,2025-04-20,safety,\n")   # a sectoral body
    diagnostics = check(base_workspace).diagnostics
    assert [(d.file, d.line, d.column, d.code) for d in diagnostics] == [("learners/mobilities.csv", 5, 48, "SW606")]
    assert "host 'body-c' is a sectoral-body; a mobility goes to a VET provider or an employer" in diagnostics[0].message


def test_hosts_with_delivered_by(base_workspace):
    _add_german_provider(base_workspace)
    unit = base_workspace / "curricula/units/wiring.yaml"
    unit.write_text(unit.read_text().replace("owner: emp-b\n", "owner: emp-b\ndelivered_by: [vet-a, emp-b, vet-x]\n"))
    _append(base_workspace / "learners/mobilities.csv",
            "m-002,l-001,vet-a,vet-d,2025-02-01,2025-02-20,wiring,\n"     # not among delivered_by
            "m-003,l-001,vet-a,emp-b,2025-03-01,2025-03-20,wiring,\n")    # among delivered_by
    diagnostics = check(base_workspace).diagnostics
    assert [(d.file, d.line, d.column, d.code) for d in diagnostics] == [
        ("curricula/units/wiring.yaml", 6, 30, "SW201"), ("learners/mobilities.csv", 3, 47, "SW606")]
    assert ("host 'vet-d' is not among the partners that deliver unit 'wiring' (delivered_by: vet-a, emp-b, "
            "vet-x)") in diagnostics[1].message


def test_recognition_dates(base_workspace):
    mobilities = base_workspace / "learners/mobilities.csv"
    mobilities.write_text(mobilities.read_text().replace(",2025-03-20\n", ",2025-02-20\n"))  # before the result
    _append(mobilities, "m-002,l-001,vet-a,emp-b,2025-03-01,2025-03-20,safety,2025-02-28\n")  # before the start
    assert _diagnostics(base_workspace) == [
        ("learners/mobilities.csv", 2, 56, "SW604"), ("learners/mobilities.csv", 3, 54, "SW604")]


# --- compact records: positions found again only when a diagnostic needs them -----------------

def test_positions_found_again_after_quoted_and_multi_line_fields(base_workspace):
    """A row after a quoted field that spans lines, and a row with quotes itself: each diagnostic
    still names the exact line and column, found from the row's place in the text."""
    learners = base_workspace / "learners/learners.csv"
    learners.write_text(learners.read_text()
                        .replace("l-001,Ada,Example,2006-04-01,", 'l-001,"Ada, ""A""\nMaria",Example,2006-14-01,')
                        .replace(",2025-08-31,,m,", ",2025-13-31,,m,"))
    diagnostics = check(base_workspace).diagnostics
    assert [(d.file, d.line, d.column, d.code) for d in diagnostics] == [
        ("learners/learners.csv", 3, 16, "SW102"),  # date_of_birth, after the field that spans lines 2-3
        ("learners/learners.csv", 4, 55, "SW102"),  # completed_on of the next row
    ]
    assert [d.message.split(":")[0].split(" ")[0] for d in diagnostics] == ["date_of_birth", "completed_on"]


def test_records_are_compact_frozen_rows_with_shared_values(base_workspace):
    import pickle

    import pytest

    from skillweave.model import ResultRow

    records = check(base_workspace).curriculum.records
    results = [r.item for r in records.results]
    assert all(type(r) is ResultRow for r in results) and not hasattr(results[0], "__dict__")
    with pytest.raises(AttributeError):
        results[0].grade = "10"
    assert pickle.loads(pickle.dumps(results[0])) == results[0]
    same = [r.assessed_by for r in results]
    assert len({id(v) for v in same}) == len(set(same))  # one string per distinct value
    first = records.results[0]
    assert first.pos("unit") == (first.line, len(first.item.learner_id) + 2)
