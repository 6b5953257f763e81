"""``skillweave transcripts``: a personal transcript for every learner with a passed unit."""

from __future__ import annotations

import datetime as dt
import gc
import sys
from contextlib import contextmanager

import click

from skillweave.cli.common import fail, load_project, vocabulary_option, workspace_argument
from skillweave.cli.progress import Progress
from skillweave.emitters import outputs

TRANSCRIPT_FORMATS = outputs("transcripts")
_FORMATS = "\n".join(f"  {f.name:6s} {f.description} ({f.filename})" for f in TRANSCRIPT_FORMATS)

jobs_option = click.option("-j", "--jobs", type=click.IntRange(min=1), default=None, metavar="N",
                           help="Worker processes. Default: one per core.")


@contextmanager
def collector_paused():
    """Keep Python's cyclic garbage collector out of the way of a cohort.

    Loading the records makes hundreds of thousands of long-lived objects, and the collector would
    scan them again and again (it more than doubles the time of ``check`` for 10,000 learners).
    It is paused while loading; ``loaded()`` then freezes what was loaded (so neither the
    collector nor the forked workers' copy-on-write touch it) and resumes collecting. Everything
    is restored on the way out.
    """
    enabled = gc.isenabled()
    gc.disable()
    frozen = False

    def loaded() -> None:
        nonlocal frozen
        gc.freeze()
        frozen = True
        if enabled:
            gc.enable()

    try:
        yield loaded
    finally:
        if frozen:
            gc.unfreeze()
        if enabled:
            gc.enable()


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
@click.option("--format", "fmt", type=click.Choice([f.name for f in TRANSCRIPT_FORMATS]),
              default=TRANSCRIPT_FORMATS[0].name, show_default=True, help="The transcript format.")
@click.option("-o", "--output", metavar="DIR", required=True, help="The folder to write the transcripts into.")
@click.option("--learner", "learners", multiple=True, metavar="ID",
              help="Only this learner (repeat for several). Default: every learner.")
@click.option("--issued-on", metavar="DATE", callback=_date, default=None,
              help="The date shown as the transcripts' date (ISO 8601). Default: each learner's latest result.")
@jobs_option
@vocabulary_option
def transcripts_command(workspace: str, fmt: str, output: str, learners: tuple[str, ...],
                        issued_on: dt.date | None, jobs: int | None, vocabulary: str | None) -> None:
    from pathlib import Path

    from skillweave.analyses import transcripts as analysis
    from skillweave.cohort import OutputError, write_documents
    from skillweave.emitters import get

    with collector_paused() as loaded:
        project = load_project(workspace, vocabulary)
        records = project.curriculum.records
        if not records.present:
            raise fail(f"the workspace has no learner records ({Path(workspace) / 'learners'} is missing)")
        found = analysis.analyse(project.curriculum, project.base_uri, issued_on)
        if learners:
            unknown = sorted(set(learners) - set(records.learners))
            if unknown:
                raise fail(f"unknown learner id(s): {', '.join(unknown)}")
            wanted = set(learners)
            found = [t for t in found if t.learner_id in wanted]
            skipped = len(wanted) - len(found)
        else:
            skipped = len(records.learners) - len(found)
        loaded()
        document_format = get("transcripts", fmt)
        render = document_format.load()
        try:
            with Progress(f"writing {fmt} transcripts", len(found)) as progress:
                written = write_documents(found, render, Path(output), jobs=jobs, progress=progress.advance)
        except OutputError as exc:
            raise fail(str(exc)) from None
    sys.stdout.write(f"wrote {len(found)} {fmt} transcript{'s' if len(found) != 1 else ''} "
                     f"({len(written)} file{'s' if len(written) != 1 else ''}) to {output}\n")
    if skipped:
        sys.stdout.write(f"{skipped} learner{'s have' if skipped != 1 else ' has'} no passed unit and "
                         "no transcript\n")
    for note in document_format.notes_on(found):
        sys.stderr.write(f"note: {note}\n")
