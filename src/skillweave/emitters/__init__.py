"""Emitters: one module per output format, listed in :data:`REGISTRY`.

An emitter gets a finished, read-only :class:`~skillweave.model.Project` and returns text (one
file) or ``{relative path: text}`` (several files); the command line does the writing. Modules are
imported only when their format is asked for.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from skillweave.model import Project


@dataclass(frozen=True)
class Emitter:
    format: str
    module: str
    function: str
    #: default file name under exports/
    filename: str
    description: str


REGISTRY: tuple[Emitter, ...] = (
    Emitter("graph-graphml", "graph", "graphml", "graph.graphml", "the curriculum graph as GraphML"),
    Emitter("graph-json", "graph", "node_link_json", "graph.json", "the curriculum graph as node-link JSON"),
    Emitter("coverage-html", "coverage", "html", "coverage.html", "the skills coverage heat map"),
    Emitter("coverage-json", "coverage", "json_text", "coverage.json", "the skills coverage as JSON"),
    Emitter("coverage-csv", "coverage", "csv_text", "coverage.csv", "the skills coverage as CSV"),
    Emitter("map-json", "mapping", "json_text", "mapping.json", "national-to-joint unit mapping as JSON"),
    Emitter("map-csv", "mapping", "csv_text", "mapping.csv", "national-to-joint unit mapping as CSV"),
    Emitter("map-html", "mapping", "html", "mapping.html", "national-to-joint unit mapping and credit transfer"),
    Emitter("path-json", "paths", "json_text", "paths.json", "teaching order and semester plans as JSON"),
    Emitter("elm-turtle", "elm", "turtle", "elm.ttl", "programmes and units in ELM v3 (LOQ profile) as Turtle"),
    Emitter("elm-jsonld", "elm", "jsonld", "elm.jsonld", "programmes and units in ELM v3 as JSON-LD (context embedded)"),
    Emitter("elm-rdfxml", "elm", "rdfxml", "elm.rdf", "programmes and units in ELM v3 as RDF/XML"),
    Emitter("html", "handbook", "handbook", "handbook", "the handbook of the joint training content (a folder)"),
    Emitter("moodle-csv", "moodle", "competency_framework", "moodle-competencies.csv", "a Moodle competency framework"),
    Emitter("loq-xml", "loq", "xml", "loq.xml", "programmes and units as LOQ XML for the Qualification Dataset Register"),
    Emitter("quality-json", "eqavet", "json_text", "quality.json", "EQAVET quality indicators as JSON (no personal data)"),
    Emitter("quality-xml", "eqavet", "xml", "quality.xml", "EQAVET quality indicators as XML (skillweave's schema)"),
    Emitter("quality-turtle", "eqavet", "turtle", "quality.ttl", "EQAVET quality indicators as an RDF Data Cube (Turtle)"),
    Emitter("quality-html", "eqavet", "html", "quality.html", "EQAVET quality dashboard with charts (printable)"),
)

FORMATS = tuple(e.format for e in REGISTRY)


def get(fmt: str) -> Emitter:
    for e in REGISTRY:
        if e.format == fmt:
            return e
    raise KeyError(fmt)


def emit(project: "Project", fmt: str) -> str | dict[str, str]:
    e = get(fmt)
    module = importlib.import_module(f"{__name__}.{e.module}")
    return getattr(module, e.function)(project)
