"""Approvals bound to a unit's learning content: ``skillweave approve`` and SW315; the dates of the YAML files."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import example, given
from hypothesis import strategies as st

from skillweave.approvals import entry, insert_approval
from skillweave.errors import ApprovalError
from skillweave.cli.main import cli
from skillweave.load import yamlsource
from skillweave.load.xmlsafe import NOT_IN_XML
from skillweave.pipeline import check

FP = "v1-0123456789abcdef0123"


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def diagnostics(ws: Path) -> list[str]:
    return sorted(f"{d.file}:{d.line}:{d.column}: {d.code}" for d in check(ws).diagnostics)


def approve(ws: Path, unit: str, partner: str, date: str, *extra: str):
    result = run("approve", unit, str(ws), "--partner", partner, "--date", date, *extra)
    assert result.exit_code == 0, result.output
    return result


@pytest.fixture
def bound(base_workspace: Path) -> Path:
    """The base workspace with both approvals of 'safety' given again through `approve`, bound to
    its content (lines 8 and 9 of curricula/units/safety.yaml)."""
    approve(base_workspace, "safety", "vet-a", "2026-03-01")
    approve(base_workspace, "safety", "emp-b", "2026-03-02")
    assert diagnostics(base_workspace) == []
    return base_workspace


SAFETY = "curricula/units/safety.yaml"


def test_approve_adds_one_line_and_changes_nothing_else(base_workspace: Path):
    unit = base_workspace / SAFETY
    before = unit.read_text().replace("status: approved\n", "status: approved   # since March\n")
    before = before.replace("approvals:\n", "approvals:   # co-design\n").replace(
        "learning_outcomes:\n", "\n# what the learner can do\nlearning_outcomes:\n")
    unit.write_bytes(before.encode())
    result = approve(base_workspace, "safety", "body-c", "2026-04-01", "--note", "checked: roof work")
    after = unit.read_text()
    line = '  - {partner: body-c, date: 2026-04-01, note: "checked: roof work", fingerprint: v1-'
    added = [x for x in after.splitlines(keepends=True) if x not in before.splitlines(keepends=True)]
    assert len(added) == 1 and added[0].startswith(line) and added[0].endswith("}\n")
    assert after.replace(added[0], "", 1) == before
    assert after.index(added[0]) == before.index("{partner: emp-b, date: 2026-03-02}\n") + len(
        "{partner: emp-b, date: 2026-03-02}\n")
    assert "recorded the approval of body-c" in result.output
    assert diagnostics(base_workspace) == []


def test_reformatting_and_comments_keep_the_approval_valid(bound: Path):
    unit = bound / SAFETY
    lines = unit.read_text().splitlines(keepends=True)
    approvals = "".join(lines[6:9])
    # the same content, written very differently: block style, folded text, keys reordered,
    # comments, a label replaced by its URI and the other way round, 10 written as 10.0
    unit.write_text(f"""# Safety first
title:
  nl: Veiligheid   # Dutch
  en: Safety
