"""Texts are in the alliance's languages.

Scope: the joint content (the alliance, programmes, units in ``curricula/units``) and the texts
that VET providers declare in ``quality/providers.yaml``; not national qualifications, which are
existing documents in their own language.
"""

from __future__ import annotations

import typing
from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel

from skillweave.load.quality import PROVIDERS_FILE
from skillweave.model import Text
from skillweave.rules.context import RuleContext, emits


@emits("SW206", "SW309", "SW310")
def languages(ctx: RuleContext) -> None:
    """SW206, SW309, SW310: every text of the joint content is in the alliance's languages.

    The default language is required (SW310, error), each other language of the alliance is
    expected (SW309, warning; not of an approval's note, which is the partner's own remark), and a
    language the alliance does not list is probably a typo (SW206, warning). Also checked: the texts of each VET provider's entry in
    ``quality/providers.yaml``.
    """
    alliance = ctx.cur.alliance
    if alliance is None:
        return
    documents: list[tuple[str, BaseModel, tuple]] = [(ctx.cur.alliance_file, alliance, ())]
    documents += [(ctx.cur.programme_file(pid), p, ()) for pid, p in ctx.cur.programmes.items()]
    documents += [(file, unit, ()) for file, unit in ctx.joint_units()]
    q = ctx.cur.quality
    if q.present and q.providers_loaded:
        vet = {p.id for p in alliance.partners if p.type == "vet-provider"}
        documents += [(PROVIDERS_FILE, entry, (pid,)) for pid, entry in q.providers.items() if pid in vet]
    langs = alliance.languages
    default = alliance.default_language
    for file, doc, prefix in documents:
        for path, text in _texts(doc, prefix):
            present = text.root
            if default not in present:
                ctx.emit(file, path, "SW310",
                         f"{_where(path)} has no text in the default language '{default}'; add {default}: ...")
            missing = [lang for lang in langs if lang not in present and lang != default]
            # an approval's note is the partner's own remark, not curriculum text to translate
            if missing and "approvals" not in path:
                ctx.emit(file, path, "SW309",
                         f"{_where(path)} has no {', '.join(missing)} text; add a translation "
                         f"({', '.join(f'{m}: ...' for m in missing)})")
            for lang in present:
                if lang not in langs:
                    ctx.emit(file, path + (lang,), "SW206",
                             f"language '{lang}' is not one of the alliance's languages [{', '.join(langs)}]; "
                             "fix the code or add the language to curricula/alliance.yaml", key=True)


def _text_fields(cls: type[BaseModel]) -> tuple[str, ...]:
    """The fields of a model class that can hold Text, directly or inside models and lists."""
    cached = _TEXT_FIELDS.get(cls)
    if cached is None:
        def holds_text(annotation: Any) -> bool:
            if annotation is Text:
                return True
            if isinstance(annotation, type) and issubclass(annotation, BaseModel):
                return True
            return any(holds_text(a) for a in typing.get_args(annotation))

        cached = tuple(n for n, f in cls.model_fields.items() if holds_text(f.annotation))
        _TEXT_FIELDS[cls] = cached
    return cached


_TEXT_FIELDS: dict[type, tuple[str, ...]] = {}


def _texts(obj: Any, path: tuple = ()) -> Iterator[tuple[tuple, Text]]:
    if isinstance(obj, Text):
        yield path, obj
    elif isinstance(obj, dict):  # e.g. grading_schemes: id -> scheme
        for key, item in obj.items():
            yield from _texts(item, path + (key,))
    elif isinstance(obj, BaseModel):
        for name in _text_fields(type(obj)):
            value = getattr(obj, name)
            if value is not None:
                yield from _texts(value, path + (name,))
    elif isinstance(obj, list):
        for i, item in enumerate(obj):
            yield from _texts(item, path + (i,))


def _where(path: tuple) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else ("." if out else "") + part
    return out
