"""Options and helpers shared by the commands."""

from __future__ import annotations

import os

import click

workspace_argument = click.argument("workspace", default=".", type=click.Path(file_okay=False))
vocabulary_option = click.option(
    "--vocabulary", "vocabulary", metavar="SOURCE", default=None,
    help="Vocabulary to resolve ESCO references: an RDF file or a folder of RDF files. "
         "Default: the workspace's ontologies/.")


def fail(message: str) -> "click.exceptions.Exit":
    """Print an error for a command that cannot run at all and exit with 2."""
    click.echo(f"skillweave: error: {message}", err=True)
    return click.exceptions.Exit(2)


def display_path(workspace: str):
    """Show files relative to the current folder, so that editors and CI can open them."""
    base = os.path.normpath(workspace)

    def show(rel: str) -> str:
        return rel if base == "." else f"{base}/{rel}".replace(os.sep, "/")

    return show
