"""``skillweave import FORMAT FILE -o WORKSPACE``: curricula from ELM RDF or LOQ XML."""

from __future__ import annotations

import click

from skillweave.importers import IMPORTERS


@click.command("import")
@click.argument("fmt", metavar="FORMAT", type=click.Choice(sorted(IMPORTERS)))
@click.argument("source", metavar="FILE", type=click.Path(dir_okay=False))
@click.option("-o", "--output", "workspace", metavar="WORKSPACE", required=True,
              type=click.Path(file_okay=False), help="The workspace folder to write the files into.")
@click.option("--force", is_flag=True,
              help="Replace files of the workspace that hold something else (edited units, comments, approvals).")
def import_command(fmt: str, source: str, workspace: str, force: bool) -> None:
    """Import programmes and units from FILE into WORKSPACE.

    FORMAT is elm (European Learning Model RDF in any syntax: Turtle, RDF/XML, JSON-LD,
    N-Triples) or loq-xml (the Qualification Dataset Register's LOQ XML). Nothing is written unless
    the whole file imports; what could not be mapped is listed. An existing
    curricula/alliance.yaml is kept (the imported organisations become the alliance's partners only
    in a workspace without one). XML with entity declarations or DTDs is refused, and so is
    JSON-LD with a remote context other than the ELM (Europass) and W3C credentials contexts, which
    skillweave has built in.

    A file that already exists with other content (a unit someone edited, with its comments,
    contributors and approvals) is never replaced without --force: the command lists what it would
    change and writes nothing (exit 2). A file that already holds exactly the imported content is
    left as it is.
    """
    from pathlib import Path

    from skillweave.errors import ImportFailure
    from skillweave.files import FilesExist
    from skillweave.formats.workspace_yaml import changes, write_workspace
    from skillweave.importers import read

    path = Path(source)
    if not path.is_file():
        click.echo(f"skillweave: error: {source!r} does not exist", err=True)
        raise click.exceptions.Exit(2)
    try:
        result = read(fmt, path)
    except ImportFailure as exc:
        click.echo(f"{source}:{exc.line}:{exc.column}: error {exc.code} {exc.message}", err=True)
        raise click.exceptions.Exit(1) from None
    files = dict(result.files)
    kept = []
    # the workspace's own alliance (partners, languages, approval rules) wins over an imported one
    if "curricula/alliance.yaml" in files and (Path(workspace) / "curricula" / "alliance.yaml").exists():
        del files["curricula/alliance.yaml"]
        kept.append("curricula/alliance.yaml")
    try:
        written = write_workspace(Path(workspace), files, overwrite=force)
    except FilesExist as exc:
        click.echo(f"skillweave: error: {len(exc.paths)} file(s) of {workspace} hold something else; nothing was "
                   "written (give --force to replace them):", err=True)
        for line in changes(Path(workspace), files, exc.paths):
            click.echo(f"  {line}", err=True)
        raise click.exceptions.Exit(2) from None
    for shown in written:
        click.echo(f"wrote {shown}")
    for rel in kept:
        click.echo(f"kept the existing {Path(workspace) / rel} (the imported partners are not written)")
    if result.unmapped:
        click.echo(f"not mapped ({len(result.unmapped)}):")
        for line in result.unmapped:
            click.echo(f"  {line}")
