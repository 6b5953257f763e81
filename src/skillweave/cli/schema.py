"""``skillweave schema``: the JSON Schemas of the workspace's YAML files, for editors."""

from __future__ import annotations

import click

from skillweave.cli.common import fail
from skillweave.terms import SCHEMA_FILES

_LIST = "\n".join(f"  {name + '.schema.json':36s} {', '.join(globs)}" for name, globs in SCHEMA_FILES)


@click.command("schema", help=f"""Write the JSON Schemas of the workspace's YAML files into DIR.

Editors use them for completion, descriptions on hover and errors as you type (VS Code with
the YAML extension, and every editor that runs yaml-language-server). The schemas are generated
from skillweave's model, so they accept what `skillweave check` reads file by file; references
between files are still for `check` to judge. `skillweave init` writes them into a new
workspace's schemas/ folder and points the editor at them. An existing file with other content
is only replaced with --force.

\b
{_LIST}

With NAME (alliance, programme, unit, national-qualification, providers) and no -o, that schema
is printed instead.
""")
@click.argument("name", required=False, metavar="[NAME]", type=click.Choice([name for name, _globs in SCHEMA_FILES]))
@click.option("-o", "--output", "output", metavar="DIR",
              help="The folder to write the schemas into (created if missing).")
@click.option("--force", is_flag=True, help="Replace schema files that exist with other content.")
def schema_command(name: str | None, output: str | None, force: bool) -> None:
    from pathlib import Path

    from skillweave.files import FilesExist, write_tree
    from skillweave.formats.json_schema import by_name, render, schema_files

    if output is None:
        if name is None:
            raise fail("give -o DIR to write every schema, or a NAME to print one")
        click.echo(render(by_name(name)), nl=False)
        return
    if Path(output).exists() and not Path(output).is_dir():
        raise fail(f"{output} is a file; give a folder for the schemas")
    files = schema_files()
    if name is not None:
        files = {by_name(name).file_name: files[by_name(name).file_name]}
    try:
        written = write_tree(Path(output), files, overwrite=force, generated=lambda rel: True)
    except FilesExist as exc:
        raise fail(f"{exc}; pass --force to replace") from None
    except OSError as exc:
        raise fail(f"cannot write into {output}: {exc.strerror or exc}") from None
    for path in written:
        click.echo(f"wrote {path}")
    if not written:
        click.echo(f"{output}: the schemas are up to date")