id: safety
ecvet_points: 10.0
eqf_level: 3
owner: vet-a
status: approved
{approvals}learning_outcomes:
  - id: safety-2
    type: skill
    esco:
      - electrical safety
    statement:
      nl: "Schakelt een groep vrij."
      en: >-
        Isolates   a
        circuit.
  - type: knowledge
    id: safety-1
    statement: {{en: Explains safety rules., nl: Legt veiligheidsregels uit.}}
    esco: [http://data.europa.eu/esco/skill/safety]
""")
    assert diagnostics(bound) == []


@pytest.mark.parametrize("old, new, extra", [
    ("Isolates a circuit.", "Isolates a circuit quickly.", []),  # a statement
    ("Schakelt een groep vrij.", "Schakelt een stroomkring vrij.", []),  # in another language
    ("ecvet_points: 10", "ecvet_points: 12", ["curricula/programmes/installer.yaml:6:15: SW304"]),
    ("esco: [electrical safety]", "esco: [electrical safety, http://data.europa.eu/esco/skill/wire]", []),
    ("    esco: [electrical safety]\n", "", ["curricula/units/safety.yaml:11:9: SW311"]),  # a link removed
    ("type: knowledge", "type: competence", []),
    ("eqf_level: 3", "eqf_level: 2", []),
])
def test_a_change_of_content_outdates_the_approvals(bound: Path, old: str, new: str, extra: list[str]):
    unit = bound / SAFETY
    text = unit.read_text()
    assert old in text
    unit.write_text(text.replace(old, new))
    assert diagnostics(bound) == sorted([
        "curricula/units/safety.yaml:6:9: SW308",  # the quorum is gone with them
        "curricula/units/safety.yaml:8:5: SW315",
        "curricula/units/safety.yaml:9:5: SW315",
    ] + extra)
    messages = [d.message for d in check(bound).diagnostics if d.code in ("SW315", "SW308")]
    assert "2 approvals of earlier content no longer count" in messages[0]
    assert "skillweave approve safety --partner vet-a" in messages[1]


def test_organisational_fields_are_not_content(bound: Path):
    unit = bound / SAFETY
    unit.write_text(unit.read_text().replace("owner: vet-a", "owner: emp-b\ncontributors: [body-c]"))
    assert diagnostics(bound) == []


def test_an_outdated_approval_is_given_again(bound: Path):
    unit = bound / SAFETY
    unit.write_text(unit.read_text().replace("Isolates a circuit.", "Isolates a circuit quickly."))
    approve(bound, "safety", "vet-a", "2026-05-01")
    # emp-b's approval is still of the earlier content: no employer in the quorum
    assert diagnostics(bound) == ["curricula/units/safety.yaml:6:9: SW308", "curricula/units/safety.yaml:9:5: SW315"]
    lines = unit.read_text().splitlines()
    assert lines[7].startswith("  - {partner: vet-a, date: 2026-05-01, fingerprint: v1-")


def test_hand_written_approvals_count_as_before(base_workspace: Path):
    unit = base_workspace / SAFETY
    unit.write_text(unit.read_text().replace("Isolates a circuit.", "Isolates a circuit quickly."))
    assert diagnostics(base_workspace) == []


def test_binding_a_hand_written_approval_keeps_its_note(base_workspace: Path):
    unit = base_workspace / SAFETY
    unit.write_text(unit.read_text().replace(
        "  - {partner: emp-b, date: 2026-03-02}\n",
        "  - partner: emp-b\n    date: 2026-03-02\n    note:\n      en: fine\n      nl: prima\n"))
    result = approve(base_workspace, "safety", "emp-b", "2026-03-02")
    assert "replaced the earlier approval by emp-b" in result.output
    lines = unit.read_text().splitlines()
    assert lines[8].startswith("  - {partner: emp-b, date: 2026-03-02, note: {en: fine, nl: prima}, fingerprint: v1-")
    assert lines[9] == "learning_outcomes:"
    assert diagnostics(base_workspace) == []
    again = approve(base_workspace, "safety", "emp-b", "2026-03-02")
    assert "nothing to change" in again.output


def test_today_is_the_default_date(base_workspace: Path):
    run("approve", "mounting", str(base_workspace), "--partner", "vet-a")
    assert f"{{partner: vet-a, date: {dt.date.today().isoformat()}, fingerprint: v1-" in (
        base_workspace / "curricula/units/mounting.yaml").read_text()


@pytest.mark.parametrize("args, message", [
    (["approve", "safty", "--partner", "vet-a"], "unknown unit 'safty': there is no curricula/units/safty.yaml; "
                                                 "did you mean 'safety'?"),
    (["approve", "safety", "--partner", "vet-x"], "'vet-x' is not a partner of the alliance; did you mean 'vet-a'?"),
    (["approve", "safety", "--partner", "vet-a", "--date", "1 March"], None),
    (["approve", "safety", "--partner", "vet-a", "--note", "ok\x80"],
     "the note holds the character U+0080, which documents cannot carry; remove it"),
])
def test_refusals_exit_2_with_one_line(base_workspace: Path, args: list[str], message: str | None):
    result = CliRunner().invoke(cli, args[:2] + [str(base_workspace)] + args[2:])
    assert result.exit_code == 2
    if message:
        assert result.output == f"skillweave: error: {message}\n"


def test_a_unit_with_errors_is_not_approved(base_workspace: Path):
    unit = base_workspace / SAFETY
    unit.write_text(unit.read_text().replace("owner: vet-a", "owner: vet-q"))
    before = unit.read_bytes()
    result = run("approve", "safety", str(base_workspace), "--partner", "emp-b")
    assert result.exit_code == 2
    assert result.output == "skillweave: error: curricula/units/safety.yaml has 1 error; fix it first (skillweave check)\n"
    assert unit.read_bytes() == before


def test_a_failed_write_leaves_the_file_and_exits_2(base_workspace: Path, monkeypatch):
    import skillweave.files

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(skillweave.files, "write_atomic", refuse)
    before = (base_workspace / SAFETY).read_bytes()
    result = run("approve", "safety", str(base_workspace), "--partner", "body-c")
    assert result.exit_code == 2
    # the unit file named as check names it: from the current folder
    assert result.output == f"skillweave: error: cannot write {base_workspace / SAFETY}: Permission denied\n"
    assert (base_workspace / SAFETY).read_bytes() == before


def test_approve_inside_the_workspace_writes_the_unit_file_of_the_workspace(base_workspace: Path, monkeypatch):
    """Run in curricula/units/, approve edits the unit of the workspace found above, as it checked it."""
    monkeypatch.chdir(base_workspace / "curricula" / "units")
    result = run("approve", "safety", "--partner", "body-c", "--date", "2026-04-01")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("safety.yaml: recorded the approval of body-c (2026-04-01, v1-")
    assert "{partner: body-c, date: 2026-04-01, fingerprint: v1-" in (base_workspace / SAFETY).read_text()
    assert not (base_workspace / "curricula" / "units" / "curricula").exists()
    assert diagnostics(base_workspace) == []


# --- dates: YYYY-MM-DD only --------------------------------------------------------------------

@pytest.mark.parametrize("value, message", [
    ("2026-03-01", None),
    ("'2026-03-01'", None),
    ("2026-03-01T10:00:00", "got '2026-03-01T10:00:00'; write the date without a time, as YYYY-MM-DD: 2026-03-01"),
    ("2026-03-01 00:00:00", "got '2026-03-01 00:00:00'; write the date without a time, as YYYY-MM-DD: 2026-03-01"),
    ("2026-03-01t00:00:00Z", "got '2026-03-01t00:00:00Z'; write the date without a time, as YYYY-MM-DD: 2026-03-01"),
    ("46082", "got 46082; write the date as YYYY-MM-DD; this looks like Excel's serial number for 2026-03-01 "
              "(if that is the date, write 2026-03-01)"),
    ("1772323200", "got 1772323200; write the date as YYYY-MM-DD, such as 2026-03-01"),
    ("46082.0", "got 46082.0; write the date as YYYY-MM-DD, such as 2026-03-01"),
    ("2026-3-1", "got '2026-3-1'; write the date as YYYY-MM-DD, with two digits for the month and the day: "
                 "2026-03-01"),
    ("01/03/2026", "got '01/03/2026'; write the date as YYYY-MM-DD, such as 2026-03-01"),
    ("20260301", "got 20260301; write the date as YYYY-MM-DD, such as 2026-03-01"),
    ("2026-02-30", "got '2026-02-30'; there is no such day; write a date of the calendar as YYYY-MM-DD"),
    ("true", "got true; write the date as YYYY-MM-DD, such as 2026-03-01"),
])
def test_an_approval_date_is_written_yyyy_mm_dd(base_workspace: Path, value: str, message: str | None):
    unit = base_workspace / SAFETY
    unit.write_text(unit.read_text().replace("{partner: vet-a, date: 2026-03-01}", f"{{partner: vet-a, date: {value}}}"))
    found = [(d.file, d.line, d.column, d.code, d.message) for d in check(base_workspace).diagnostics]
    assert found == ([] if message is None else [(SAFETY, 8, 28, "SW102", f"approvals[0].date: {message}")])


def test_the_memoranda_dates_are_written_yyyy_mm_dd(base_workspace: Path):
    alliance = base_workspace / "curricula/alliance.yaml"
    alliance.write_text(alliance.read_text() + "mou:\n  valid_from: 2025-09-01T00:00:00\n  valid_until: 46996\n")
    found = [(d.file, d.line, d.column, d.code, d.message) for d in check(base_workspace).diagnostics]
    assert found == [
        ("curricula/alliance.yaml", 29, 15, "SW102", "mou.valid_from: got '2025-09-01T00:00:00'; write the date "
                                                     "without a time, as YYYY-MM-DD: 2025-09-01"),
        ("curricula/alliance.yaml", 30, 16, "SW102", "mou.valid_until: got 46996; write the date as YYYY-MM-DD; "
                                                     "this looks like Excel's serial number for 2028-08-31 (if that "
                                                     "is the date, write 2028-08-31)"),
    ]


def test_a_date_is_a_date_and_not_a_date_time():
    """What importers hand the models: a date passes, a date-time (even at midnight) does not."""
    from pydantic import ValidationError

    from skillweave.model import Approval

    assert Approval.model_validate({"partner": "vet-a", "date": dt.date(2026, 3, 1)}).date == dt.date(2026, 3, 1)
    assert Approval.model_validate({"partner": "vet-a", "date": "2026-03-01"}).date == dt.date(2026, 3, 1)
    with pytest.raises(ValidationError) as exc:
        Approval.model_validate({"partner": "vet-a", "date": dt.datetime(2026, 3, 1)})
    assert [(e["loc"], e["type"], e["ctx"]) for e in exc.value.errors()] == [
        (("date",), "date_with_time", {"date": "2026-03-01"})]


# --- the text edit itself ----------------------------------------------------------------------

ITEM = "{partner: p, date: 2026-01-02, fingerprint: " + FP + "}"


@pytest.mark.parametrize("before, after", [
    # no approvals yet: a list after status
    ("id: u\nstatus: draft  # new\nlearning_outcomes: []\n",
     "id: u\nstatus: draft  # new\napprovals:\n  - " + ITEM + "\nlearning_outcomes: []\n"),
    # no status: before learning_outcomes, after the value before it (a block value)
    ("id: u\nhours:\n  school: 1\n\n# outcomes\nlearning_outcomes: []\n",
     "id: u\nhours:\n  school: 1\napprovals:\n  - " + ITEM + "\n\n# outcomes\nlearning_outcomes: []\n"),
    # a flow list, empty or not
    ("id: u\napprovals: []  # none yet\n", "id: u\napprovals: [" + ITEM + "]  # none yet\n"),
    ("id: u\napprovals: [{partner: a, date: 2026-01-01}]\n",
     "id: u\napprovals: [{partner: a, date: 2026-01-01}, " + ITEM + "]\n"),
    # a block list written without indentation, the last item in block style, no final newline
    ("id: u\napprovals:\n- partner: a\n  date: 2026-01-01  # first\n# end\nx: 1",
     "id: u\napprovals:\n- partner: a\n  date: 2026-01-01  # first\n- " + ITEM + "\n# end\nx: 1"),
    # the last approval's note a folded or literal block scalar: its span holds the line break
    ("id: u\napprovals:\n  - partner: a\n    note: >-\n      long\n      text\nlearning_outcomes: []\n",
     "id: u\napprovals:\n  - partner: a\n    note: >-\n      long\n      text\n  - " + ITEM + "\nlearning_outcomes: []\n"),
    # ... with the blank lines a keeping scalar holds (they stay in it)
    ("id: u\napprovals:\n  - partner: a\n    note: |+\n      text\n\n\nx: 1\n",
     "id: u\napprovals:\n  - partner: a\n    note: |+\n      text\n\n\n  - " + ITEM + "\nx: 1\n"),
    # no approvals yet, and the value before learning_outcomes a block scalar
    ("id: u\ndescription: >\n  some\n  text\nlearning_outcomes: []\n",
     "id: u\ndescription: >\n  some\n  text\napprovals:\n  - " + ITEM + "\nlearning_outcomes: []\n"),
    # Windows line breaks stay Windows line breaks
    ("id: u\r\napprovals:\r\n    - {partner: a, date: 2026-01-01}\r\nx: 1\r\n",
     "id: u\r\napprovals:\r\n    - {partner: a, date: 2026-01-01}\r\n    - " + ITEM + "\r\nx: 1\r\n"),
])
def test_insert_approval(before: str, after: str):
    assert insert_approval(before, ITEM) == after


def test_replace_approval_in_block_style():
    before = "approvals:\n  - partner: a\n    date: 2026-01-01   # old\n  - {partner: b, date: 2026-01-01}\n"
    assert insert_approval(before, ITEM, replace=0) == (
        "approvals:\n  - " + ITEM + "   # old\n  - {partner: b, date: 2026-01-01}\n")


def test_replace_an_approval_whose_note_is_a_block_scalar():
    before = "approvals:\n  - partner: a\n    note: >-\n      long\n      text\nlearning_outcomes: []\n"
    assert insert_approval(before, ITEM, replace=0) == "approvals:\n  - " + ITEM + "\nlearning_outcomes: []\n"


def test_a_flow_file_is_refused():
    with pytest.raises(ApprovalError):
        insert_approval("{id: u, approvals: []}\n", ITEM)


def test_a_byte_order_mark_is_kept(base_workspace: Path):
    unit = base_workspace / SAFETY
    unit.write_bytes(b"\xef\xbb\xbf" + unit.read_bytes())
    approve(base_workspace, "safety", "body-c", "2026-04-01")
    assert unit.read_bytes().startswith(b"\xef\xbb\xbfid: safety\n")
    assert diagnostics(base_workspace) == []


@given(st.text(min_size=1, max_size=40).filter(lambda note: not NOT_IN_XML.search(note)))
@example("A?")
@example("A\xa0")
@example("no")
@example("checked: roof work")
def test_any_note_reads_back_as_written(note: str):
    text = "approvals:\n  - " + entry("p", dt.date(2026, 1, 2), FP, {"en": note}) + "\n"
    data, _smap, problems = yamlsource.load(text)
    assert problems == []
    assert data["approvals"][0]["note"] == note
    assert yaml.safe_load(text)["approvals"][0]["note"] == note


def test_the_demo_unit_whose_last_note_is_a_folded_scalar_is_approved(demo_workspace: Path):
    unit = demo_workspace / "curricula" / "units" / "pv-design.yaml"
    before = unit.read_text(encoding="utf-8").splitlines(keepends=True)
    result = run("approve", "pv-design", str(demo_workspace), "--partner", "eu-install", "--date", "2026-04-01")
    assert result.exit_code == 0, result.output
    after = unit.read_text(encoding="utf-8").splitlines(keepends=True)
    n = before.index("learning_outcomes:\n")
    assert after[:n] == before[:n] and after[n + 1:] == before[n:]
    assert after[n].startswith("  - {partner: eu-install, date: 2026-04-01, fingerprint: v1-")
    # binding solarwerk's hand-written approval, whose note ends in that scalar, keeps the note
    result = run("approve", "pv-design", str(demo_workspace), "--partner", "solarwerk", "--date", "2026-03-05")
    assert result.exit_code == 0, result.output
    data = yaml.safe_load(unit.read_text(encoding="utf-8"))
    solarwerk = next(a for a in data["approvals"] if a["partner"] == "solarwerk")
    assert solarwerk["note"]["de"].startswith("genehmigt unter der Bedingung") and "fingerprint" in solarwerk
    assert [a["partner"] for a in data["approvals"]] == ["bbs-hannover", "solarwerk", "eu-install"]
