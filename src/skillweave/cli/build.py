"""``skillweave build``: check, analyse and write every export into exports/."""

from __future__ import annotations

import sys

import click

from skillweave.cli.common import display_path, fail, vocabulary_option, workspace_argument


@click.command("build")
@workspace_argument
@vocabulary_option
@click.option("--strict", is_flag=True, help="Stop on warnings too.")
def build_command(workspace: str, vocabulary: str | None, strict: bool) -> None:
    """Check the workspace, run every analysis and write every export into WORKSPACE/exports/.

    Nothing is written when the workspace has errors (exit 1). Every output is rendered before
    the first file is written; files are written atomically, only inside exports/, and files an
    earlier build wrote that are no longer produced are removed. The same workspace always gives
    byte-identical exports.
    """
    from pathlib import Path

    from skillweave.diagnostics import count, format_text
    from skillweave.load.workspace import WorkspaceError
    from skillweave.pipeline import BuildError, check, render_exports, write_exports
    from skillweave.vocab import VocabularyError

    interactive = sys.stderr.isatty()
    try:
        project = check(workspace, vocabulary)
    except (WorkspaceError, VocabularyError) as exc:
        raise fail(str(exc)) from None
    errors, warnings = count(project.diagnostics)
    if project.diagnostics:
        click.echo(format_text(project.diagnostics, project.summary(), display_path(workspace)), err=True, nl=False)
    if errors or (strict and warnings):
        click.echo("skillweave: nothing was written; fix the errors first", err=True)
        raise click.exceptions.Exit(1)

    from skillweave.emitters import EXPORTS

    if interactive:
        from rich.progress import Progress

        with Progress(transient=True, console=_console()) as progress:
            task = progress.add_task("rendering exports", total=len(EXPORTS))

            def step(fmt: str) -> None:
                progress.update(task, advance=1, description=f"rendering {fmt}")

            outputs = render_exports(project, step)
    else:
        outputs = render_exports(project)
    out_dir = Path(workspace) / "exports"
    try:
        written = write_exports(out_dir, outputs)
    except BuildError as exc:
        raise fail(str(exc)) from None
    shown = display_path(workspace)("exports")
    sys.stdout.write(f"built {len(written)} files in {shown}/ from {project.summary()['units']} units "
                     f"({len(EXPORTS)} formats)\n")


def _console():
    from rich.console import Console

    return Console(stderr=True)
