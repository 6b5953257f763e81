"""``skillweave map``: each partner's national units against the joint units, for credit transfer."""

from __future__ import annotations

import click

from skillweave.cli.common import (
    fail,
    load_project,
    output_option,
    vocabulary_option,
    workspace_argument,
    write_output,
)


@click.command("map")
@workspace_argument
@click.option("--partner", metavar="ID", default=None, help="Only the national qualification of this partner.")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "csv", "html"]), default="text",
              show_default=True)
@output_option
@vocabulary_option
def map_command(workspace: str, partner: str | None, fmt: str, output: str | None, vocabulary: str | None) -> None:
    """Map national units onto joint units and show what credit transfers.

    Every unit under curricula/national/<partner>/ is scored against every joint unit by shared
    ESCO skills (and, secondarily, wording), with a SKOS relation (exact, close, broad, narrow,
    related). The credit-transfer table says which joint units (and ECVET points) a holder of the
    national qualification has recognised and what remains to be learned.
    """
    from skillweave.emitters import mapping as emitter

    project = load_project(workspace, vocabulary)
    report = project.mapping
    if partner is not None:
        if partner not in project.curriculum.national:
            known = ", ".join(sorted(project.curriculum.national)) or "none"
            raise fail(f"partner '{partner}' has no national qualification (those with one: {known})")
        report = report.only(partner)
    if fmt == "json":
        out = emitter.report_json(report)
    elif fmt == "csv":
        out = emitter.report_csv(report)
    elif fmt == "html":
        from skillweave.templates import render

        out = render("mapping.html.j2", report=report, lang=project.default_language)
    else:
        out = emitter.text(report)
    write_output(out, output)
