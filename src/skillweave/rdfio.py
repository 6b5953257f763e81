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


def _read_checked(path: Path, fmt: str) -> bytes:
    """The file's bytes, after refusing what could reach the network or the file system."""
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
            raise RdfError(RdfProblem(path, line, col, f"invalid JSON: {getattr(exc, 'msg', exc)}")) from None
        if _remote_context(doc):
            raise RdfError(RdfProblem(path, 1, 1, "a remote JSON-LD @context would be fetched from the network; "
                                                  "embed the context in the file"))
    return data


_OXI_FORMATS = {"turtle": "TURTLE", "nt": "N_TRIPLES", "xml": "RDF_XML", "json-ld": "JSON_LD",
                "nquads": "N_QUADS", "trig": "TRIG", "n3": "N3"}


def iter_triples(path: Path, fmt: str | None = None):
    """The (subject, predicate, object, language) of a file's triples with IRIs as strings.

    Uses Oxigraph's parsers (fast); statements with a blank-node subject are skipped, literals
    give their lexical form and language tag. Raises :class:`RdfError` with line and column.
    """
    import pyoxigraph as ox

    fmt = fmt or rdf_format(path) or "turtle"
    data = _read_checked(path, fmt)
    out = []
    try:
        for quad in ox.parse(data, format=getattr(ox.RdfFormat, _OXI_FORMATS[fmt]),
                             base_iri=path.resolve().as_uri()):
            s = quad.subject
            if not isinstance(s, ox.NamedNode):
                continue
            o = quad.object
            if isinstance(o, ox.Literal):
                out.append((s.value, quad.predicate.value, o.value, o.language))
            elif isinstance(o, ox.NamedNode):
                out.append((s.value, quad.predicate.value, o.value, None))
    except SyntaxError as exc:
        line, col = exc.lineno or 1, exc.offset or 1
        msg = str(exc.msg or exc)
        msg = re.sub(r"^Parser error at line \d+ (column \d+|between columns \d+ and \d+): ", "", msg)
        raise RdfError(RdfProblem(path, line, col, f"RDF syntax error: {msg[:300]}")) from None
    return out


def parse_rdf(path: Path, graph=None, fmt: str | None = None):
    """Parse one RDF file into ``graph`` (a new rdflib Graph by default); raises :class:`RdfError`."""
    from rdflib import Graph

    graph = Graph() if graph is None else graph
    fmt = fmt or rdf_format(path) or "turtle"
    data = _read_checked(path, fmt)
    try:
        graph.parse(data=data, format=fmt, publicID=path.resolve().as_uri())
    except Exception as exc:  # rdflib raises many types; all mean the same to the user
        line, col, why = _error_details(exc, data)
        raise RdfError(RdfProblem(path, line, col, f"RDF syntax error ({fmt}): {why[:300]}")) from None
    return graph


def _error_details(exc: Exception, data: bytes) -> tuple[int, int, str]:
    """(line, column, reason) from the exception types that rdflib's parsers raise."""
    text = str(exc).strip()
    why = getattr(exc, "_why", None)
    if why is not None and isinstance(getattr(exc, "_i", None), int):  # notation3/turtle BadSyntax
        src = getattr(exc, "_str", data)
        src = src if isinstance(src, bytes) else str(src).encode()
        line, col = _line_col(src, exc._i)
        return line, col, str(why)
    if hasattr(exc, "getLineNumber"):  # SAX (RDF/XML)
        return exc.getLineNumber() or 1, (exc.getColumnNumber() or 0) + 1, exc.getMessage()
    lineno = getattr(exc, "lineno", None)
    if isinstance(lineno, int):  # json
        return lineno, getattr(exc, "colno", 1) or 1, getattr(exc, "msg", text)
    if text.startswith("Invalid line: "):  # N-Triples / N-Quads
        bad = text[len("Invalid line: "):].strip().encode()
        index = data.find(bad) if bad else -1
        if index >= 0:
            line, col = _line_col(data, index)
            return line, col, "invalid line"
    first = text.splitlines()[0] if text else type(exc).__name__
    return 1, 1, first


def parse_rdf_files(paths: list[Path]):
    """Parse several files into one graph; raises :class:`RdfError` on the first bad file."""
    from rdflib import Graph

    graph = Graph()
    for path in paths:
        parse_rdf(path, graph)
    return graph
