"""Reading RDF safely: no network, no external entities, positions for syntax errors.

* RDF/XML with a DOCTYPE that declares entities is refused (XXE, entity expansion);
* JSON-LD whose ``@context`` is a remote URL is refused (rdflib would fetch it);
* a syntax error becomes a :class:`RdfProblem` with line and column where rdflib gives them.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from .workspace import RDF_SUFFIXES


@dataclass(frozen=True)
class RdfProblem:
    path: Path
    line: int
    column: int
    message: str


class RdfError(Exception):
    def __init__(self, problem: RdfProblem) -> None:
        super().__init__(problem.message)
        self.problem = problem


_ENTITY = re.compile(rb"<!ENTITY", re.IGNORECASE)
_DOCTYPE = re.compile(rb"<!DOCTYPE", re.IGNORECASE)


def _line_col(data: bytes, index: int) -> tuple[int, int]:
    return data.count(b"\n", 0, index) + 1, index - (data.rfind(b"\n", 0, index) + 1) + 1


def _remote_context(node) -> bool:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "@context":
                items = value if isinstance(value, list) else [value]
                if any(isinstance(item, str) for item in items):
                    return True
                if any(_remote_context(item) for item in items):
                    return True
            elif _remote_context(value):
                return True
    elif isinstance(node, list):
        return any(_remote_context(item) for item in node)
    return False


def rdf_format(path: Path) -> str | None:
    return RDF_SUFFIXES.get(path.suffix.lower())


def parse_rdf(path: Path, graph=None, fmt: str | None = None):
    """Parse one RDF file into ``graph`` (a new rdflib Graph by default); raises :class:`RdfError`."""
    from rdflib import Graph

    graph = Graph() if graph is None else graph
    fmt = fmt or rdf_format(path) or "turtle"
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise RdfError(RdfProblem(path, 1, 1, f"cannot read the file ({exc.strerror})")) from None
    if fmt == "xml":
        m = _ENTITY.search(data) or (_DOCTYPE.search(data) if b"SYSTEM" in data or b"PUBLIC" in data else None)
        if m:
            line, col = _line_col(data, m.start())
            raise RdfError(RdfProblem(path, line, col,
                                      "XML entity declarations and external DTDs are refused (they can read "
                                      "files or expand without bound); remove the DOCTYPE"))
    if fmt == "json-ld":
        try:
            doc = json.loads(data)
        except ValueError as exc:
            line = getattr(exc, "lineno", 1)
            col = getattr(exc, "colno", 1)
            raise RdfError(RdfProblem(path, line, col, f"invalid JSON: {exc}")) from None
        if _remote_context(doc):
            raise RdfError(RdfProblem(path, 1, 1, "a remote JSON-LD @context would be fetched from the network; "
                                                  "embed the context in the file"))
    try:
        graph.parse(data=data, format=fmt, publicID=path.resolve().as_uri())
    except Exception as exc:  # rdflib raises many types; all mean the same to the user
        line, col = _error_position(exc)
        message = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise RdfError(RdfProblem(path, line, col, f"RDF syntax error: {message[:300]}")) from None
    return graph


def _error_position(exc: Exception) -> tuple[int, int]:
    line = getattr(exc, "lines", None)
    if isinstance(line, int):  # rdflib's notation3 BadSyntax: 0-based line
        return line + 1, 1
    lineno = getattr(exc, "lineno", None) or getattr(exc, "getLineNumber", lambda: None)()
    col = getattr(exc, "colno", None) or getattr(exc, "getColumnNumber", lambda: None)()
    if isinstance(lineno, int):
        return lineno, (col + 1 if isinstance(col, int) else 1)
    return 1, 1


def parse_rdf_files(paths: list[Path]):
    """Parse several files into one graph; raises :class:`RdfError` on the first bad file."""
    from rdflib import Graph

    graph = Graph()
    for path in paths:
        parse_rdf(path, graph)
    return graph
