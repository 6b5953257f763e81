"""``skillweave quality``: the EQAVET quality indicators as JSON, XML, HTML or RDF Data Cube."""

from __future__ import annotations

import click

from skillweave.cli.common import (
    fail,
    format_option,
    load_project,
    output_option,
    vocabulary_option,
    workspace_argument,
    write_report,
)


@click.command("quality")
@workspace_argument
@format_option("quality",
               help="json: every figure by scope; xml: skillweave's own schema (shipped in the package); html: a "
                    "printable dashboard with charts; turtle: the W3C RDF Data Cube vocabulary.")
@output_option
@click.option("--period", default="all", show_default=True, metavar="PERIOD",
              help="'all' (every learner in the records) or one entry cohort, the school year learners "
                   "enrolled in: 2024 or 2024-25 (1 August 2024 to 31 July 2025).")
@click.option("--lang", default=None, metavar="LANG",
              help="Language of the declared texts and names in the html dashboard (default: the alliance's "
                   "default language).")
@vocabulary_option
def quality_command(workspace: str, fmt: str, output: str | None, force: bool, period: str, lang: str | None,
                    vocabulary: str | None) -> None:
    """EQAVET quality indicators per VET provider, per programme and for the alliance.

    Computed from quality/providers.yaml (what each VET provider declares), quality/tracking.csv
    (graduate tracking), learners/learners.csv and, for indicator 9, the curriculum itself.

    Disclosure control: a count of 1 to 4 people, and a count or rate about a group of fewer than 5
    people, is reported as "suppressed", never as a number (primary suppression); so is any further
    count or rate from which a suppressed figure could be worked out: a total minus its other
    providers or programmes, a rate from another indicator's counts, one entry cohort from the
    others (complementary suppression). Every format suppresses the same figures. The reports
    hold no personal data.
    """
    from skillweave.emitters import Options
    from skillweave.errors import OptionError

    if lang is not None and fmt != "html":
        raise fail("--lang applies to --format html only (the other formats hold every language)")
    try:
        options = Options(period=period, lang=lang)  # a period that is not one stops before the workspace is read
    except OptionError as exc:
        raise fail(str(exc)) from None
    write_report("quality", fmt, load_project(workspace, vocabulary), options, output, force)
