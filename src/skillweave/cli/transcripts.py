"""``skillweave transcripts``: a personal transcript for every learner with a passed unit."""

from __future__ import annotations

import datetime as dt

import click

from skillweave.cli.common import fail, format_option, jobs_option, load_project, vocabulary_option, workspace_argument
from skillweave.cli.progress import Progress
from skillweave.emitters import outputs

_FORMATS = "\n".join(f"  {f.name:6s} {f.description} ({f.filename})" for f in outputs("transcripts"))


def _date(ctx, param, value):
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter("write an ISO 8601 date such as 2026-07-01") from None


@click.command("transcripts", help=f"""Write a personal transcript (ECVET) for every learner with at least
one passed unit into DIR, one file per learner named after the learner id.

A transcript lists the units achieved (the latest passed result of each; failed units do not
appear) with the learning outcomes achieved, ECVET points, date, the institution that assessed
each unit and the grade on that institution's grading scheme (shown with the scheme). Units
assessed by the host of a mobility are credited to the host, and shown as recognised by the home
partner only when mobilities.csv records the date (recognised_on), else as awaiting recognition.
Learners with no passed unit get no transcript.

\b
Formats:
{_FORMATS}

Nothing is written when the workspace has errors (exit 1). Documents are rendered by one worker
process per core; each file is written atomically with mode 0600 (it holds personal data), new
folders with mode 0700. The same records always give byte-identical files: the date on a
transcript is the date of its latest result or recognition unless --issued-on sets one. See
docs/mobility.md.
""")
@workspace_argument
@format_option("transcripts", help="The transcript format.")
@click.option("-o", "--output", metavar="DIR", required=True, help="The folder to write the transcripts into.")
@click.option("--learner", "learners", multiple=True, metavar="ID",
              help="Only this learner (repeat for several). Default: every learner.")
@click.option("--issued-on", metavar="DATE", callback=_date, default=None,
              help="The date shown as the transcripts' date (ISO 8601). Default: each learner's latest result.")
@jobs_option
@click.option("--force", is_flag=True,
              help="Write into a folder that holds files skillweave did not write (files of the same names are replaced).")
@vocabulary_option
def transcripts_command(workspace: str, fmt: str, output: str, learners: tuple[str, ...],
                        issued_on: dt.date | None, jobs: int | None, force: bool, vocabulary: str | None) -> None:
    from pathlib import Path

    from skillweave import pipeline
    from skillweave.collector import loading
    from skillweave.errors import SkillweaveError

    with loading() as loaded:
        project = load_project(workspace, vocabulary)
        try:
            documents, skipped = pipeline.transcripts(project, fmt, learners, issued_on)
            loaded()
            with Progress(f"writing {fmt} transcripts", len(documents.items)) as progress:
                [written] = pipeline.write_documents([documents], Path(output), jobs=jobs, progress=progress.advance,
                                                     force=force, what=f"{fmt} transcripts")
        except SkillweaveError as exc:
            raise fail(str(exc)) from None
    count = len(documents.items)
    click.echo(f"wrote {count} {fmt} transcript{'s' if count != 1 else ''} "
               f"({len(written)} file{'s' if len(written) != 1 else ''}) to {output}")
    if skipped:
        click.echo(f"{skipped} learner{'s have' if skipped != 1 else ' has'} no passed unit and no transcript")
    for note in documents.notes():
        click.echo(f"note: {note}", err=True)
