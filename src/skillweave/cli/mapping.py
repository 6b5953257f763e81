"""``skillweave map``: each partner's national units against the joint units, for credit transfer."""

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


@click.command("map")
@workspace_argument
@click.option("--partner", metavar="ID", default=None, help="Only the national qualification of this partner.")
@format_option("map")
@output_option
@vocabulary_option
def map_command(workspace: str, partner: str | None, fmt: str, output: str | None, force: bool, vocabulary: str | None) -> None:
    """Map national units onto joint units and show what credit transfers.

    Every unit under curricula/national/<partner>/ is scored against every joint unit by shared
    ESCO skills (and, secondarily, wording), with a SKOS relation (exact, close, broad, narrow,
    related). The credit-transfer table says which joint units (and ECVET points) a holder of the
    national qualification has recognised and what remains to be learned.
    """
    from skillweave.emitters import Options

    write_report("map", fmt, load_project(workspace, vocabulary), Options(partner=partner), output, force)
