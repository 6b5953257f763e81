"""Rendering the HTML documents of this package (templates/document.html.j2 and its children).

Parts that do not depend on the learner (the style sheet and language switch, a partner's name
and identifiers, signature blocks) are rendered once per process and reused.
"""

from __future__ import annotations

from skillweave.emitters.fragments import FragmentCache
from skillweave.formats.strings import identifier_label, strings
from skillweave.model import Partner
from skillweave.templates import environment

IDENTIFIER_ORDER = ("pic", "erasmus", "legal", "vat")
_CACHE = FragmentCache()


def identifiers(partner: Partner) -> list[tuple[str, str]]:
    """A partner's identifiers: pic, erasmus, legal, vat, then local ones by scheme."""
    ids = partner.identifiers
    first = [s for s in IDENTIFIER_ORDER if s in ids]
    return [(s, ids[s]) for s in first + sorted(s for s in ids if s not in IDENTIFIER_ORDER)]


def _parts():
    return environment().get_template("document-parts.html.j2").module


def render(template: str, languages: tuple[str, ...], **context) -> str:
    default = languages[0]

    def partner_facts(p: Partner, lang: str):
        return _CACHE.get((p,), ("facts", lang, default), lambda: _parts().partner_facts(
            p, lang, default, identifiers(p), identifier_label))

    def signature(title: str, lang: str):
        return _CACHE.get((), ("signature", title, lang), lambda: _parts().signature(title, strings(lang)))

    style = _CACHE.get((), ("style", languages), lambda: _parts().style(languages))
    switch = _CACHE.get((), ("switch", languages), lambda: _parts().switch(languages, strings))
    return environment().get_template(template).render(
        languages=languages, default=default, strings=strings, style=style, switch=switch,
        partner_facts=partner_facts, signature=signature, **context)
