"""``skillweave check``: report every problem of a workspace with file, line and column."""

from __future__ import annotations

import sys

import click

from .common import display_path, fail, vocabulary_option, workspace_argument


@click.command("check")
@workspace_argument
@click.option("--format", "fmt", type=click.Choice(["text", "json", "github"]), default="text", show_default=True,
              help="text: path:line:col lines and a summary; json: diagnostics and summary (FORMATS.md); "
                   "github: GitHub Actions annotations.")
@click.option("--strict", is_flag=True, help="Exit with 1 on warnings too.")
@vocabulary_option
def check_command(workspace: str, fmt: str, strict: bool, vocabulary: str | None) -> None:
    """Check a workspace and report every problem at once.

    Exit status: 0 no errors, 1 errors (or warnings with --strict), 2 the command could not run.
    """
    from ..diagnostics import count, format_github, format_json, format_text
    from ..pipeline import check
    from ..vocab import VocabularyError
    from ..workspace import WorkspaceError

    try:
        project = check(workspace, vocabulary)
    except (WorkspaceError, VocabularyError) as exc:
        raise fail(str(exc)) from None
    diagnostics = project.diagnostics
    summary = project.summary()
    show = display_path(workspace)
    if fmt == "json":
        out = format_json(diagnostics, summary)
    elif fmt == "github":
        out = format_github(diagnostics, summary, show)
    else:
        out = format_text(diagnostics, summary, show)
    sys.stdout.write(out)
    errors, warnings = count(diagnostics)
    if errors or (strict and warnings):
        raise click.exceptions.Exit(1)
