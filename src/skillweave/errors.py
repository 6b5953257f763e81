"""The errors skillweave raises when a command cannot run at all.

Problems in a user's files are not errors but diagnostics (:mod:`skillweave.diagnostics`). An
error means that the command cannot go on: a workspace folder that does not exist, a vocabulary
that cannot be opened, a file that cannot be written. Every one derives from
:class:`SkillweaveError`, so the command line catches one class and prints one line (exit 2).
"""

from __future__ import annotations


class SkillweaveError(Exception):
    """Something skillweave cannot do at all; the message says what and how to fix it."""


class OutsideRoot(SkillweaveError, ValueError):
    """A file would be written outside the folder it belongs in (a path, or a symbolic link on
    the way, that leads out of it): nothing is written."""


class WorkspaceError(SkillweaveError):
    """The workspace cannot be used at all (the command exits with 2)."""


class RdfError(SkillweaveError):
    """An RDF file cannot be read safely; ``problem`` says where (an :class:`~skillweave.load.rdf.RdfProblem`)."""

    def __init__(self, problem: "RdfProblem") -> None:  # noqa: F821  (defined in load/rdf.py)
        super().__init__(problem.message)
        self.problem = problem


class VocabularyError(SkillweaveError):
    """The vocabulary named by the user cannot be used at all (the command exits with 2)."""


class StoreError(VocabularyError):
    """The store cannot be made or opened at all (the command exits with 2)."""


class SparqlError(VocabularyError):
    """The endpoint cannot be reached or refused a query (the command exits with 2)."""


class EscoCsvError(SkillweaveError):
    """The sources cannot be read as an ESCO CSV download at all (the command exits with 2)."""


class ExtractError(SkillweaveError):
    """The subset cannot be made (an occupation is unknown)."""


class SuggestError(SkillweaveError):
    """Suggestions cannot be made as asked (for example, the embedding model cannot be loaded)."""


class ImportFailure(SkillweaveError):
    """The input cannot be imported; ``line``/``column`` point into it where known, ``code`` is its
    diagnostic code (SW109 an RDF file that is not RDF, is unsafe or cannot be read; SW108 a LOQ file
    that cannot be read; SW112 a LOQ file that is not well-formed, unsafe or not LOQ XML)."""

    def __init__(self, message: str, line: int = 1, column: int = 1, code: str = "SW112") -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column
        self.code = code


class OutputError(SkillweaveError):
    """The documents cannot be written where asked (the command exits with 2)."""


class HttpError(SkillweaveError):
    """The server cannot be reached, broke a bound, or redirected elsewhere (one-line message)."""


class PublishError(HttpError):
    """The graph could not be published (the command exits with 2)."""


class BuildError(SkillweaveError):
    """The build cannot write its outputs (the command exits with 2)."""


class OptionError(SkillweaveError):
    """An option of a report does not fit the workspace or is not well formed (the command exits with 2)."""


class UnknownConcept(SkillweaveError):
    """A reference names no concept of the kind asked for, or several (the command exits with 1)."""


class FilesExist(SkillweaveError):
    """Files that would be replaced, and the caller did not ask to replace them (``paths``)."""

    def __init__(self, paths: list) -> None:
        self.paths = paths
        more = f" and {len(paths) - 1} more" if len(paths) > 1 else ""
        super().__init__(f"{paths[0]} exists{more}")


class StarterError(SkillweaveError):
    """An answer that cannot be used (one line for the user)."""


class SchemaError(SkillweaveError):
    """A model type that the JSON Schema cannot express exactly (a programming error)."""


class ApprovalError(SkillweaveError):
    """The approval cannot be written (the command exits with 2 and this one-line message)."""


class RevisionError(SkillweaveError):
    """A version to compare cannot be read: not a folder, not a git revision (exit 2)."""


class PdfError(SkillweaveError):
    """A PDF cannot be made: the renderer or its libraries are missing (the command exits with 2)."""
