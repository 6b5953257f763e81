"""``skillweave path``: teaching order, semester plan and longest prerequisite chain."""

from __future__ import annotations

import click

from skillweave.cli.common import (
    format_option,
    load_project,
    output_option,
    print_diagnostics,
    vocabulary_option,
    workspace_argument,
    write_report,
)


@click.command("path")
@workspace_argument
@format_option("path")
@output_option
@vocabulary_option
def path_command(workspace: str, fmt: str, output: str | None, force: bool, vocabulary: str | None) -> None:
    """Plan each programme: a teaching order that respects prerequisites, a semester plan of about
    30 ECVET points per 6 months, and the longest prerequisite chain.

    Impossible plans are reported as diagnostics (SW501-SW503) on standard error; errors among
    them make the command exit with 1.
    """
    from skillweave.diagnostics import count
    from skillweave.emitters import Options

    project = load_project(workspace, vocabulary)
    write_report("path", fmt, project, Options(), output, force)
    diagnostics = project.paths.diagnostics
    print_diagnostics(diagnostics, project.summary(), workspace)
    if count(diagnostics)[0]:
        raise click.exceptions.Exit(1)
