"""Emitters: every output skillweave renders, listed in one registry, :data:`REGISTRY`.

Each :class:`Output` has a name, a kind, the command it belongs to, a default file name, a
description and the function that renders it (imported only when that output is asked for).
Three kinds:

``export``
    one file (or folder) about the whole workspace: ``build`` writes every export into
    ``exports/``, ``export NAME`` writes one. ``function(project, options)`` returns text, or
    ``{relative path: text}`` for a folder.
``report``
    one format of a report command (``coverage``, ``map``, ``path``, ``quality``, ``check``, the
    ``vocab`` commands, ``suggest``); the first format listed for a command is its default.
    ``function(subject, options)`` returns text; the subject is the checked
    :class:`~skillweave.model.Project` for every command that reads a workspace (see
    :data:`SUBJECTS` for the others).
``document``
    a document about one learner or one mobility (transcripts, memoranda of understanding,
    learning agreements), written by ``transcripts`` and ``mobility`` into a folder of the user's,
    never into ``exports/``. ``function(document)`` returns ``{file name: text or bytes}``; it is
    called in worker processes, once per document (see :mod:`skillweave.pipeline`).

Emitters get a finished, read-only project and return text; they never write files.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from skillweave.errors import OptionError

__all__ = ["DEFAULT", "DOCUMENT", "EXPORT", "EXPORTS", "REGISTRY", "REPORT", "OptionError", "Options", "Output",
           "emit", "get", "names", "outputs", "render"]

EXPORT, REPORT, DOCUMENT = "export", "report", "document"

#: what a report's function gets as its subject, for the commands that do not read a workspace
SUBJECTS = {
    "vocab show": "a concept view (skillweave.vocab.concepts.ConceptView)",
    "vocab search": "a search result (skillweave.vocab.concepts.SearchResult)",
    "vocab import": "an import outcome (skillweave.vocab.store.ImportOutcome)",
    "suggest": "the suggestions for a statement (skillweave.suggest.Suggestions)",
    "diff": "the changes between two versions of a workspace (skillweave.analyses.diff.CurriculumDiff)",
}


def _same(path: str) -> str:
    return path


@dataclass(frozen=True)
class Options:
    """What the user chose for a report. The defaults are what ``build`` uses for the exports."""

    #: language of texts and names (default: the alliance's default language)
    lang: str | None = None
    #: EQAVET period: ``all`` or one entry cohort, such as ``2024-25`` (normalised on creation)
    period: str = "all"
    #: only the national qualification of this partner (``map``)
    partner: str | None = None
    #: how a workspace file is shown in diagnostics (relative to the current folder)
    display_path: Callable[[str], str] = _same
    #: suggested ESCO skills for SW311 diagnostics, by diagnostic (``check --suggest``)
    suggestions: Mapping[Any, list] | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        if self.period != "all":
            from skillweave.analyses.eqavet import parse_period

            try:
                object.__setattr__(self, "period", parse_period(self.period))
            except ValueError as exc:
                raise OptionError(str(exc)) from None


DEFAULT = Options()


@dataclass(frozen=True)
class Output:
    #: what the user types: ``export NAME``, ``--format NAME``
    name: str
    #: export, report or document
    kind: str
    #: the command it belongs to
    command: str
    #: exports: the path under exports/; reports: a file name for ``-o``; documents: the names of
    #: the files of one document, under the command's output folder
    filename: str
    description: str
    #: the module of this package that renders it, and the function of that module
    module: str
    function: str
    #: documents only: optionally, a function of the module: documents -> notes for the command
    #: to print (never learner data)
    notes: str | None = None
    #: exports: the fields of :class:`Options` the export reads (the options ``export`` accepts
    #: for it, such as ``lang``); the others ignore every option
    options: tuple[str, ...] = ()
    #: exports only: written by ``build`` (a print product made on request is not)
    in_build: bool = True

    def load(self) -> Callable:
        """The function that renders this output."""
        return getattr(importlib.import_module(f"{__name__}.{self.module}"), self.function)

    def notes_on(self, documents: Sequence[Any]) -> list[str]:
        """What this document format has to say about a cohort's documents (such as issuers
        without a legal identifier); empty for most formats."""
        if self.notes is None:
            return []
        return getattr(importlib.import_module(f"{__name__}.{self.module}"), self.notes)(documents)

    @property
    def folder(self) -> str:
        """Documents: the sub-folder of the command's output folder their files go into."""
        return self.filename.rpartition("/")[0]


def _export(name: str, module: str, function: str, filename: str, description: str,
            options: tuple[str, ...] = ()) -> Output:
    return Output(name, EXPORT, "export", filename, description, module, function, options=options)


