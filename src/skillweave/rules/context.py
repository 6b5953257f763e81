"""What every rule gets: the loaded workspace, the vocabulary and where to report; and the
helpers that rules share (did-you-mean hints, the units of a workspace, codes a rule declares).
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from skillweave.diagnostics import DiagnosticSink
from skillweave.fingerprint import fingerprint
from skillweave.model import Approval, Curriculum, Resolved, Unit
from skillweave.vocab.base import Vocabulary


@dataclass
class RuleContext:
    cur: Curriculum
    vocab: Vocabulary
    sink: DiagnosticSink
    resolved: Resolved = field(default_factory=Resolved)
    #: (file, path) of each ESCO reference that resolved -> its URI (filled by the ESCO rule)
    esco_uris: dict[tuple[str, tuple], str] = field(default_factory=dict)
    #: file -> the fingerprint of its unit's learning content (computed once, for SW315 and SW308)
    fingerprints: dict[str, str] = field(default_factory=dict)

    def fingerprint(self, file: str, unit: Unit) -> str:
        if file not in self.fingerprints:
            self.fingerprints[file] = fingerprint(unit, self.resolved.skill_uri)
        return self.fingerprints[file]

    def stand_in(self, file: str, name: str | None = None) -> bool:
        """Whether field ``name`` (any field, without a name) of the unit in ``file`` could not be
        read and holds a stand-in: the loader keeps the rest of such a unit for the rules, and its
        error is reported already. Rules that would judge the stand-in leave it alone."""
        fields = self.cur.partial.get(file, ())
        return bool(fields) if name is None else name in fields

    def outdated(self, file: str, unit: Unit, approval: Approval) -> bool:
        """The approval is bound to content (has a fingerprint) that is no longer the unit's."""
        return approval.fingerprint is not None and approval.fingerprint != self.fingerprint(file, unit)

    def emit(self, file: str, path: tuple, code: str, message: str, key: bool = False) -> None:
        """Report at the value (or, with ``key``, the key) at ``path`` in ``file``."""
        pos = self.cur.key_pos(file, *path) if key else self.cur.pos(file, *path)
        self.sink.emit(file, pos, code, message)

    def partner_known(self, partner_id: str) -> bool:
        """The alliance lists the partner, or lists it in a part that could not be read."""
        a = self.cur.alliance
        return (a is not None and a.partner(partner_id) is not None) or ("partner", partner_id) in self.cur.broken

    def unit_known(self, unit_id: str) -> bool:
        """A joint unit of that id exists, or its file exists but could not be read."""
        return unit_id in self.cur.units or ("unit", unit_id) in self.cur.broken

    def joint_units(self) -> Iterator[tuple[str, Unit]]:
        for uid, unit in self.cur.units.items():
            yield self.cur.unit_file(uid), unit

    def all_units(self) -> Iterator[tuple[str, Unit, str | None]]:
        """(file, unit, national partner or None) for joint and national units."""
        for file, unit in self.joint_units():
            yield file, unit, None
        for partner, entry in sorted(self.cur.national.items()):
            for uid, unit in entry.units.items():
                yield entry.unit_files[uid], unit, partner

    def programme_complete(self, programme_id: str) -> bool:
        """Every unit the programme lists exists (an unknown one is reported as SW202)."""
        return all(uid in self.cur.units for uid in self.cur.programmes[programme_id].units)


#: a rule: a function of the context, with the codes it emits in ``codes``
Rule = Callable[[RuleContext], None]


def emits(*codes: str) -> Callable[[Rule], Rule]:
    """Declare the diagnostic codes a rule emits (its docstring is its user documentation)."""

    def declare(fn: Rule) -> Rule:
        fn.codes = codes  # type: ignore[attr-defined]
        return fn

    return declare


def did_you_mean(options: list[str]) -> str:
    if not options:
        return ""
    return "; did you mean " + " or ".join(f"'{o}'" for o in options) + "?"


def near(name: str, known: list[str]) -> list[str]:
    return difflib.get_close_matches(name, known, n=2, cutoff=0.6)
