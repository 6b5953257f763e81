"""``skillweave diff``: what changed between two versions of a workspace, in curriculum terms."""

from __future__ import annotations

import click

from skillweave.cli.common import fail, format_option, output_option, vocabulary_option
from skillweave.emitters import outputs

_FORMATS = "\n".join(f"  {o.name:9s} {o.description}" for o in outputs("diff"))


@click.command("diff", help=f"""Report what changed from OLD to NEW in curriculum terms, for partners who review
a new version.

OLD and NEW are workspace folders or git revisions of the workspace (-C, default the current
folder): 'skillweave diff HEAD~1 HEAD', 'skillweave diff main..feature', or 'skillweave diff
main' for main against the working tree. A revision is read with git archive into a temporary
folder (curricula/ and ontologies/ only, never learner records). Either version may have
check errors: units and programmes whose files cannot be read are listed as not compared.

The report lists programmes, units and learning outcomes added, removed and renamed (a new
id for the same content or title); changes of ECVET points, EQF levels, hours, prerequisites,
status and other fields; titles, statements and assessments word by word per language; ESCO
skills added and removed; the approvals that the change invalidates (bound to the old content)
or that partners may want to review (not bound to content); and per programme the credit and
hours of its units and the coverage of its target occupations' essential skills.

\b
Formats:
{_FORMATS}
""")
@click.argument("old", metavar="OLD")
@click.argument("new", metavar="[NEW]", required=False)
@click.option("-C", "--workspace", "workspace", default=".", type=click.Path(file_okay=False), metavar="DIR",
              show_default=True, help="The workspace whose git history the revisions are of.")
@format_option("diff", help="The report format.")
@output_option
@vocabulary_option
def diff_command(old: str, new: str | None, workspace: str, fmt: str, output: str | None, force: bool,
                 vocabulary: str | None) -> None:
    import tempfile
    from pathlib import Path

    from skillweave.analyses.diff import compare
    from skillweave.cli.common import write_report
    from skillweave.emitters import Options
    from skillweave.errors import SkillweaveError
    from skillweave.load.revision import extract
    from skillweave.pipeline import check

    from skillweave.load.workspace import locate

    # inside a workspace (curricula/units/, say) the workspace above is meant, as for every command
    workspace = str(locate(Path(workspace)))
    working_tree = False
    if new is None:
        if ".." in old and not Path(old).is_dir():
            old, _, new = old.partition("..")
            new = new or "HEAD"
        else:
            new, working_tree = workspace, True
    repo = Path(workspace)
    with tempfile.TemporaryDirectory(prefix="skillweave-diff-") as tmp:
        projects = []
        for name, spec in (("old", old), ("new", new)):
            try:
                folder = Path(spec) if Path(spec).is_dir() else extract(repo, spec, Path(tmp) / name)
                projects.append(check(folder, vocabulary))
            except SkillweaveError as exc:
                raise fail(str(exc)) from None
        report = compare(projects[0], projects[1], old, "the working tree" if working_tree else new)
    write_report("diff", fmt, report, Options(), output, force)
