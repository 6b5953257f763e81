"""``skillweave check``: report every problem of a workspace with file, line and column."""

from __future__ import annotations

import click

from skillweave.cli.common import (
    check_workspace,
    display_path,
    format_option,
    vocabulary_option,
    workspace_argument,
    write_report,
)


@click.command("check")
@workspace_argument
@format_option("check", help="text: path:line:col lines and a summary; json: diagnostics and summary (docs/formats.md); "
                             "github: GitHub Actions annotations.")
@click.option("--strict", is_flag=True, help="Exit with 1 on warnings too.")
@click.option("--suggest", "with_suggestions", is_flag=True,
              help="For each learning outcome that links no ESCO skill (SW311), list the 3 skills that "
                   "skillweave suggest ranks first, with the target occupations of the unit's programmes as "
                   "context, and why (json: an extra key 'suggestions' on the diagnostic).")
@vocabulary_option
def check_command(workspace: str, fmt: str, strict: bool, vocabulary: str | None, with_suggestions: bool) -> None:
    """Check a workspace and report every problem at once.

    Exit status: 0 no errors, 1 errors (or warnings with --strict), 2 the command could not run.
    """
    from skillweave.collector import loading

    # the collector paused while the workspace is read and checked (hundreds of thousands of
    # long-lived objects and no cycles: it was a quarter of check's time at 1,000 units), then
    # what was read frozen while the report is made
    with loading() as loaded:
        project = check_workspace(workspace, vocabulary)
        loaded()
        _report(project, workspace, fmt, strict, vocabulary, with_suggestions)


def _report(project, workspace: str, fmt: str, strict: bool, vocabulary: str | None, with_suggestions: bool) -> None:
    from skillweave.diagnostics import count
    from skillweave.emitters import Options

    suggestions = None
    if with_suggestions:
        from skillweave.cli.common import fail
        from skillweave.suggest import SuggestError, choose_ranking, cross_lingual_note, outcome_suggestions

        try:
            ranking, note = choose_ranking(None)
            if note:
                click.echo(f"note: {note}", err=True)
            suggestions = outcome_suggestions(project, top=3, ranking=ranking)
        except SuggestError as exc:
            raise fail(str(exc)) from None
        second = cross_lingual_note()
        if second:
            click.echo(f"note: {second}", err=True)
    write_report("check", fmt, project, Options(display_path=display_path(workspace), suggestions=suggestions), None)
    errors, warnings = count(project.diagnostics)
    if errors or (strict and warnings):
        raise click.exceptions.Exit(1)
