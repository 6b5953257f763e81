"""``skillweave approve``: a partner's approval of a unit, bound to the unit's learning content.

The approval is written into the unit file as one flow mapping,

    - {partner: solarwerk, date: 2026-03-04, note: checked by our trainers, fingerprint: v1-…}

where the fingerprint is that of the unit's learning content (:mod:`skillweave.fingerprint`).
The file is edited as text, at the positions the YAML reader reports: the new approval is added
after the last one (or an ``approvals:`` list after ``status:``), and a partner's earlier
approval of the same unit is replaced in place. Every other byte of the file, comments and
layout included, stays as it was. The result is read back and compared before anything is
written.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from skillweave.errors import ApprovalError
from skillweave.fingerprint import fingerprint, learning_content
from skillweave.load import yamlsource
from skillweave.load.xmlsafe import NOT_IN_XML
from skillweave.rules.curriculum import quorum_shortfall

if TYPE_CHECKING:  # pragma: no cover
    from skillweave.model import Project


@dataclass(frozen=True)
class ApprovalEdit:
    """What ``approve`` would write: the whole new text of ``file`` (relative to the workspace),
    or None when the partner approved the current content on that date already."""

    file: str
    text: str | None
    fingerprint: str
    replaced: bool
    #: the unit now has the co-design quorum from bound or unbound approvals that still count
    quorum: bool


#: a note that can be written without quotes in a flow mapping
_PLAIN = re.compile(r"[^\W\d_][^,\[\]{}#:?&*!|>'\"%@`\x00-\x1f\x7f\x85\u2028\u2029]*(?<! )\Z")
_RESERVED = {"true", "false", "null", "yes", "no", "on", "off", "y", "n", "~"}


#: characters YAML does not allow as they are (or reads as line breaks): escaped in quotes
_UNPRINTABLE = re.compile("[^\x09\x0a\x0d\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _scalar(text: str) -> str:
    if _PLAIN.match(text) and not _UNPRINTABLE.search(text) and text.casefold() not in _RESERVED:
        return text
    # a JSON string is a YAML double-quoted scalar
    return _UNPRINTABLE.sub(lambda m: f"\\u{ord(m.group()):04x}", json.dumps(text, ensure_ascii=False))


def entry(partner: str, date: dt.date, fingerprint_: str, note: dict[str, str] | None = None,
          default_language: str = "en") -> str:
    """One approval as a flow mapping; a note only in the default language is written plain."""
    parts = [f"partner: {partner}", f"date: {date.isoformat()}"]
    if note:
        if list(note) == [default_language]:
            parts.append(f"note: {_scalar(note[default_language])}")
        else:
            parts.append("note: {" + ", ".join(f"{lang}: {_scalar(t)}" for lang, t in note.items()) + "}")
    parts.append(f"fingerprint: {fingerprint_}")
    return "{" + ", ".join(parts) + "}"


def _line_end(text: str, index: int) -> int:
    """The index of the line break that ends the line holding ``index`` (or the end of the text)."""
    match = re.compile(r"\r\n|[\r\n\x85\u2028\u2029]").search(text, index)
    return match.start() if match else len(text)


_BREAKS = "\r\n\x85\u2028\u2029"


def _after_node(text: str, end: int) -> int:
    """Where a line goes after the node whose span ends at ``end``: the line break that ends its
    last line. A block scalar's span (``note: >-`` and its lines) already holds that line break,
    and any blank lines it keeps: then it is the last of them, else the one after ``end``."""
    for brk in ("\r\n", "\n", "\r", "\x85", "\u2028", "\u2029"):
        if text.endswith(brk, 0, end):
            return end - len(brk)
    return _line_end(text, end)


def insert_approval(text: str, item: str, replace: int | None = None) -> str:
    """``text`` (a unit file) with the approval ``item`` added, or put in place of approval
    number ``replace``. Only the added (or that replaced) approval's text changes."""
    try:
        spans = yamlsource.node_spans(text)
    except ValueError as exc:
        raise ApprovalError(str(exc)) from None
    root = spans.get(())
    if root is None or root.kind != "mapping" or root.flow:
        raise ApprovalError("the file is not a block mapping of 'key: value' lines; add the approval by hand")
    newline = "\r\n" if "\r\n" in text else "\n"
    if replace is not None:
        old = spans[("approvals", replace)]
        end = _after_node(text, old.end) if old.end > old.start and text[old.end - 1] in _BREAKS else old.end
        return text[:old.start] + item + text[end:]
    approvals = spans.get(("approvals",))
    if approvals is not None:
        if approvals.kind != "sequence":
            raise ApprovalError("approvals is not a list; write it as a list of approvals")
        count = sum(1 for path in spans if len(path) == 2 and path[0] == "approvals")
        if approvals.flow:
            if count:
                last = spans[("approvals", count - 1)]
                return text[:last.end] + ", " + item + text[last.end:]
            return text[:approvals.start + 1] + item + text[approvals.start + 1:]
        last = spans[("approvals", count - 1)]
        at = _after_node(text, last.end)
        return text[:at] + newline + " " * (approvals.column - 1) + "- " + item + text[at:]
    keys = sorted((span.key_start, path[0]) for path, span in spans.items()
                  if len(path) == 1 and span.key_start is not None)
    names = [name for _, name in keys]
    if "status" in names:
        anchor = "status"
    elif "learning_outcomes" in names and names.index("learning_outcomes") > 0:
        anchor = names[names.index("learning_outcomes") - 1]
    else:
        anchor = names[-1]
    at = _after_node(text, spans[(anchor,)].end)
    indent = " " * (root.column - 1)
    return (text[:at] + newline + indent + "approvals:" + newline + indent + "  - " + item + text[at:])


