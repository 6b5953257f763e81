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
              help="The file to write (a folder for formats that write several files).")
@click.option("--lang", default=None, metavar="LANG",
              help="The language of exports written in one language (handbook-pdf, quality-html). "
                   "Default: the alliance's default language.")
@vocabulary_option
def export_command(fmt: str, workspace: str, output: str, lang: str | None, vocabulary: str | None) -> None:
    from pathlib import Path

    from skillweave.emitters import Options
    from skillweave.errors import SkillweaveError
    from skillweave.pipeline import export

    project = load_project(workspace, vocabulary)
    try:
        export(project, fmt, Path(output), Options(lang=lang))
    except SkillweaveError as exc:
        raise fail(str(exc)) from None
