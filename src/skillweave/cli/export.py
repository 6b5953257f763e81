"""``skillweave export FORMAT``: one export of the workspace to a file."""

from __future__ import annotations

import click

from skillweave.cli.common import fail, load_project, vocabulary_option, workspace_argument
from skillweave.emitters import outputs

_HELP = "\n".join(f"  {e.name:15s} {e.description}" for e in outputs("export"))


@click.command("export", help=f"""Export the workspace in FORMAT to PATH (written atomically).

\b
Formats:
{_HELP}
""")
@click.argument("fmt", metavar="FORMAT", type=click.Choice([e.name for e in outputs("export")]))
@workspace_argument
@click.option("-o", "--output", metavar="PATH", required=True,
              help="The file to write (a folder for formats that write several files); '-' writes a "
                   "format of one file to standard output.")
@click.option("--lang", metavar="LANG", default=None,
              help="handbook-pdf: the language of the handbook (default: the alliance's default language); "
                   "moodle-csv: only this language of the alliance, without the multi-language markup "
                   "(default: every language).")
@click.option("--force", is_flag=True,
              help="Replace an existing file that skillweave did not write (or that changed since); for an export "
                   "of several files, write into a folder that holds other files (files of the same names are "
                   "replaced).")
@vocabulary_option
def export_command(fmt: str, workspace: str, output: str, lang: str | None, force: bool, vocabulary: str | None) -> None:
    from pathlib import Path

    from skillweave.collector import loading
    from skillweave.emitters import Options, get
    from skillweave.errors import SkillweaveError
    from skillweave.pipeline import export

    if lang is not None and "lang" not in get("export", fmt).options:
        takes = ", ".join(e.name for e in outputs("export") if "lang" in e.options)
        raise fail(f"--lang applies to {takes} only")
    # the collector paused while the workspace is read and checked, then what was read frozen (the
    # collector never scans it again) while the export is rendered, as for transcripts
    with loading() as loaded:
        project = load_project(workspace, vocabulary)
        loaded()
        try:
            export(project, fmt, Path(output), Options(lang=lang), force=force)
        except SkillweaveError as exc:  # cannot write, an option that does not fit, no PDF renderer
            raise fail(str(exc)) from None
