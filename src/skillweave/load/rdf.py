"""Reading RDF safely: no network, no external entities, positions for syntax errors.

* RDF/XML with a DOCTYPE is refused, in any encoding (XXE, entity expansion; :mod:`.xmlsafe`);
* JSON-LD whose ``@context`` is a remote URL is refused (rdflib would fetch it), unless the caller
  maps that URL to a context it holds (``contexts``: the ELM importer's built-in ELM contexts);
* a syntax error becomes a :class:`RdfProblem` with line and column where rdflib gives them.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from skillweave.errors import RdfError
from skillweave.load import xmlsafe
from skillweave.load.workspace import RDF_SUFFIXES, RefusedFile, read_inside


@dataclass(frozen=True)
class RdfProblem:
    path: Path
    line: int
    column: int
    message: str
    #: the diagnostic code when the problem is reported in a workspace
    code: str = "SW109"




def _line_col(data: bytes, index: int) -> tuple[int, int]:
    return data.count(b"\n", 0, index) + 1, index - (data.rfind(b"\n", 0, index) + 1) + 1


def _remote_context(node) -> bool:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "@import":  # JSON-LD 1.1: a context that imports another by URL
                return True
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


def remote_contexts(node) -> list[str]:
    """The URLs of the remote contexts that a JSON-LD document names, in document order."""
    found: list[str] = []
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "@context":
                for item in value if isinstance(value, list) else [value]:
                    if isinstance(item, str):
                        found.append(item)
                    else:
                        found += remote_contexts(item)
            else:
                found += remote_contexts(value)
    elif isinstance(node, list):
        for item in node:
            found += remote_contexts(item)
    return list(dict.fromkeys(found))


def _inline_contexts(node, contexts: dict):
    """``node`` with every remote context URL replaced by the context that ``contexts`` maps it to."""
    if isinstance(node, dict):
        out = {}
        for key, value in node.items():
            if key == "@context":
                items = value if isinstance(value, list) else [value]
                new = []
                for item in items:
                    if isinstance(item, str) and item in contexts:
                        known = contexts[item]
                        new += known if isinstance(known, list) else [known]
                    else:
                        new.append(_inline_contexts(item, contexts))
                out[key] = new if isinstance(value, list) or len(new) != 1 else new[0]
            else:
                out[key] = _inline_contexts(value, contexts)
        return out
    if isinstance(node, list):
        return [_inline_contexts(item, contexts) for item in node]
    return node


def rdf_format(path: Path) -> str | None:
    return RDF_SUFFIXES.get(path.suffix.lower())


def _utf8(path: Path, data: bytes) -> bytes:
    """``data`` without a UTF-8 byte order mark; a file in UTF-16 or UTF-32 is refused, saying how
    to fix it (whether the rest is UTF-8 is asked only when a parser fails: :func:`not_utf8`)."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:]
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or (len(data) > 1 and (data[0] == 0) != (data[1] == 0)):
        wide = "UTF-32" if data[:4] in (b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff") or data[:2] == b"\x00\x00" else "UTF-16"
        raise RdfError(RdfProblem(path, 1, 1, f"the file is in {wide}, not UTF-8; save it as UTF-8"))
    return data


def not_utf8(path: Path, data: bytes) -> "RdfProblem | None":
    """Where ``data`` stops being UTF-8, and how to fix it; None when it is UTF-8 (asked when a
    parser has failed: a file in Latin-1 gets this rather than the parser's message)."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = len(data[data.rfind(b"\n", 0, exc.start) + 1:exc.start].decode("utf-8", "replace")) + 1
        return RdfProblem(path, line, column, f"the byte 0x{data[exc.start]:02X} is not UTF-8 (is the file in "
                                              "Latin-1 or Windows-1252?); save it as UTF-8")
    return None


def _read_checked(path: Path, fmt: str, contexts: dict | None = None, root: Path | None = None) -> bytes:
    """The file's bytes, after refusing what could reach the network or the file system. With
    ``root`` (a workspace), a file that resolves outside it is refused (see :func:`read_inside`)."""
    if root is not None:
        try:
            data = read_inside(path, root)
        except RefusedFile as exc:
            raise RdfError(RdfProblem(path, 1, 1, exc.message, exc.code)) from None
    else:
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise RdfError(RdfProblem(path, 1, 1, f"cannot read the file ({exc.strerror})")) from None
    if fmt != "xml":  # XML says its own encoding; the other syntaxes are UTF-8
        data = _utf8(path, data)
    if fmt == "xml":
        try:
            xmlsafe.parse(data)
        except xmlsafe.XmlProblem as exc:
            raise RdfError(RdfProblem(path, exc.line, exc.column, exc.message)) from None
    if fmt == "json-ld":
        try:
            doc = json.loads(data)
        except RecursionError:
            raise RdfError(RdfProblem(path, 1, 1, "the JSON is nested too deeply to be read; it is refused")) from None
        except ValueError as exc:
            line = getattr(exc, "lineno", 1)
            col = getattr(exc, "colno", 1)
            raise RdfError(RdfProblem(path, line, col, f"invalid JSON: {getattr(exc, 'msg', exc)}")) from None
        if contexts and _remote_context(doc):
            doc = _inline_contexts(doc, contexts)
            data = json.dumps(doc, ensure_ascii=False).encode("utf-8")
        if _remote_context(doc):
            unknown = [url for url in remote_contexts(doc) if url not in (contexts or {})]
            named = f" ({', '.join(unknown)})" if unknown else ""
            raise RdfError(RdfProblem(path, 1, 1, f"a remote JSON-LD @context{named} would be fetched from the "
                                                  "network; embed the context in the file"))
    return data


_OXI_FORMATS = {"turtle": "TURTLE", "nt": "N_TRIPLES", "xml": "RDF_XML", "json-ld": "JSON_LD",
                "nquads": "N_QUADS", "trig": "TRIG", "n3": "N3"}


def iter_triples(path: Path, fmt: str | None = None, root: Path | None = None):
    """The (subject, predicate, object, language) of a file's triples with IRIs as strings.

    Uses Oxigraph's parsers (fast); statements with a blank-node subject are skipped, literals
    give their lexical form and language tag. Raises :class:`RdfError` with line and column.
    """
    import pyoxigraph as ox

    fmt = fmt or rdf_format(path) or "turtle"
    data = _read_checked(path, fmt, root=root)
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
        line, col, msg = syntax_problem(exc)
        raise RdfError(not_utf8(path, data) or RdfProblem(path, line, col, msg)) from None
    return out


def read_checked(path: Path, fmt: str) -> bytes:
    """The bytes of an RDF file in ``fmt`` (see :func:`rdf_format`) after the safety checks of this
    module; raises :class:`RdfError`."""
    return _read_checked(path, fmt)


def syntax_problem(exc: Exception) -> tuple[int, int, str]:
    """(line, column, message) of an Oxigraph parser error."""
    line = getattr(exc, "lineno", None) or 1
    col = getattr(exc, "offset", None) or 1
    msg = str(getattr(exc, "msg", None) or exc)
    msg = re.sub(r"^Parser error (at line \d+ (column \d+|between columns \d+ and \d+)|"
                 r"between line \d+ column \d+ and line \d+ column \d+): ", "", msg)
    return line, col, f"RDF syntax error: {msg[:300]}"


def parse_rdf(path: Path, graph=None, fmt: str | None = None, contexts: dict | None = None):
    """Parse one RDF file into ``graph`` (a new rdflib Graph by default); raises :class:`RdfError`.

    ``contexts`` maps remote JSON-LD context URLs to context values to use instead (never fetched).
    """
    from rdflib import Graph

    graph = Graph() if graph is None else graph
    fmt = fmt or rdf_format(path) or "turtle"
    data = _read_checked(path, fmt, contexts)
    try:
        graph.parse(data=data, format=fmt, publicID=path.resolve().as_uri())
    except Exception as exc:  # rdflib raises many types; all mean the same to the user
        line, col, why = _error_details(exc, data)
        raise RdfError(not_utf8(path, data) or RdfProblem(path, line, col, f"RDF syntax error ({fmt}): {why[:300]}")) from None
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
