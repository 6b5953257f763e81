"""``skillweave build``: check, analyse and write every export into exports/."""

from __future__ import annotations

import click

from skillweave.cli.common import (
    check_workspace,
    display_path,
    fail,
    print_diagnostics,
    vocabulary_option,
    workspace_argument,
    workspace_root,
)
from skillweave.cli.progress import Progress


@click.command("build")
@workspace_argument
@vocabulary_option
@click.option("--strict", is_flag=True, help="Stop on warnings too.")
def build_command(workspace: str, vocabulary: str | None, strict: bool) -> None:
    """Check the workspace, run every analysis and write every export into WORKSPACE/exports/.

    Run in a folder inside a workspace (curricula/units/, say), or given one, build finds the
    workspace above it, as check does, and writes that workspace's exports/.

    Nothing is written when the workspace has errors (exit 1). Every output is rendered before
    the first file is written; files are written atomically, only inside exports/, and files an
    earlier build wrote that are no longer produced are removed. The same workspace always gives
    byte-identical exports. Builds are incremental: what the previous build made from inputs that
    did not change is kept (exports/.skillweave-cache and .skillweave-parsed; delete exports/ to
    build from scratch), with the same result as a full build. Two builds of one workspace take
    turns: the second waits for the first to finish (it says so), then builds.
    """

    from skillweave.collector import loading

    with loading(threshold=(100_000, 50, 100)) as loaded:
        _build(workspace, vocabulary, strict, loaded)


def _build(workspace: str, vocabulary: str | None, strict: bool, loaded) -> None:
    from skillweave.pipeline import building

    # one build of a workspace at a time: a second one waits, then starts from what the first left
    root = workspace_root(workspace)
    with building(root):
        _build_alone(workspace, root, vocabulary, strict, loaded)


def _build_alone(workspace: str, root, vocabulary: str | None, strict: bool, loaded) -> None:
    from skillweave.diagnostics import count
    from skillweave.emitters import EXPORTS
    from skillweave.errors import BuildError
    from skillweave.load import parsecache
    from skillweave.load.workspace import recording
    from skillweave.pipeline import build, parse_cache

    # exports/ of the workspace, also when it is found above the folder given (curricula/units/, say)
    exports = root / "exports"
    # curriculum files whose bytes the previous build parsed are not parsed again
    parsed = parse_cache(exports)
    with recording() as reads, parsecache.active(parsed):
        project = check_workspace(workspace, vocabulary)
    loaded()
    errors, warnings = count(project.diagnostics)
    print_diagnostics(project.diagnostics, project.summary(), workspace)
    if errors or (strict and warnings):
        fix = "the errors" if errors else "the warnings (--strict counts them as errors)"
        click.echo(f"skillweave: nothing was written; fix {fix} first", err=True)
        raise click.exceptions.Exit(1)
    # exports whose inputs did not change are reused; with a vocabulary from outside the workspace
    # (a store, files elsewhere, an endpoint) what was read is not known, and everything is rendered
    try:
        with Progress("rendering exports", len(EXPORTS)) as progress:
            written = build(project, exports,
                            lambda name: progress.advance(description=f"rendering {name}"),
                            reads if vocabulary is None else None)
    except BuildError as exc:
        raise fail(str(exc)) from None
    if parsed is not None:
        parsed.save()
    shown = display_path(workspace)("exports")
    click.echo(f"built {len(written)} files in {shown}/ from {project.summary()['units']} units "
               f"({len(EXPORTS)} formats)")
