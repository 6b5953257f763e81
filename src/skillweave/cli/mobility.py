"""``skillweave mobility``: memoranda of understanding and learning agreements for every mobility."""

from __future__ import annotations

import click

from skillweave.cli.common import fail, jobs_option, load_project, vocabulary_option, workspace_argument
from skillweave.cli.progress import Progress


@click.command("mobility")
@workspace_argument
@click.option("-o", "--output", metavar="DIR", required=True,
              help="The folder to write mou/ and agreements/ into.")
@click.option("--pdf", "pdf", is_flag=True,
              help="Also write each memorandum and learning agreement as PDF on A4 (every language, each "
                   "from a new page), beside its HTML.")
@jobs_option
@click.option("--force", is_flag=True,
              help="Write into a folder that holds files skillweave did not write (files of the same names are replaced).")
@vocabulary_option
def mobility_command(workspace: str, output: str, pdf: bool, jobs: int | None, force: bool, vocabulary: str | None) -> None:
    """Write the ECVET documents of the mobilities in learners/mobilities.csv into DIR.

    \b
    DIR/mou/FIRST_SECOND.html, .xml   a memorandum of understanding for every pair of partners
                                      with mobilities, with the clauses of the ECVET template:
                                      parties and contacts, mutual acceptance, grading schemes,
                                      qualifications (EQF, NQF), the units concerned with their
                                      ECVET points and learning outcomes, who assesses (the host),
                                      validates and recognises (the home partner), host employers,
                                      validity and review. No learner data. The XML follows the
                                      schema skillweave/data/mou.xsd.
    DIR/agreements/MOBILITY.html      a learning agreement for every mobility: the learner, home and
                                      host with contacts (workplace and mentor for an employer),
                                      the period, the units and learning outcomes to be achieved
                                      abroad, their assessment, and both grading schemes.

    HTML documents are print-ready (A4), in the alliance's (memoranda) or the programme's
    (agreements) languages with a language switch; --pdf adds FIRST_SECOND.pdf and MOBILITY.pdf. Nothing is written when the workspace has errors (exit 1).
    Documents are rendered by one worker process per core; files are written atomically with mode
    0600, new folders with mode 0700. The same workspace always gives byte-identical files.
    """
    from pathlib import Path

    from skillweave import pipeline
    from skillweave.collector import loading
    from skillweave.errors import SkillweaveError

    out = Path(output)
    with loading() as loaded:
        project = load_project(workspace, vocabulary)
        try:
            batches = pipeline.mobility_documents(project, pdf=pdf)
            memoranda, agreements = batches[:2]
            loaded()
            total = sum(len(b.items) for b in batches)
            with Progress("writing memoranda and learning agreements", total) as progress:
                written = pipeline.write_documents(batches, out, jobs=jobs, progress=progress.advance, force=force,
                                                   what="memoranda and learning agreements")
            mou_files = written[0] + (written[2] if pdf else [])
        except SkillweaveError as exc:
            raise fail(str(exc)) from None
    m, a = len(memoranda.items), len(agreements.items)
    click.echo(f"wrote {m} memorand{'a' if m != 1 else 'um'} of understanding ({len(mou_files)} files) to "
               f"{out / memoranda.output.folder} and {a} learning agreement{'s' if a != 1 else ''} to "
               f"{out / agreements.output.folder}")
