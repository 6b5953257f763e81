"""``skillweave export FORMAT``: one export of the workspace to a file."""

from __future__ import annotations

import click

from skillweave.cli.common import load_project, vocabulary_option, workspace_argument
from skillweave.emitters import REGISTRY

_HELP = "\n".join(f"  {e.format:15s} {e.description}" for e in REGISTRY)


@click.command("export", help=f"""Export the workspace in FORMAT to PATH (written atomically).

\b
Formats:
{_HELP}
""")
@click.argument("fmt", metavar="FORMAT", type=click.Choice([e.format for e in REGISTRY]))
@workspace_argument
@click.option("-o", "--output", metavar="PATH", required=True,
              help="The file to write (a folder for formats that write several files).")
@vocabulary_option
def export_command(fmt: str, workspace: str, output: str, vocabulary: str | None) -> None:
    from pathlib import Path

    from skillweave.emitters import emit
    from skillweave.files import write_atomic

    project = load_project(workspace, vocabulary)
    project.analyse()
    result = emit(project, fmt)
    if isinstance(result, str):
        write_atomic(Path(output), result)
    else:
        for rel, text in sorted(result.items()):
            write_atomic(Path(output) / rel, text)
