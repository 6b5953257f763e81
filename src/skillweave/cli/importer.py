"""``skillweave import FORMAT FILE -o WORKSPACE``: curricula from ELM RDF or LOQ XML."""

from __future__ import annotations

import click

from ..importers import IMPORTERS


@click.command("import")
@click.argument("fmt", metavar="FORMAT", type=click.Choice(sorted(IMPORTERS)))
@click.argument("source", metavar="FILE", type=click.Path(dir_okay=False))
@click.option("-o", "--output", "workspace", metavar="WORKSPACE", required=True,
              type=click.Path(file_okay=False), help="The workspace folder to write the files into.")
def import_command(fmt: str, source: str, workspace: str) -> None:
    """Import programmes and units from FILE into WORKSPACE.

    FORMAT is elm (European Learning Model RDF in any syntax: Turtle, RDF/XML, JSON-LD,
    N-Triples) or loq-xml (the Qualification Dataset Register's LOQ XML). Nothing is written unless
    the whole file imports; what could not be mapped is listed. XML with entity declarations or
    DTDs and JSON-LD with remote contexts are refused.
    """
    from pathlib import Path

    from ..importers import ImportFailure, read
    from ..writer import write_workspace

    path = Path(source)
    if not path.is_file():
        click.echo(f"skillweave: error: {source!r} does not exist", err=True)
        raise click.exceptions.Exit(2)
    try:
        result = read(fmt, path)
    except ImportFailure as exc:
        click.echo(f"{source}:{exc.line}:{exc.column}: error {exc.message}", err=True)
        raise click.exceptions.Exit(1) from None
    write_workspace(Path(workspace), result.files)
    for rel in sorted(result.files):
        click.echo(f"wrote {Path(workspace) / rel}")
    if result.unmapped:
        click.echo(f"not mapped ({len(result.unmapped)}):")
        for line in result.unmapped:
            click.echo(f"  {line}")
