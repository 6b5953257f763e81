"""``skillweave path``: teaching order, semester plan and longest prerequisite chain."""

from __future__ import annotations

import click

from skillweave.cli.common import (
    display_path,
    load_project,
    output_option,
    vocabulary_option,
    workspace_argument,
    write_output,
)


@click.command("path")
@workspace_argument
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@output_option
@vocabulary_option
def path_command(workspace: str, fmt: str, output: str | None, vocabulary: str | None) -> None:
    """Plan each programme: a teaching order that respects prerequisites, a semester plan of about
    30 ECVET points per 6 months, and the longest prerequisite chain.

    Impossible plans are reported as diagnostics (SW501-SW503) on standard error; errors among
    them make the command exit with 1.
    """
    from skillweave.diagnostics import count, format_text
    from skillweave.emitters import paths as emitter

    project = load_project(workspace, vocabulary)
    report = project.paths
    out = emitter.report_json(report) if fmt == "json" else emitter.text(report)
    write_output(out, output)
    if report.diagnostics:
        click.echo(format_text(report.diagnostics, project.summary(), display_path(workspace)), err=True, nl=False)
    if count(report.diagnostics)[0]:
        raise click.exceptions.Exit(1)
