"""The formats of ``skillweave check``: the project's diagnostics with the workspace summary,
and the suggested ESCO skills of ``--suggest`` (:mod:`skillweave.diagnostics` formats them)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from skillweave.diagnostics import format_github, format_json, format_text

if TYPE_CHECKING:  # pragma: no cover
    from skillweave.emitters import Options
    from skillweave.model import Project


def as_text(project: "Project", options: "Options") -> str:
    return format_text(project.diagnostics, project.summary(), options.display_path, options.suggestions)


def as_json(project: "Project", options: "Options") -> str:
    return format_json(project.diagnostics, project.summary(), options.suggestions)


def as_github(project: "Project", options: "Options") -> str:
    return format_github(project.diagnostics, project.summary(), options.display_path, options.suggestions)
