"""Options and helpers shared by the commands."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from pathlib import Path

workspace_argument = click.argument("workspace", default=".", type=click.Path(file_okay=False))
vocabulary_option = click.option(
    "--vocabulary", "vocabulary", metavar="SOURCE", default=None,
    help="Vocabulary to resolve ESCO references: a store folder made by 'skillweave vocab import', an RDF "
         "file, a folder of RDF files, or the http(s) URL of a SPARQL endpoint. Default: the workspace's "
         "ontologies/.")


def fail(message: str) -> "click.exceptions.Exit":
    """Print an error for a command that cannot run at all and exit with 2."""
    click.echo(f"skillweave: error: {message}", err=True)
    return click.exceptions.Exit(2)


def workspace_root(workspace: str) -> Path:
    """The workspace that the argument WORKSPACE means: the folder itself, or the workspace found
    above it when it is a folder inside one (see :func:`~skillweave.load.workspace.locate`). A path
    that is not a folder is returned as given (the command reports it when it opens it)."""
    from pathlib import Path

    from skillweave.load.workspace import locate

    return locate(Path(workspace)) if os.path.isdir(workspace) else Path(workspace)


def display_path(workspace: str):
    """Show files relative to the current folder, so that editors and CI can open them (also when
    the workspace was found above the folder given: see :func:`workspace_root`)."""
    base = os.path.normpath(str(workspace_root(workspace)))

    def show(rel: str) -> str:
        if base == ".":
            return rel
        if base.startswith(".."):  # found above the current folder: the shortest way there
            return os.path.relpath(os.path.join(base, rel)).replace(os.sep, "/")
        return f"{base}/{rel}".replace(os.sep, "/")

    return show


jobs_option = click.option("-j", "--jobs", type=click.IntRange(min=1), default=None, metavar="N",
                           help="Worker processes. Default: one per core.")
_output = click.option("-o", "--output", metavar="PATH", default=None,
                       help="Write to PATH (atomically) instead of standard output.")
force_option = click.option("--force", is_flag=True,
                            help="Replace an existing file that skillweave did not write (or that changed since).")


def output_option(command):
    """``-o PATH`` and ``--force`` (see :mod:`skillweave.written`)."""
    return _output(force_option(command))


def print_diagnostics(diagnostics, summary=None, workspace: str = ".") -> None:
    """Diagnostics on standard error, one ``path:line:col`` line each (paths shown from the current
    folder), then the summary line if a summary is given; nothing when there are none."""
    if not diagnostics:
        return
    from skillweave.diagnostics import format_text

    click.echo(format_text(diagnostics, summary, display_path(workspace)), err=True, nl=False)


def check_workspace(workspace: str, vocabulary: str | None):
    """The checked project; a workspace or vocabulary that cannot be read at all stops the command (exit 2)."""
    from skillweave.load.workspace import WorkspaceError
    from skillweave.pipeline import check
    from skillweave.vocab import VocabularyError

    try:
        return keep(check(workspace, vocabulary))
    except (WorkspaceError, VocabularyError) as exc:
        raise fail(str(exc)) from None


#: what the command made, kept until the process ends when it runs as ``skillweave`` (see
#: :func:`skillweave.cli.main.main`); None (nothing kept) when a command runs inside another
#: program (the tests' CliRunner)
kept: list | None = None


def keep(made):
    """Keep ``made`` (a checked project, with all it holds) until the process ends: the process
    then ends without freeing it object by object, which only the end of the process would wait
    for (about a tenth of a second for the ELM export of 1,000 units)."""
    if kept is not None:
        kept.append(made)
    return made


def load_project(workspace: str, vocabulary: str | None):
    """Check the workspace for a report; errors in it stop the command (exit 1) with the diagnostics."""
    project = check_workspace(workspace, vocabulary)
    if project.has_errors:
        errors = [d for d in project.diagnostics if d.severity.value == "error"]
        print_diagnostics(errors, project.summary(), workspace)
        click.echo("skillweave: the workspace has errors; fix them first (skillweave check)", err=True)
        raise click.exceptions.Exit(1)
    return project


def format_option(command: str, help: str | None = None):
    """``--format``, with the formats the registry lists for ``command`` (the first is the default)."""
    from skillweave.emitters import names

    choices = names(command)
    return click.option("--format", "fmt", type=click.Choice(choices), default=choices[0], show_default=True,
                        help=help)


def write_report(command: str, fmt: str, subject, options, output: str | None, force: bool = False) -> None:
    """Render the report ``fmt`` of ``command`` (found in the registry) and print or write it."""
    from skillweave.emitters import render
    from skillweave.errors import OptionError

    try:
        text = render(command, fmt, subject, options)
    except OptionError as exc:
        raise fail(str(exc)) from None
    write_output(text, output, force)


def write_output(text: str, output: str | None, force: bool = False) -> None:
    """``text`` on standard output, or written to ``output``: atomically, and replacing a file
    only as :mod:`skillweave.written` allows."""
    if output is None:
        click.echo(text, nl=False)
        return
    from pathlib import Path

    from skillweave import written
    from skillweave.errors import SkillweaveError
    from skillweave.files import write_atomic

    try:
        written.claim({Path(output): text}, force)
        write_atomic(Path(output), text)
    except SkillweaveError as exc:
        raise fail(str(exc)) from None
    except OSError as exc:
        raise fail(f"cannot write {output}: {exc.strerror}") from None
    written.remember([Path(output)], [text])

