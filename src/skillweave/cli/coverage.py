"""``skillweave coverage``: the target occupations' ESCO skills each programme covers and misses."""

from __future__ import annotations

import click

from skillweave.cli.common import (
    format_option,
    load_project,
    output_option,
    vocabulary_option,
    workspace_argument,
    write_report,
)


@click.command("coverage")
@workspace_argument
@format_option("coverage", help="html is a heat map of units × essential skills.")
@output_option
@vocabulary_option
def coverage_command(workspace: str, fmt: str, output: str | None, force: bool, vocabulary: str | None) -> None:
    """Skills coverage and gaps of every programme against its target occupations.

    For each target occupation: essential and optional ESCO skills covered by the programme's
    learning outcomes (exact URI matches, split by skill type), the missing skills (essential
    first), credit through the ESCO hierarchy shown separately, each unit's contribution and the
    skills taught that no target occupation lists.
    """
    from skillweave.emitters import Options

    write_report("coverage", fmt, load_project(workspace, vocabulary), Options(), output, force)
