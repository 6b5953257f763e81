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
