"""Learner records: CSV positions, dates, blank lines and separators, and no personal data in any diagnostic."""

from __future__ import annotations

import pytest

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


# --- dates: YYYY-MM-DD only --------------------------------------------------------------------

RESULT = "l-001,safety,vet-a,2025-01-15,passed,8,"


@pytest.mark.parametrize("value, fix", [
    # date-times, also at midnight (which pydantic alone takes for the date)
    ("2025-01-15T10:00:00", "write the date without a time, as YYYY-MM-DD: 2025-01-15"),
    ("2025-01-15T00:00:00", "write the date without a time, as YYYY-MM-DD: 2025-01-15"),
    ("2025-01-15 00:00", "write the date without a time, as YYYY-MM-DD: 2025-01-15"),
    # a Unix timestamp (of 2025-01-15, which pydantic alone takes), and other numbers
    ("1736899200", "write the date as YYYY-MM-DD, such as 2026-03-01"),
    ("45672.0", "write the date as YYYY-MM-DD, such as 2026-03-01"),
    ("2025", "write the date as YYYY-MM-DD, such as 2026-03-01"),
    ("20250115", "write the date as YYYY-MM-DD, such as 2026-03-01"),
    # Excel's serial number of 2025-01-15 (days since 1899-12-30)
    ("45672", "this looks like Excel's serial number for 2025-01-15, saved from a column not formatted as a "
              "date (if that is the date, write 2025-01-15;"),
    # other ways of writing a date
    ("2025-1-15", "write the date as YYYY-MM-DD, with two digits for the month and the day: 2025-01-15"),
    ("15/01/2025", "write the date as YYYY-MM-DD, such as 2026-03-01"),
    ("01/15/2025", "write the date as YYYY-MM-DD, such as 2026-03-01"),
    ("15.01.2025", "write the date as YYYY-MM-DD, such as 2026-03-01"),
    ("2025-02-30", "there is no such day; write a date of the calendar as YYYY-MM-DD"),
    ("2025-13-15", "there is no such day; write a date of the calendar as YYYY-MM-DD"),
])
def test_a_date_that_is_not_written_yyyy_mm_dd_is_reported_at_the_cell(base_workspace, value, fix):
    results = base_workspace / "learners/results.csv"
    results.write_text(results.read_text().replace(RESULT, RESULT.replace("2025-01-15", value)))
    diagnostics = check(base_workspace).diagnostics
    assert [(d.file, d.line, d.column, d.code) for d in diagnostics] == [("learners/results.csv", 2, 20, "SW102")]
    assert diagnostics[0].message.startswith(f"date {value!r}: ")
    assert fix in diagnostics[0].message


def test_the_dates_of_every_record_file_are_checked(base_workspace):
    learners = base_workspace / "learners/learners.csv"
    learners.write_text(learners.read_text().replace(",2024-09-01,2025-08-31,,", ",2024-09-01,2025-08-31T00:00:00,,"))
    mobilities = base_workspace / "learners/mobilities.csv"
    mobilities.write_text(mobilities.read_text().replace("2025-02-01,2025-03-15,mounting,2025-03-20",
                                                         "45689,2025-3-15,mounting,1742428800"))
    diagnostics = check(base_workspace).diagnostics
    assert [(d.file, d.line, d.column, d.code) for d in diagnostics] == [
        ("learners/learners.csv", 3, 55, "SW102"),  # completed_on
        ("learners/mobilities.csv", 2, 25, "SW102"),  # start
        ("learners/mobilities.csv", 2, 31, "SW102"),  # end
        ("learners/mobilities.csv", 2, 50, "SW102"),  # recognised_on
    ]
    assert [d.message for d in diagnostics] == [
        "completed_on '2025-08-31T00:00:00': write the date without a time, as YYYY-MM-DD: 2025-08-31",
        "start '45689': write the date as YYYY-MM-DD; this looks like Excel's serial number for 2025-02-01, saved "
        "from a column not formatted as a date (if that is the date, write 2025-02-01; in Excel format the column "
        "as text or as yyyy-mm-dd before saving)",
        "end '2025-3-15': write the date as YYYY-MM-DD, with two digits for the month and the day: 2025-03-15",
        "recognised_on '1742428800': write the date as YYYY-MM-DD, such as 2026-03-01",
    ]


@pytest.mark.parametrize("value, fix", [
    ("38808", "date_of_birth: write the date as YYYY-MM-DD; this looks like an Excel serial number, saved from "
              "a column not formatted as a date (in Excel format the column as text or as yyyy-mm-dd before saving)"),
    ("2006-04-01T00:00:00", "date_of_birth: write the date without a time, as YYYY-MM-DD"),
    ("2006-4-1", "date_of_birth: write the date as YYYY-MM-DD, with two digits for the month and the day"),
    ("01/04/2006", "date_of_birth: write the date as YYYY-MM-DD, such as 2026-03-01"),
])
def test_a_bad_date_of_birth_is_reported_without_the_date(base_workspace, value, fix):
    learners = base_workspace / "learners/learners.csv"
    learners.write_text(learners.read_text().replace("l-001,Ada,Example,2006-04-01,", f"l-001,Ada,Example,{value},"))
    diagnostics = check(base_workspace).diagnostics
    assert [(d.file, d.line, d.column, d.code, d.message) for d in diagnostics] == [
        ("learners/learners.csv", 2, 19, "SW102", fix)]  # and nothing about the results of l-001
    assert value not in diagnostics[0].message and "2006" not in diagnostics[0].message


