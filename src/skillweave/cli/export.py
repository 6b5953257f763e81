"""``skillweave export FORMAT``: one export of the workspace to a file."""

from __future__ import annotations

import click

from skillweave.cli.common import fail, load_project, vocabulary_option, workspace_argument
from skillweave.emitters import EXPORTS

_HELP = "\n".join(f"  {e.name:15s} {e.description}" for e in EXPORTS)


@click.command("export", help=f"""Export the workspace in FORMAT to PATH (written atomically).

\b
Formats:
{_HELP}
""")
@click.argument("fmt", metavar="FORMAT", type=click.Choice([e.name for e in EXPORTS]))
@workspace_argument
@click.option("-o", "--output", metavar="PATH", required=True,
              help="The file to write (a folder for formats that write several files).")
@vocabulary_option
def export_command(fmt: str, workspace: str, output: str, vocabulary: str | None) -> None:
    from pathlib import Path

    from skillweave.errors import BuildError
    from skillweave.pipeline import export

    project = load_project(workspace, vocabulary)
    try:
        export(project, fmt, Path(output))
    except BuildError as exc:
        raise fail(str(exc)) from None