def approve(project: "Project", unit_id: str, partner_id: str, date: dt.date, note: str | None = None) -> ApprovalEdit:
    """The unit file of ``unit_id`` with ``partner_id``'s approval of its current learning content.

    Raises :class:`~skillweave.errors.ApprovalError` when the approval cannot be given: an unknown unit or partner,
    a unit file with errors, several approvals by the partner, or a file that changed meanwhile.
    """
    import difflib

    from skillweave.model import Unit

    cur = project.curriculum
    alliance = cur.alliance
    if unit_id not in cur.units:
        if ("unit", unit_id) in cur.broken:
            raise ApprovalError(f"curricula/units/{unit_id}.yaml has errors; fix them first (skillweave check)")
        near = difflib.get_close_matches(unit_id, sorted(cur.units), n=2, cutoff=0.6)
        hint = f"; did you mean {' or '.join(repr(n) for n in near)}?" if near else ""
        raise ApprovalError(f"unknown unit '{unit_id}': there is no curricula/units/{unit_id}.yaml{hint}")
    file = cur.unit_file(unit_id)
    # problems of the approvals themselves (the quorum, an unknown approving partner) are what
    # approving may fix; any other error means the content is not settled
    errors = [d for d in project.diagnostics
              if d.file == file and d.severity.value == "error" and d.code not in ("SW207", "SW308")]
    if errors:
        raise ApprovalError(f"{file} has {len(errors)} error{'s' if len(errors) != 1 else ''}; fix "
                            f"{'them' if len(errors) != 1 else 'it'} first (skillweave check)")
    if alliance is None:
        raise ApprovalError("curricula/alliance.yaml cannot be read; fix it first (skillweave check)")
    if alliance.partner(partner_id) is None:
        near = difflib.get_close_matches(partner_id, [p.id for p in alliance.partners], n=2, cutoff=0.6)
        hint = f"; did you mean {' or '.join(repr(n) for n in near)}?" if near else ""
        raise ApprovalError(f"'{partner_id}' is not a partner of the alliance{hint}")
    bad = NOT_IN_XML.search(note or "")
    if bad:
        raise ApprovalError(f"the note holds the character U+{ord(bad.group()):04X}, which documents cannot "
                            "carry; remove it")
    unit = cur.units[unit_id]
    current = fingerprint(unit, project.resolved.skill_uri)
    earlier = [i for i, a in enumerate(unit.approvals) if a.partner == partner_id]
    if len(earlier) > 1:
        raise ApprovalError(f"{file} holds {len(earlier)} approvals by '{partner_id}'; keep one, then approve again")
    replace = earlier[0] if earlier else None
    # the note: the one given, else the replaced approval's (in all its languages)
    note_text = {project.default_language: note} if note else None
    if replace is not None:
        old = unit.approvals[replace]
        if note_text is None and old.note is not None:
            note_text = dict(old.note.root)
        if old.fingerprint == current and old.date == date and (old.note.root if old.note else None) == note_text:
            return ApprovalEdit(file, None, current, True, not quorum_shortfall(
                alliance, [a for a in unit.approvals if a.fingerprint in (None, current)]))
    path = project.workspace.root / file
    try:
        text, bom = _read(path)
    except OSError as exc:
        raise ApprovalError(f"cannot read {file}: {exc.strerror}") from None
    new_text = insert_approval(text, entry(partner_id, date, current, note_text, project.default_language), replace)

    # read the result back: the same learning content, and the approval as meant
    data, _smap, problems = yamlsource.load(new_text)
    if problems or not isinstance(data, dict):
        raise ApprovalError(f"{file} could not be edited safely (the edit would not be valid YAML); "
                            "add the approval by hand")
    try:
        edited = Unit.model_validate(data, context={"default_language": project.default_language})
    except Exception:  # noqa: BLE001 - pydantic's ValidationError: the file changed meanwhile, or a bad edit
        edited = None
    index = replace if replace is not None else len(unit.approvals)
    written = edited.approvals[index] if edited is not None and index < len(edited.approvals) else None
    if (edited is None
            or learning_content(edited, project.resolved.skill_uri) != learning_content(unit, project.resolved.skill_uri)
            or written is None or written.partner != partner_id or written.date != date
            or written.fingerprint != current or (written.note.root if written.note else None) != note_text
            or len(edited.approvals) != len(unit.approvals) + (replace is None)):
        if _changed(text, unit, project):
            raise ApprovalError(f"{file} changed while it was being approved; run the command again")
        raise ApprovalError(f"{file} could not be edited safely (the edited file would not read back as the "
                            "same unit with this approval); add the approval by hand")
    counted = [a for i, a in enumerate(unit.approvals) if i != replace and a.fingerprint in (None, current)]
    counted.append(written)
    return ApprovalEdit(file, ("\ufeff" if bom else "") + new_text, current, replace is not None,
                        not quorum_shortfall(alliance, counted))


def _changed(text: str, unit, project: "Project") -> bool:
    """Whether ``text``, the unit file as read for the edit, is no longer the unit that was checked."""
    from skillweave.model import Unit

    data, _smap, problems = yamlsource.load(text)
    if problems or not isinstance(data, dict):
        return True
    try:
        now = Unit.model_validate(data, context={"default_language": project.default_language})
    except Exception:  # noqa: BLE001 - pydantic's ValidationError
        return True
    return now != unit


def _read(path) -> tuple[str, bool]:
    raw = path.read_bytes()
    text, problem = yamlsource.decode(raw)
    if problem is not None or text is None:
        raise ApprovalError(f"{path.name} is not UTF-8 text; fix it first (skillweave check)")
    return text, raw.startswith(b"\xef\xbb\xbf")
