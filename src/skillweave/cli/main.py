"""The ``skillweave`` command group. Heavy libraries are imported inside the commands."""

from __future__ import annotations

import os

import click

from skillweave import __version__
from skillweave.cli.approve import approve_command
from skillweave.cli.build import build_command
from skillweave.cli.check import check_command
from skillweave.cli.coverage import coverage_command
from skillweave.cli.diff import diff_command
from skillweave.cli.export import export_command
from skillweave.cli.importer import import_command
from skillweave.cli.init import init_command
from skillweave.cli.mapping import map_command
from skillweave.cli.mobility import mobility_command
from skillweave.cli.path import path_command
from skillweave.cli.publish import publish_command
from skillweave.cli.quality import quality_command
from skillweave.cli.schema import schema_command
from skillweave.cli.suggest import suggest_command
from skillweave.cli.transcripts import transcripts_command
from skillweave.cli.vocab import vocab_group


class _Commands(click.Group):
    """The command group, with the last line of defence: an error that a command did not turn
    into a message (a file that cannot be written, a disk that is full or read-only) is printed as
    one line and ends the command with exit status 2, never as a traceback."""

    def invoke(self, ctx: click.Context):
        from skillweave.errors import SkillweaveError

        try:
            return super().invoke(ctx)
        except SkillweaveError as exc:
            raise _fail(str(exc)) from None
        except OSError as exc:
            raise _fail(os_error_message(exc)) from None


def os_error_message(exc: OSError) -> str:
    """The file and the reason; for one of skillweave's own temporary files (which the user never
    named), the folder it was to be written in."""
    from skillweave.files import is_temporary

    reason = exc.strerror or str(exc)
    if not exc.filename:
        return reason
    name = os.fsdecode(exc.filename) if isinstance(exc.filename, (str, bytes, os.PathLike)) else str(exc.filename)
    if is_temporary(name):
        return f"cannot write in {os.path.dirname(name) or '.'}: {reason}"
    return f"{name}: {reason}"


def _fail(message: str) -> click.exceptions.Exit:
    from skillweave.cli.common import fail

    return fail(" ".join(message.split()))


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="skillweave")
def cli() -> None:
    """skillweave: check, link to ESCO, analyse and export the joint curricula of a Sector Skills
    Alliance.

    A workspace is a folder with curricula/ (alliance.yaml, programmes/, units/, national/) and
    ontologies/ (ESCO vocabulary in RDF). WORKSPACE defaults to the current folder (or the workspace above it).
    """


cli.add_command(init_command)
cli.add_command(check_command)
cli.add_command(build_command)
cli.add_command(coverage_command)
cli.add_command(map_command)
cli.add_command(path_command)
cli.add_command(export_command)
cli.add_command(import_command)
cli.add_command(suggest_command)
cli.add_command(vocab_group)
cli.add_command(transcripts_command)
cli.add_command(mobility_command)
cli.add_command(quality_command)
cli.add_command(publish_command)
cli.add_command(schema_command)
cli.add_command(approve_command)
cli.add_command(diff_command)


def main() -> None:
    """``skillweave``: the command, then the end of the process without the interpreter's own
    shutdown, which would free every object the command kept (the project, the triples of an
    export, all of ESCO for suggest) one by one, and run a last garbage collection over them, only
    for the process to end. What is registered to run at exit runs, the output is flushed, and
    the process ends with the command's exit status."""
    import atexit
    import os
    import sys
    import threading

    from skillweave.cli import common

    common.kept = []
    try:
        cli(prog_name="skillweave")
        code: int | str | None = 0
    except SystemExit as exc:
        code = exc.code
    try:
        # as the interpreter's shutdown would: wait for threads that are not daemons (and run what
        # they registered), then the functions registered to run at exit
        getattr(threading, "_shutdown", lambda: None)()
        atexit._run_exitfuncs()
        sys.stdout.flush()
        sys.stderr.flush()
    except BaseException:  # pragma: no cover - a closed stdout, say: the usual way out reports it
        sys.exit(code)
    if code is None:
        code = 0
    elif not isinstance(code, int):
        print(code, file=sys.stderr, flush=True)
        code = 1
    os._exit(code)


if __name__ == "__main__":  # pragma: no cover
    main()