def _report(command: str, name: str, module: str, function: str, filename: str, description: str) -> Output:
    return Output(name, REPORT, command, filename, description, module, function)


def _document(command: str, name: str, module: str, filename: str, description: str,
              notes: str | None = None) -> Output:
    return Output(name, DOCUMENT, command, filename, description, module, "render", notes)


REGISTRY: tuple[Output, ...] = (
    # -- exports: everything build writes into exports/, in this order ---------------------------
    _export("graph-graphml", "graph", "graphml", "graph.graphml", "the curriculum graph as GraphML"),
    _export("graph-json", "graph", "node_link_json", "graph.json", "the curriculum graph as node-link JSON"),
    _export("coverage-html", "coverage", "as_html", "coverage.html", "the skills coverage heat map"),
    _export("coverage-json", "coverage", "as_json", "coverage.json", "the skills coverage as JSON"),
    _export("coverage-csv", "coverage", "as_csv", "coverage.csv", "the skills coverage as CSV"),
    _export("map-json", "mapping", "as_json", "mapping.json", "national-to-joint unit mapping as JSON"),
    _export("map-csv", "mapping", "as_csv", "mapping.csv", "national-to-joint unit mapping as CSV"),
    _export("map-html", "mapping", "as_html", "mapping.html", "national-to-joint unit mapping and credit transfer"),
    _export("path-json", "paths", "as_json", "paths.json", "teaching order and semester plans as JSON"),
    _export("elm-turtle", "elm", "turtle", "elm.ttl", "programmes and units in ELM v3 (LOQ profile) as Turtle"),
    _export("elm-jsonld", "elm", "jsonld", "elm.jsonld", "programmes and units in ELM v3 as JSON-LD (context embedded)"),
    _export("elm-rdfxml", "elm", "rdfxml", "elm.rdf", "programmes and units in ELM v3 as RDF/XML"),
    _export("html", "handbook", "handbook", "handbook", "the handbook of the joint training content (a folder)"),
    _export("moodle-csv", "moodle", "competency_framework", "moodle-competencies.csv",
            "a Moodle competency framework in every language of the alliance", options=("lang",)),
    _export("loq-xml", "loq", "xml", "loq.xml", "programmes and units as LOQ XML for the Qualification Dataset Register"),
    _export("quality-json", "eqavet", "as_json", "quality.json", "EQAVET quality indicators as JSON (no personal data)"),
    _export("quality-xml", "eqavet", "as_xml", "quality.xml", "EQAVET quality indicators as XML (skillweave's schema)"),
    _export("quality-turtle", "eqavet", "as_turtle", "quality.ttl", "EQAVET quality indicators as an RDF Data Cube (Turtle)"),
    _export("quality-html", "eqavet", "as_html", "quality.html", "EQAVET quality dashboard with charts (printable)"),
    # a print product, made on request (export handbook-pdf), not by build: it needs the Pango library
    Output("handbook-pdf", EXPORT, "export", "handbook.pdf",
           "the whole joint training content as one PDF on A4, in one language (--lang)", "handbook_pdf", "as_pdf",
           options=("lang",), in_build=False),
    # -- reports: the formats of each report command, its default first -------------------------
    _report("coverage", "text", "coverage", "as_text", "coverage.txt", "programmes, occupations, covered and missing skills"),
    _report("coverage", "json", "coverage", "as_json", "coverage.json", "every figure and skill as JSON"),
    _report("coverage", "csv", "coverage", "as_csv", "coverage.csv", "one row per programme, occupation and skill"),
    _report("coverage", "html", "coverage", "as_html", "coverage.html", "a heat map of units × essential skills"),
    _report("map", "text", "mapping", "as_text", "mapping.txt", "best matches and credit transfer per qualification"),
    _report("map", "json", "mapping", "as_json", "mapping.json", "every match and the credit transfer as JSON"),
    _report("map", "csv", "mapping", "as_csv", "mapping.csv", "one row per national unit and matching joint unit"),
    _report("map", "html", "mapping", "as_html", "mapping.html", "the mapping and credit-transfer tables"),
    _report("path", "text", "paths", "as_text", "paths.txt", "teaching order, semesters and longest chain"),
    _report("path", "json", "paths", "as_json", "paths.json", "the same as JSON"),
    _report("quality", "json", "eqavet", "as_json", "quality.json", "every figure by scope"),
    _report("quality", "xml", "eqavet", "as_xml", "quality.xml", "skillweave's own schema (shipped in the package)"),
    _report("quality", "html", "eqavet", "as_html", "quality.html", "a printable dashboard with charts"),
    _report("quality", "turtle", "eqavet", "as_turtle", "quality.ttl", "the W3C RDF Data Cube vocabulary"),
    _report("check", "text", "check", "as_text", "check.txt", "path:line:col lines and a summary"),
    _report("check", "json", "check", "as_json", "check.json", "diagnostics and summary (docs/formats.md)"),
    _report("check", "github", "check", "as_github", "check.txt", "GitHub Actions annotations"),
    _report("vocab show", "text", "concepts", "concept_text", "concept.txt", "the concept and its relations"),
    _report("vocab show", "json", "concepts", "concept_json", "concept.json", "the same as JSON"),
    _report("vocab search", "text", "concepts", "search_text", "search.txt", "one concept a line"),
    _report("vocab search", "json", "concepts", "search_json", "search.json", "the same as a list"),
    _report("vocab import", "text", "concepts", "import_text", "import.txt", "problems, then the counts"),
    _report("vocab import", "json", "concepts", "import_json", "import.json", "problems and counts"),
    _report("vocab import", "github", "concepts", "import_github", "import.txt", "GitHub Actions annotations"),
    _report("suggest", "text", "suggestions", "as_text", "suggestions.txt",
            "one skill a line (rank, score, label, type, URI)"),
    _report("suggest", "json", "suggestions", "as_json", "suggestions.json", "the same as a list"),
    _report("diff", "text", "diff", "as_text", "changes.txt", "plain text for the terminal ([-deleted-] and {+inserted+} words)"),
    _report("diff", "markdown", "diff", "as_markdown", "changes.md", "Markdown for a pull-request description"),
    _report("diff", "html", "diff", "as_html", "changes.html", "a self-contained HTML page (prints on A4)"),
    _report("diff", "json", "diff", "as_json", "changes.json", "the changes as JSON (docs/diff.md)"),
    # -- documents: one per learner or mobility ---------------------------------------------------
    _document("transcripts", "html", "transcript_html", "LEARNER.html",
              "print-ready HTML in the languages of the learner's programme"),
    _document("transcripts", "elmo", "transcript_elmo", "LEARNER.xml",
              "EMREX ELMO XML with ECVET credits, one report per assessing institution"),
    _document("transcripts", "edc", "transcript_edc", "LEARNER.jsonld",
              "European Digital Credential: ELM v3 JSON-LD, context embedded, unsigned", notes="notes"),
    _document("mobility", "mou", "mou", "mou/FIRST_SECOND.html, .xml",
              "a memorandum of understanding for every pair of partners with mobilities"),
    _document("mobility", "agreement", "agreement", "agreements/MOBILITY.html",
              "a learning agreement for every mobility"),
    # PDF of the same documents, on request (transcripts --format pdf, mobility --pdf)
    Output("pdf", DOCUMENT, "transcripts", "LEARNER.pdf",
           "PDF on A4: every language of the learner's programme, each from a new page", "document_pdf", "transcript"),
    Output("mou-pdf", DOCUMENT, "mobility", "mou/FIRST_SECOND.pdf",
           "a memorandum of understanding as PDF on A4 (with --pdf)", "document_pdf", "memorandum"),
    Output("agreement-pdf", DOCUMENT, "mobility", "agreements/MOBILITY.pdf",
           "a learning agreement as PDF on A4 (with --pdf)", "document_pdf", "agreement"),
)

#: the exports ``build`` writes into exports/ (``export`` offers these and the print products)
EXPORTS: tuple[Output, ...] = tuple(o for o in REGISTRY if o.kind == EXPORT and o.in_build)


def outputs(command: str, kind: str | None = None) -> tuple[Output, ...]:
    """The outputs of a command (exports: ``export``), in registry order: the default first."""
    return tuple(o for o in REGISTRY if o.command == command and (kind is None or o.kind == kind))


def names(command: str) -> list[str]:
    """The names a command accepts (for its ``--format`` choice), the default first."""
    return [o.name for o in outputs(command)]


def get(command: str, name: str) -> Output:
    for o in REGISTRY:
        if o.command == command and o.name == name:
            return o
    raise KeyError(f"{command} {name}")


def render(command: str, name: str, subject: Any, options: Options = DEFAULT) -> Any:
    """Render the output ``name`` of ``command`` (an export or a report) for ``subject``."""
    return get(command, name).load()(subject, options)


def emit(project: Any, name: str, options: Options = DEFAULT) -> str | dict[str, str]:
    """The export ``name`` of a checked, analysed project."""
    return render("export", name, project, options)
