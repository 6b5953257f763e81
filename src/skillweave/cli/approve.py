"""``skillweave approve``: record a partner's approval of a unit, bound to its learning content."""

from __future__ import annotations

import datetime as dt

import click

from skillweave.cli.common import display_path, fail, vocabulary_option


def _date(ctx, param, value):
    if value is None:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter("write an ISO 8601 date such as 2026-03-04") from None


@click.command("approve")
@click.argument("unit", metavar="UNIT")
@click.argument("workspace", default=".", type=click.Path(file_okay=False))
@click.option("--partner", "partner", metavar="ID", required=True, help="The approving partner's id.")
@click.option("--note", metavar="TEXT", default=None,
              help="A remark that goes with the approval, in the alliance's default language.")
@click.option("--date", "date", metavar="DATE", callback=_date, default=None,
              help="The date of the approval (ISO 8601). Default: today.")
@vocabulary_option
def approve_command(unit: str, workspace: str, partner: str, note: str | None, date: dt.date,
                    vocabulary: str | None) -> None:
    """Record that partner ID approved unit UNIT as it is now.

    The approval goes into curricula/units/UNIT.yaml with the date, the note and the fingerprint
    of the unit's learning content (titles, description, EQF level, ECVET points, hours,
    prerequisites, assessment methods, and each learning outcome's id, type, statement,
    assessment and ESCO skills; not formatting or comments). When that content changes later,
    'skillweave check' warns at the approval (SW315) and it no longer counts towards the
    alliance's co-design quorum. An earlier approval by the same partner is replaced (its note
    kept unless --note gives a new one); nothing else in the file changes, comments and layout
    included. The file is written atomically. The unit's status is left to you.

    Exit status: 0 written (or nothing to change), 2 the approval could not be written.
    """
    from pathlib import Path

    from skillweave.approvals import approve
    from skillweave.errors import SkillweaveError
    from skillweave.files import write_atomic
    from skillweave.pipeline import check

    try:
        project = check(workspace, vocabulary)
        edit = approve(project, unit, partner, date, note)
    except SkillweaveError as exc:
        raise fail(str(exc)) from None
    if edit.text is None:
        click.echo(f"'{partner}' approved the current content of '{unit}' on {date.isoformat()} already; "
                   "nothing to change")
        return
    shown = display_path(workspace)(edit.file)
    try:  # into the workspace checked, also when it was found above the folder given
        write_atomic(Path(project.workspace.root) / edit.file, edit.text)
    except OSError as exc:
        raise fail(f"cannot write {shown}: {exc.strerror or exc}") from None
    action = "replaced the earlier approval by" if edit.replaced else "recorded the approval of"
    click.echo(f"{shown}: {action} {partner} ({date.isoformat()}, {edit.fingerprint})")
    status = project.curriculum.units[unit].status
    if edit.quorum and status != "approved":
        click.echo(f"the unit now has the co-design quorum; set status: approved when the alliance agrees "
                   f"(it is {status})")