# --- blank lines and other separators ----------------------------------------------------------

@pytest.mark.parametrize("blank", ["   ", "\t", " \t ", "\t\t", "  \r"])
def test_a_line_of_spaces_or_tabs_is_skipped_like_an_empty_line(base_workspace, blank):
    learners = base_workspace / "learners/learners.csv"
    lines = learners.read_text().splitlines(keepends=True)
    learners.write_text(lines[0] + blank + "\n" + lines[1] + blank + "\n" + lines[2] + blank)
    results = base_workspace / "learners/results.csv"
    results.write_text(blank + "\n" + results.read_text() + blank + "\n")
    project = check(base_workspace)
    assert project.diagnostics == []
    assert sorted(project.curriculum.records.learners) == ["l-001", "l-002"]
    assert len(project.curriculum.records.results) == 2
    # the rows after a blank line keep their lines
    assert (project.curriculum.records.learners["l-002"].line, project.curriculum.records.results[0].line) == (5, 3)


def test_a_row_after_a_line_of_spaces_is_still_checked(base_workspace):
    learners = base_workspace / "learners/learners.csv"
    lines = learners.read_text().splitlines(keepends=True)
    learners.write_text(lines[0] + lines[1] + "  \t\n" + lines[2].replace(",m,yes,", ",male,yes,"))
    assert _diagnostics(base_workspace) == [("learners/learners.csv", 4, 67, "SW102")]


@pytest.mark.parametrize("separator, named", [(";", "';'"), ("\t", "tabs")])
@pytest.mark.parametrize("quoted", [False, True])
def test_a_file_with_other_separators_is_one_diagnostic_without_a_cascade(base_workspace, separator, named,
                                                                           quoted):
    """Excel where the decimal separator is a comma saves CSV with ';' between the fields: one
    diagnostic that says so, and no unknown learner for each result and mobility."""
    learners = base_workspace / "learners/learners.csv"
    lines = learners.read_text().splitlines()
    if quoted:
        lines = [separator.join(f'"{cell}"' for cell in line.split(",")) for line in lines]
    else:
        lines = [line.replace(",", separator) for line in lines]
    learners.write_text("\n".join(lines) + "\n")
    diagnostics = check(base_workspace).diagnostics
    assert [(d.file, d.line, d.column, d.code) for d in diagnostics] == [("learners/learners.csv", 1, 1, "SW602")]
    assert diagnostics[0].message.startswith(
        f"the file seems to use {named} as separator, not commas; save it as comma-separated CSV (")
    assert diagnostics[0].message.endswith(
        "with the header learner_id,given_names,family_name,date_of_birth,home_partner,programme,enrolled_on,"
        "completed_on,left_on,gender,disadvantaged,email")
    assert "Ada" not in diagnostics[0].message


def test_results_with_semicolons_are_one_diagnostic(base_workspace):
    results = base_workspace / "learners/results.csv"
    results.write_text(results.read_text().replace(",", ";"))
    assert _diagnostics(base_workspace) == [("learners/results.csv", 1, 1, "SW602")]


def test_semicolons_in_a_file_without_header_are_not_taken_for_columns(base_workspace):
    """Data alone does not make a header: a file without one is reported as before."""
    learners = base_workspace / "learners/learners.csv"
    learners.write_text("".join(learners.read_text().splitlines(keepends=True)[1:]).replace(",", ";"))
    diagnostics = check(base_workspace).diagnostics
    assert [(d.file, d.line, d.column, d.code) for d in diagnostics] == [("learners/learners.csv", 1, 1, "SW602")]
    assert diagnostics[0].message.startswith("the first row is not a header (it names none of the columns)")


def test_a_header_without_a_required_column_reports_no_unknown_learners(base_workspace):
    learners = base_workspace / "learners/learners.csv"
    learners.write_text(learners.read_text().replace("learner_id,", "learner,", 1))
    assert _diagnostics(base_workspace) == [("learners/learners.csv", 1, 1, "SW602"),
                                            ("learners/learners.csv", 1, 1, "SW603")]


def test_the_demo_saved_by_a_european_excel_is_one_diagnostic_per_file(demo_workspace):
    """The demo's learners.csv and tracking.csv with ';' between the fields (hundreds of rows that
    results, mobilities and tracking refer to): one SW602 each, nothing else."""
    for rel in ("learners/learners.csv", "quality/tracking.csv"):
        path = demo_workspace / rel
        path.write_text(path.read_text(encoding="utf-8").replace(",", ";"), encoding="utf-8")
    diagnostics = check(demo_workspace).diagnostics
    assert [(d.file, d.line, d.column, d.code) for d in diagnostics] == [
        ("learners/learners.csv", 1, 1, "SW602"), ("quality/tracking.csv", 1, 1, "SW602")]
    assert all("seems to use ';' as separator" in d.message for d in diagnostics)
