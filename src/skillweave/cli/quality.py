"""``skillweave quality``: the EQAVET quality indicators as XML, HTML, RDF Data Cube or JSON."""

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


@click.command("quality")
@workspace_argument
@click.option("--format", "fmt", type=click.Choice(["xml", "html", "turtle", "json"]), default="json",
              show_default=True,
              help="xml: skillweave's own schema (shipped in the package); html: a printable dashboard with "
                   "charts; turtle: the W3C RDF Data Cube vocabulary; json: every figure by scope.")
@output_option
@click.option("--period", default="all", show_default=True, metavar="PERIOD",
              help="'all' (every learner in the records) or one entry cohort, the school year learners "
                   "enrolled in: 2024 or 2024-25 (1 August 2024 to 31 July 2025).")
@click.option("--lang", default=None, metavar="LANG",
              help="Language of the declared texts and names in the html dashboard (default: the alliance's "
                   "default language).")
@vocabulary_option
def quality_command(workspace: str, fmt: str, output: str | None, period: str, lang: str | None,
                    vocabulary: str | None) -> None:
    """EQAVET quality indicators per VET provider, per programme and for the alliance.

    Computed from quality/providers.yaml (what each VET provider declares), quality/tracking.csv
    (graduate tracking), learners/learners.csv and, for indicator 9, the curriculum itself. A rate
    over fewer than 5 people is reported as "suppressed", never as a number; the reports hold no
    personal data.
    """
    from skillweave.analyses import eqavet
    from skillweave.emitters import eqavet as emitter

    try:
        period_id = eqavet.parse_period(period)
    except ValueError as exc:
        raise fail(str(exc)) from None
    project = load_project(workspace, vocabulary)
    report = project.quality if period_id == eqavet.ALL else eqavet.analyse(project, period_id)
    if fmt == "json":
        out = emitter.report_json(report)
    elif fmt == "xml":
        out = emitter.report_xml(report)
    elif fmt == "turtle":
        alliance = project.curriculum.alliance
        out = emitter.report_turtle(report, project.base_uri, alliance.name if alliance else None)
    else:
        out = emitter.report_html(report, project, lang)
    write_output(out, output)
