"""``skillweave check``: report every problem of a workspace with file, line and column."""

from __future__ import annotations

import sys

import click

from skillweave.cli.common import display_path, fail, vocabulary_option, workspace_argument


@click.command("check")
@workspace_argument
@click.option("--format", "fmt", type=click.Choice(["text", "json", "github"]), default="text", show_default=True,
              help="text: path:line:col lines and a summary; json: diagnostics and summary (docs/formats.md); "
                   "github: GitHub Actions annotations.")
@click.option("--strict", is_flag=True, help="Exit with 1 on warnings too.")
@click.option("--suggest", "with_suggestions", is_flag=True,
              help="For each learning outcome that links no ESCO skill (SW311), list the 3 skills that "
                   "skillweave suggest ranks first (json: an extra key 'suggestions' on the diagnostic).")
@vocabulary_option
def check_command(workspace: str, fmt: str, strict: bool, vocabulary: str | None, with_suggestions: bool) -> None:
    """Check a workspace and report every problem at once.

    Exit status: 0 no errors, 1 errors (or warnings with --strict), 2 the command could not run.
    """
    from skillweave.diagnostics import count, format_github, format_json, format_text
    from skillweave.load.workspace import WorkspaceError
    from skillweave.pipeline import check
    from skillweave.vocab import VocabularyError

    try:
        project = check(workspace, vocabulary)
    except (WorkspaceError, VocabularyError) as exc:
        raise fail(str(exc)) from None
    diagnostics = project.diagnostics
    summary = project.summary()
    show = display_path(workspace)
    if fmt == "json":
        out = format_json(diagnostics, summary)
    elif fmt == "github":
        out = format_github(_suggestions_in_messages(project) if with_suggestions else diagnostics, summary, show)
    else:
        out = format_text(diagnostics, summary, show)
    if with_suggestions and fmt != "github":
        out = _with_suggestions(out, fmt, project)
    sys.stdout.write(out)
    errors, warnings = count(diagnostics)
    if errors or (strict and warnings):
        raise click.exceptions.Exit(1)


def _with_suggestions(out: str, fmt: str, project) -> str:
    """Add suggested ESCO skills under each SW311 diagnostic (an extra key ``suggestions`` in JSON)."""
    import json

    from skillweave.suggest import outcome_suggestions

    found = outcome_suggestions(project, top=3)
    if not found:
        return out
    if fmt == "json":
        data = json.loads(out)
        by_position = {(d.file, d.line, d.column, d.code, d.message): hits for d, hits in found.items()}
        for item in data["diagnostics"]:
            hits = by_position.get((item["file"], item["line"], item["column"], item["code"], item["message"]))
            if hits is not None:
                item["suggestions"] = [{"uri": h.uri, "label": h.label, "score": h.score} for h in hits]
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    lines = out.splitlines()
    # format_text writes one line per diagnostic, in order, then the summary line
    result = []
    for d, line in zip(project.diagnostics, lines):
        result.append(line)
        hits = found.get(d)
        if hits:
            result += [f"    suggestion: {h.label} <{h.uri}> ({h.score:.2f})" for h in hits]
        elif hits is not None:
            result.append("    suggestion: none (no ESCO skill shares a word with the statement)")
    result += lines[len(project.diagnostics):]
    return "\n".join(result) + "\n"


def _suggestions_in_messages(project) -> list:
    """The diagnostics, with the suggested skills appended to each SW311 message (for annotations)."""
    from dataclasses import replace

    from skillweave.suggest import outcome_suggestions

    found = outcome_suggestions(project, top=3)
    return [replace(d, message=d.message + "; suggested: " + ", ".join(f"{h.label} <{h.uri}>" for h in found[d]))
            if found.get(d) else d for d in project.diagnostics]
