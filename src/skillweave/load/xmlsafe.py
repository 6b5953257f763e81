"""Reading XML that someone else wrote (RDF/XML vocabularies and imports, LOQ XML imports).

Every XML input goes through :func:`parse` first: a document with a DOCTYPE is refused, in any
encoding (UTF-8, UTF-16 and UTF-32 of either byte order, with or without a byte-order mark), so
neither external entities (reading local files, XXE) nor internal ones (expanding without bound)
ever reach a parser. The check is made twice: on the bytes, read in every encoding an XML parser
could detect, and on lxml's own view of the parsed document, with DTD loading, entity resolution
and network access off. lxml's default limits refuse documents nested deeper than 256 elements,
which keeps parsers behind it from spending minutes on a hostile file.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from skillweave.errors import SkillweaveError

_DECLARATION = re.compile(r"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)
_ENTITY = re.compile(r"<!\s*ENTITY", re.IGNORECASE)
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
         (codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))
_CODECS = ("utf-8", "utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be")

#: characters that no XML 1.0 document may hold (controls but tab and line breaks, lone surrogates,
#: U+FFFE and U+FFFF), and the C1 controls, which no curriculum text needs
NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def without_controls(text: str) -> str:
    """``text`` without the characters of :data:`NOT_IN_XML` (for texts from vocabularies, which
    have no position to report them at: they are dropped so that every output stays well-formed)."""
    return text if text.isprintable() else NOT_IN_XML.sub("", text)


REFUSED = ("the file contains {what}: skillweave refuses DTDs and entities in XML because they can "
           "read local files (XXE) or expand without limit; remove the <!DOCTYPE ...> declaration")


@dataclass(frozen=True)
class XmlProblem(SkillweaveError):
    line: int
    column: int
    message: str

    def __str__(self) -> str:
        return self.message


#: how much of the start of a document the byte scan reads (a DOCTYPE stands before the root
#: element; one hidden further on by a long prolog is still refused by the parser's own view)
SCAN_BYTES = 256 * 1024


def _readings(raw: bytes):
    """The start of ``raw`` in every encoding a parser might detect (the byte-order mark's first)."""
    raw = raw[:SCAN_BYTES]
    for bom, codec in _BOMS:
        if raw.startswith(bom):
            yield raw[len(bom):].decode(codec, errors="replace")
            break
    for codec in _CODECS:
        width = 4 if "32" in codec else 2 if "16" in codec else 1
        for shift in range(width):  # a stray byte in front must not hide the declaration
            yield raw[shift:len(raw) - (len(raw) - shift) % width].decode(codec, errors="replace")


def find_declaration(raw: bytes) -> XmlProblem | None:
    """The first DOCTYPE or ENTITY declaration in ``raw`` read in any encoding, as a problem."""
    for text in _readings(raw):
        m = _DECLARATION.search(text)
        if m:
            entity = _ENTITY.search(text, m.start())
            at = entity.start() if entity else m.start()
            line = text.count("\n", 0, at) + 1
            column = at - (text.rfind("\n", 0, at) + 1) + 1
            what = ("an entity declaration (<!ENTITY ...>)" if entity
                    else "a document type declaration (DOCTYPE)")
            return XmlProblem(line, column, REFUSED.format(what=what))
    return None


def parser(**options: bool):
    """An lxml parser that loads no DTD, resolves no entity and never uses the network (also for
    the schemas shipped in the package)."""
    from lxml import etree

    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, **options)


def parse(raw: bytes):
    """The root element of an XML document without a DOCTYPE, parsed with no DTD, entity or
    network access; raises :class:`XmlProblem` with line and column."""
    from lxml import etree

    problem = find_declaration(raw)
    if problem is not None:
        raise problem
    try:
        root = etree.fromstring(raw, parser(huge_tree=False, remove_comments=True, remove_pis=True))
    except etree.XMLSyntaxError as exc:
        line, column = exc.position
        raise XmlProblem(line or 1, max(column, 1), f"the file is not well-formed XML: {exc.msg}") from None
    docinfo = root.getroottree().docinfo
    if docinfo.doctype or docinfo.internalDTD is not None or docinfo.externalDTD is not None:
        raise XmlProblem(1, 1, REFUSED.format(what="a document type declaration (DOCTYPE)"))
    return root
