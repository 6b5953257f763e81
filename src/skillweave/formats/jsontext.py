"""JSON as skillweave's reports and exports write it: UTF-8 characters as they are, indented, keys
in the document's order or sorted.

The text is ``json.dumps(value, ensure_ascii=False, indent=N, sort_keys=...)``'s layout, written by
msgspec's encoder (in C; ``json.dumps`` with an indent falls back to pure Python, seconds for the
graph and mapping reports of 1,000 units). The one difference: a float with an exponent is written
``1e16`` or ``0.00001`` where ``json.dumps`` writes ``1e+16`` or ``1e-05``, the same number.
"""

from __future__ import annotations

import msgspec


def _plain(value: object) -> object:
    """What the encoder does not take by itself: subclasses of str, int and float (an IRI, a
    number that remembers how it was written)."""
    for kind in (bool, int, float, str):
        if isinstance(value, kind):
            return kind(value)
    raise TypeError(f"no JSON for {type(value).__name__}")


_IN_ORDER = msgspec.json.Encoder(enc_hook=_plain)
_SORTED = msgspec.json.Encoder(enc_hook=_plain, order="sorted")


def dumps(value: object, indent: int = 2, sort_keys: bool = False) -> str:
    """The JSON text of ``value``, with a line break at the end."""
    data = (_SORTED if sort_keys else _IN_ORDER).encode(value)
    return msgspec.json.format(data, indent=indent).decode("utf-8") + "\n"
