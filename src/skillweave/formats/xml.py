"""XML with lxml as skillweave writes it: elements in one namespace, multilingual texts, the
serialised document, and the XML Schemas it validates against, read by a parser that never loads a
DTD, resolves an entity or touches the network (:func:`skillweave.load.xmlsafe.parser`, which also
reads every XML input).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import lru_cache
from importlib.resources import files
from pathlib import Path

from lxml import etree

from skillweave.load.xmlsafe import parser
from skillweave.model import Text

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
#: the declaration the documents begin with
DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>'
#: lxml's own declaration, with which the LOQ XML and the XML quality report have always begun
#: (kept, so that a workspace gives the same bytes as with earlier versions)
LXML_DECLARATION = "<?xml version='1.0' encoding='UTF-8'?>"


class Namespace:
    """Elements in one namespace: ``name`` is in the namespace, ``prefix:name`` in the namespace
    of one of ``prefixes``."""

    def __init__(self, uri: str, prefixes: Mapping[str, str] | None = None) -> None:
        self.uri = uri
        self.prefixes = dict(prefixes or {})

    def __call__(self, name: str) -> str:
        """The Clark notation (``{uri}local``) of ``name``."""
        prefix, _, local = name.rpartition(":")
        return f"{{{self.prefixes[prefix] if prefix else self.uri}}}{local}"

    def root(self, name: str, attrib: Mapping[str, str] | None = None, **nsmap: str) -> etree._Element:
        """The document element, with this namespace as the default and ``nsmap`` as prefixes."""
        return etree.Element(self(name), dict(attrib or {}), nsmap={None: self.uri, **nsmap})

    def element(self, name: str, **attrib: str) -> etree._Element:
        """An element not yet in the tree."""
        return etree.Element(self(name), attrib)

    def el(self, parent: etree._Element, name: str, text: str | None = None, **attrib: str) -> etree._Element:
        """A child element ``name`` of ``parent`` with ``text`` and attributes."""
        e = etree.SubElement(parent, self(name), attrib)
        if text is not None:
            e.text = text
        return e

    def texts(self, parent: etree._Element, name: str, text: Text, languages: tuple[str, ...],
              suffix: Callable[[str], str] | None = None) -> None:
        """``name`` once per language of ``languages`` that ``text`` has, with ``xml:lang``; the
        first language always (falling back to another of the text's languages); ``suffix(lang)``
        is added to each."""
        default = languages[0]
        for lang in languages:
            if lang in text.root or lang == default:
                value = text.get(lang, default) + (suffix(lang) if suffix else "")
                self.el(parent, name, value, **{XML_LANG: lang})

    def localised(self, parent: etree._Element, name: str, languages: tuple[str, ...],
                  make: Callable[[str], str]) -> None:
        """``name`` once per language, with the text ``make(lang)`` and ``xml:lang``."""
        for lang in languages:
            self.el(parent, name, make(lang), **{XML_LANG: lang})

def serialise(root: etree._Element, declaration: str = DECLARATION) -> bytes:
    """The document in UTF-8, indented, after the XML ``declaration``."""
    return declaration.encode("ascii") + b"\n" + etree.tostring(root, encoding="UTF-8", pretty_print=True)


def schema(path: Path | str) -> etree.XMLSchema:
    """An XML Schema read with :func:`parser` (its imports resolve locally, or not at all)."""
    return etree.XMLSchema(etree.parse(str(path), parser()))


@lru_cache(maxsize=None)
def package_schema(name: str) -> etree.XMLSchema:
    """A schema shipped in the package (``skillweave/data/NAME``)."""
    return schema(str(files("skillweave") / "data" / name))
