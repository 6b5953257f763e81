"""What changed between two versions of a workspace, in curriculum terms (``skillweave diff``).

The two versions are checked projects; either may have errors. A unit or programme whose file
could not be read in one of them is listed as not compared (it would otherwise look removed).

* Programmes: added, removed, and per programme the changes of title, description, EQF level,
  duration, ECVET points, target occupations, awarding partners and units, then what follows for
  the programme: its units' credit and hours, and the coverage of the target occupations'
  essential skills.
* Units: added, removed, renamed (a new id for the same content, outcome ids aside, or for the
  same title) and changed: title and description word by word per language, EQF level, ECVET
  points, hours, prerequisites, assessment methods, owner, contributors, status and approvals.
* Learning outcomes, within their unit: added, removed, renamed (a new id for the same type
  and statement), moved to another unit, and changed: type, statement and assessment word by
  word per language, ESCO skills added and removed (by concept: a label replaced by the URI
  of the same concept is no change).
* Approvals: those bound to the old content that the change invalidates, and those not bound
  to content (no fingerprint) on a unit whose content changed, which partners may want to review.

Everything is in a stable order, so that the same two versions give the same report.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from skillweave.fingerprint import canonical, fingerprint, learning_content

if TYPE_CHECKING:  # pragma: no cover
    from skillweave.model import Programme, Project, Text, Unit


# --- the report --------------------------------------------------------------------------------

@dataclass
class Change:
    """One field of a unit, outcome or programme that changed.

    A value change has ``old`` and ``new``; a text change also ``language`` and ``words`` (a word
    diff: pairs of ``"="``, ``"-"`` or ``"+"`` and words); a list change has ``added`` and
    ``removed``."""

    field: str
    old: Any = None
    new: Any = None
    language: str | None = None
    words: list[tuple[str, str]] | None = None
    added: list[Any] | None = None
    removed: list[Any] | None = None

    def as_dict(self) -> dict:
        out: dict[str, Any] = {"field": self.field}
        if self.language is not None:
            out["language"] = self.language
        if self.added is not None or self.removed is not None:
            out["added"] = self.added or []
            out["removed"] = self.removed or []
        else:
            out["old"] = self.old
            out["new"] = self.new
        if self.words is not None:
            out["words"] = [list(w) for w in self.words]
        return out


@dataclass
class OutcomeChange:
    #: added, removed, renamed, moved-in, moved-out or changed
    change: str
    id: str
    type: str
    statement: str
    old_id: str | None = None
    #: for moved-in: the unit it came from; for moved-out: the unit it went to
    unit: str | None = None
    changes: list[Change] = field(default_factory=list)

    def as_dict(self) -> dict:
        out: dict[str, Any] = {"change": self.change, "id": self.id}
        if self.old_id is not None:
            out["old_id"] = self.old_id
        if self.change == "moved-in":
            out["from_unit"] = self.unit
        if self.change == "moved-out":
            out["to_unit"] = self.unit
        out["type"] = self.type
        out["statement"] = self.statement
        if self.changes:
            out["changes"] = [c.as_dict() for c in self.changes]
        return out


@dataclass
class UnitChange:
    #: added, removed, renamed or changed
    change: str
    id: str
    title: str
    ecvet_points: float
    old_id: str | None = None
    changes: list[Change] = field(default_factory=list)
    outcomes: list[OutcomeChange] = field(default_factory=list)

    def as_dict(self) -> dict:
        out: dict[str, Any] = {"change": self.change, "id": self.id}
        if self.old_id is not None:
            out["old_id"] = self.old_id
        out["title"] = self.title
        out["ecvet_points"] = _num(self.ecvet_points)
        if self.changes:
            out["changes"] = [c.as_dict() for c in self.changes]
        if self.outcomes:
            out["outcomes"] = [o.as_dict() for o in self.outcomes]
        return out


@dataclass
class CoverageChange:
    occupation: str
    label: str
    #: (covered, total) of the occupation's essential skills, None where the programme lacks it
    old: tuple[int, int] | None
    new: tuple[int, int] | None

    def as_dict(self) -> dict:
        def side(v):
            return None if v is None else {"covered": v[0], "total": v[1]}

        return {"occupation": self.occupation, "label": self.label, "essential_old": side(self.old),
                "essential_new": side(self.new)}


@dataclass
class ProgrammeChange:
    #: added, removed or changed
    change: str
    id: str
    title: str
    changes: list[Change] = field(default_factory=list)
    #: what follows from the changes (units' credit and hours), as Change entries
    totals: list[Change] = field(default_factory=list)
    coverage: list[CoverageChange] = field(default_factory=list)

    def as_dict(self) -> dict:
        out: dict[str, Any] = {"change": self.change, "id": self.id, "title": self.title}
        if self.changes:
            out["changes"] = [c.as_dict() for c in self.changes]
        if self.totals:
            out["totals"] = [c.as_dict() for c in self.totals]
        if self.coverage:
            out["coverage"] = [c.as_dict() for c in self.coverage]
        return out


@dataclass
class ApprovalImpact:
    unit: str
    partner: str
    date: str
    #: invalidated (bound to the old content) or unbound (no fingerprint; the content changed)
    reason: str

    def as_dict(self) -> dict:
        return {"unit": self.unit, "partner": self.partner, "date": self.date, "reason": self.reason}


@dataclass
class NotCompared:
    version: str  # old | new
    kind: str  # unit | programme
    id: str

    def as_dict(self) -> dict:
        return {"version": self.version, "kind": self.kind, "id": self.id}


@dataclass
class CurriculumDiff:
    old: str
    new: str
    #: (errors, warnings) of `check` on each version
    old_check: tuple[int, int]
    new_check: tuple[int, int]
    language: str
    programmes: list[ProgrammeChange] = field(default_factory=list)
    units: list[UnitChange] = field(default_factory=list)
    approvals: list[ApprovalImpact] = field(default_factory=list)
    not_compared: list[NotCompared] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.programmes or self.units or self.approvals or self.not_compared)

    def as_dict(self) -> dict:
        return {
            "old": {"version": self.old, "errors": self.old_check[0], "warnings": self.old_check[1]},
            "new": {"version": self.new, "errors": self.new_check[0], "warnings": self.new_check[1]},
            "programmes": [p.as_dict() for p in self.programmes],
            "units": [u.as_dict() for u in self.units],
            "approvals": [a.as_dict() for a in self.approvals],
            "not_compared": [n.as_dict() for n in self.not_compared],
        }


def _num(value: float) -> int | float:
    return int(value) if float(value).is_integer() else float(value)


# --- comparing ---------------------------------------------------------------------------------

_TOKEN = re.compile(r"\w+|[^\w\s]")


def word_diff(old: str, new: str) -> list[tuple[str, str]]:
    """``old`` and ``new`` as runs of ("=", kept), ("-", deleted) and ("+", inserted) text.

    Words and punctuation marks are compared one by one (so that "roofs" and "roofs," share a
    word); white space counts as one space. A run keeps the space before it, so the "=" and "-"
    runs put together give the old text, and the "=" and "+" runs the new one.
    """

    def tokens(text: str) -> list[tuple[str, str]]:
        text = _norm(text)
        return [(m.group(), " " if m.start() and text[m.start() - 1] == " " else "") for m in _TOKEN.finditer(text)]

    a, b = tokens(old), tokens(new)

    def run(toks: list[tuple[str, str]]) -> str:
        return "".join(space + word for word, space in toks)

    out: list[tuple[str, str]] = []
    matcher = difflib.SequenceMatcher(None, [w for w, _ in a], [w for w, _ in b], autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            # the same words; where only the space before one differs ("a ,b"), that space is a
            # change of its own
            kept: list[tuple[str, str]] = []
            for (word, space_a), (_, space_b) in zip(a[i1:i2], b[j1:j2]):
                if space_a != space_b:
                    out += [("=", run(kept)), ("-", space_a), ("+", space_b)]
                    kept = [(word, "")]
                else:
                    kept.append((word, space_a))
            out.append(("=", run(kept)))
            continue
        if i2 > i1:
            out.append(("-", run(a[i1:i2])))
        if j2 > j1:
            out.append(("+", run(b[j1:j2])))
    return [(op, text) for op, text in out if text]


def _norm(text: str) -> str:
    return " ".join(text.split())


def text_changes(name: str, old: "Text | None", new: "Text | None") -> list[Change]:
    """Per language: the text added, removed or changed (word by word); white space aside."""
    a = {k: _norm(v) for k, v in (old.root if old else {}).items()}
    b = {k: _norm(v) for k, v in (new.root if new else {}).items()}
    out = []
    for lang in sorted(set(a) | set(b)):
        if a.get(lang) == b.get(lang):
            continue
        words = word_diff(a[lang], b[lang]) if lang in a and lang in b else None
        out.append(Change(name, a.get(lang), b.get(lang), language=lang, words=words))
    return out


def _value(name: str, old: Any, new: Any) -> list[Change]:
    if isinstance(old, float) or isinstance(new, float):
        old = None if old is None else _num(old)
        new = None if new is None else _num(new)
    return [] if old == new else [Change(name, old, new)]


def _set(name: str, old, new, show=lambda x: x) -> list[Change]:
    added = sorted(set(new) - set(old))
    removed = sorted(set(old) - set(new))
    if not added and not removed:
        return []
    return [Change(name, added=[show(x) for x in added], removed=[show(x) for x in removed])]


class _Side:
    """One version: its project, fingerprints and ESCO resolution."""

    def __init__(self, project: "Project"):
        self.project = project
        self.cur = project.curriculum
        self.resolve = project.resolved.skill_uri
        self._fp: dict[str, str] = {}

    def fingerprint(self, uid: str) -> str:
        if uid not in self._fp:
            self._fp[uid] = fingerprint(self.cur.units[uid], self.resolve)
        return self._fp[uid]

    def skills(self, refs: list[str]) -> list[str]:
        return sorted({self.resolve(r) or _norm(r) for r in refs})

    def shape(self, uid: str) -> str:
        """The unit's learning content without its outcome ids (for renamed units)."""
        content = learning_content(self.cur.units[uid], self.resolve)
        outcomes = content.pop("learning_outcomes")
        content["outcomes"] = sorted(canonical({k: v for k, v in lo.items() if k != "id"}) for lo in outcomes)
        return canonical(content)

    def broken(self, kind: str, oid: str) -> bool:
        return (kind, oid) in self.cur.broken


def compare(old: "Project", new: "Project", old_name: str = "old", new_name: str = "new") -> CurriculumDiff:
    """What changed from ``old`` to ``new`` (see the module documentation)."""
    a, b = _Side(old), _Side(new)
    lang = new.default_language
    vocabularies = (new.vocabulary, old.vocabulary)

    def skill(uri: str) -> dict:
        for vocab in vocabularies:
            c = vocab.concept(uri)
            if c is not None:
                return {"uri": uri, "label": c.label(lang)}
        return {"uri": uri, "label": uri}

    def counts(project: "Project") -> tuple[int, int]:
        """Errors and warnings in the curriculum (learner records and quality inputs aside)."""
        found = [d for d in project.diagnostics if d.file.startswith(("curricula/", "ontologies/"))]
        errors = sum(1 for d in found if d.severity.value == "error")
        return errors, len(found) - errors

    report = CurriculumDiff(old_name, new_name, counts(old), counts(new), lang)

    # which files could not be compared
    for side, name in ((a, "old"), (b, "new")):
        for kind, oid in sorted(side.cur.broken):
            if kind in ("unit", "programme"):
                report.not_compared.append(NotCompared(name, kind, oid))
    skip_units = {oid for s in (a, b) for kind, oid in s.cur.broken if kind == "unit"}
    # a unit kept in part (its file has errors: check keeps the rest for its rules) holds stand-ins
    for side, name in ((a, "old"), (b, "new")):
        for (kind, oid), file in sorted(side.cur.files.items()):
            if kind == "unit" and file in side.cur.partial and oid not in skip_units:
                report.not_compared.append(NotCompared(name, kind, oid))
                skip_units.add(oid)
    skip_programmes = {oid for s in (a, b) for kind, oid in s.cur.broken if kind == "programme"}

    # units: the same id, then renamed ids (same content, else same title)
    old_units = {u for u in a.cur.units if u not in skip_units}
    new_units = {u for u in b.cur.units if u not in skip_units}
    pairs: dict[str, str] = {u: u for u in old_units & new_units}  # old id -> new id
    gone = sorted(old_units - new_units)
    came = sorted(new_units - old_units)
    keys = ((a.shape, b.shape),
            (lambda u: canonical(a.cur.units[u].title.root), lambda u: canonical(b.cur.units[u].title.root)))
    for key_a, key_b in keys:
        by_key: dict[str, list[str]] = {}
        for uid in came:
            by_key.setdefault(key_b(uid), []).append(uid)
        for uid in list(gone):
            candidates = by_key.get(key_a(uid), [])
            if len(candidates) == 1:  # one candidate only: an ambiguous match is no match
                pairs[uid] = candidates[0]
                gone.remove(uid)
                came.remove(candidates[0])
                by_key[key_a(uid)] = []
    to_new = dict(pairs)

    def title(side: _Side, uid: str) -> str:
        return side.cur.units[uid].title.get(lang)

    # outcomes: where each one is in each version
    def outcome_homes(side: _Side, units: set[str]) -> dict[str, tuple[str, Any]]:
        return {lo.id: (uid, lo) for uid in sorted(units) for lo in side.cur.units[uid].learning_outcomes}

    old_homes = outcome_homes(a, old_units)
    new_homes = outcome_homes(b, new_units)

    def outcome_fields(lo_a, lo_b) -> list[Change]:
        out = _value("type", lo_a.type, lo_b.type)
        out += text_changes("statement", lo_a.statement, lo_b.statement)
        out += text_changes("assessment", lo_a.assessment, lo_b.assessment)
        out += _set("esco", a.skills(lo_a.esco), b.skills(lo_b.esco), skill)
        return out

    per_unit: dict[str, list[OutcomeChange]] = {}  # new unit id (or old, for removed units) -> changes
    # renamed outcomes: an outcome gone and one new in the same (paired) unit with the same type
    # and statement
    outcome_renames: dict[str, str] = {}
    for old_uid, new_uid in pairs.items():
        gone_los = [lo for lo in a.cur.units[old_uid].learning_outcomes if lo.id not in new_homes]
        new_los = [lo for lo in b.cur.units[new_uid].learning_outcomes if lo.id not in old_homes]
        for lo in gone_los:
            same = [n for n in new_los if n.type == lo.type and canonical(_texts(n.statement)) == canonical(
                _texts(lo.statement)) and n.id not in outcome_renames.values()]
            if len(same) == 1:
                outcome_renames[lo.id] = same[0].id

    def statement(lo) -> str:
        return _norm(lo.statement.get(lang))

    for oid, (old_uid, lo_a) in old_homes.items():
        new_id = outcome_renames.get(oid, oid)
        if new_id not in new_homes:
            if old_uid in to_new:
                per_unit.setdefault(to_new[old_uid], []).append(
                    OutcomeChange("removed", oid, lo_a.type, statement(lo_a)))
            continue
        new_uid, lo_b = new_homes[new_id]
        changes = outcome_fields(lo_a, lo_b)
        if to_new.get(old_uid) != new_uid:
            per_unit.setdefault(new_uid, []).append(OutcomeChange("moved-in", new_id, lo_b.type, statement(lo_b),
                                                                  None if new_id == oid else oid, old_uid, changes))
            if old_uid in to_new:
                per_unit.setdefault(to_new[old_uid], []).append(
                    OutcomeChange("moved-out", new_id, lo_b.type, statement(lo_b), None, new_uid))
        elif new_id != oid:
            per_unit.setdefault(new_uid, []).append(OutcomeChange("renamed", new_id, lo_b.type, statement(lo_b),
                                                                  oid, None, changes))
        elif changes:
            per_unit.setdefault(new_uid, []).append(OutcomeChange("changed", oid, lo_b.type, statement(lo_b),
                                                                  changes=changes))
    renamed_to = set(outcome_renames.values())
    for oid, (new_uid, lo_b) in new_homes.items():
        if oid not in old_homes and oid not in renamed_to and new_uid in pairs.values():
            per_unit.setdefault(new_uid, []).append(OutcomeChange("added", oid, lo_b.type, statement(lo_b)))

    def unit_fields(ua: "Unit", ub: "Unit") -> list[Change]:
        out = text_changes("title", ua.title, ub.title)
        out += text_changes("description", ua.description, ub.description)
        out += _value("eqf_level", ua.eqf_level, ub.eqf_level)
        out += _value("ecvet_points", float(ua.ecvet_points), float(ub.ecvet_points))
        for which in ("school", "workplace"):
            out += _value(f"hours_{which}", float(getattr(ua.hours, which)) if ua.hours else None,
                          float(getattr(ub.hours, which)) if ub.hours else None)
        out += _set("prerequisites", ua.prerequisites, ub.prerequisites)
        # multilingual texts: compared in every language, shown in the report's
        methods = {canonical(_texts(m)): _norm(m.get(lang)) for m in ua.assessment_methods + ub.assessment_methods}
        out += _set("assessment_methods", [canonical(_texts(m)) for m in ua.assessment_methods],
                    [canonical(_texts(m)) for m in ub.assessment_methods], methods.get)
        out += _value("owner", ua.owner, ub.owner)
        out += _set("contributors", ua.contributors, ub.contributors)
        out += _value("status", ua.status, ub.status)
        out += _set("approvals", [(x.partner, x.date.isoformat()) for x in ua.approvals],
                    [(x.partner, x.date.isoformat()) for x in ub.approvals],
                    lambda pd: {"partner": pd[0], "date": pd[1]})
        return out

    for old_uid, new_uid in sorted(pairs.items(), key=lambda kv: kv[1]):
        ua, ub = a.cur.units[old_uid], b.cur.units[new_uid]
        changes = unit_fields(ua, ub)
        outcomes = sorted(per_unit.get(new_uid, []), key=lambda o: (_OUTCOME_ORDER[o.change], o.id))
        if old_uid != new_uid:
            report.units.append(UnitChange("renamed", new_uid, title(b, new_uid), ub.ecvet_points, old_uid,
                                           changes, outcomes))
        elif changes or outcomes:
            report.units.append(UnitChange("changed", new_uid, title(b, new_uid), ub.ecvet_points, None,
                                           changes, outcomes))
        # approvals the change makes outdated, or that partners may want to look at again
        before, after = a.fingerprint(old_uid), b.fingerprint(new_uid)
        if before != after:
            for approval in ub.approvals:
                if approval.fingerprint == before:
                    report.approvals.append(ApprovalImpact(new_uid, approval.partner, approval.date.isoformat(),
                                                           "invalidated"))
                elif approval.fingerprint is None:
                    report.approvals.append(ApprovalImpact(new_uid, approval.partner, approval.date.isoformat(),
                                                           "unbound"))
    for uid in came:
        ub = b.cur.units[uid]
        outcomes = per_unit.get(uid, []) + [OutcomeChange("added", lo.id, lo.type, statement(lo))
                                            for lo in ub.learning_outcomes
                                            if lo.id not in old_homes and lo.id not in renamed_to]
        report.units.append(UnitChange("added", uid, title(b, uid), ub.ecvet_points, outcomes=sorted(
            outcomes, key=lambda o: (_OUTCOME_ORDER[o.change], o.id))))
    for uid in gone:
        ua = a.cur.units[uid]
        report.units.append(UnitChange("removed", uid, title(a, uid), ua.ecvet_points))
    report.units.sort(key=lambda u: u.id)

    # programmes
    old_progs = {p for p in a.cur.programmes if p not in skip_programmes}
    new_progs = {p for p in b.cur.programmes if p not in skip_programmes}
    cov_a = {p.id: p for p in old.coverage.programmes}
    cov_b = {p.id: p for p in new.coverage.programmes}
    for pid in sorted(old_progs | new_progs):
        if pid not in old_progs:
            report.programmes.append(ProgrammeChange("added", pid, b.cur.programmes[pid].title.get(lang)))
            continue
        if pid not in new_progs:
            report.programmes.append(ProgrammeChange("removed", pid, a.cur.programmes[pid].title.get(lang)))
            continue
        pa, pb = a.cur.programmes[pid], b.cur.programmes[pid]
        entry = ProgrammeChange("changed", pid, pb.title.get(lang))
        entry.changes = _programme_fields(pa, pb, a, b, skill)
        entry.totals = (_value("units_ecvet_points", *(_total(s, p, "points") for s, p in ((a, pa), (b, pb))))
                        + _value("hours_school", *(_total(s, p, "school") for s, p in ((a, pa), (b, pb))))
                        + _value("hours_workplace", *(_total(s, p, "workplace") for s, p in ((a, pa), (b, pb)))))
        entry.coverage = _coverage(cov_a.get(pid), cov_b.get(pid))
        if entry.changes or entry.totals or entry.coverage:
            report.programmes.append(entry)
    report.approvals.sort(key=lambda x: (x.unit, x.partner, x.date))
    return report


_OUTCOME_ORDER = {"added": 0, "removed": 1, "renamed": 2, "moved-in": 3, "moved-out": 4, "changed": 5}


def _texts(text: "Text") -> dict[str, str]:
    return {k: _norm(v) for k, v in text.root.items()}


def _programme_fields(pa: "Programme", pb: "Programme", a: _Side, b: _Side, skill) -> list[Change]:
    out = text_changes("title", pa.title, pb.title)
    out += text_changes("description", pa.description, pb.description)
    out += _value("eqf_level", pa.eqf_level, pb.eqf_level)
    out += _value("duration_months", pa.duration_months, pb.duration_months)
    out += _value("ecvet_points", float(pa.ecvet_points), float(pb.ecvet_points))
    occ_a = a.project.resolved.programme_occupations.get(pa.id, [])
    occ_b = b.project.resolved.programme_occupations.get(pb.id, [])
    out += _set("occupations", occ_a, occ_b, skill)
    out += _set("awarding_partners", pa.awarding_partners, pb.awarding_partners)
    out += _set("units", pa.units, pb.units)
    return out


def _total(side: _Side, prog: "Programme", what: str) -> float:
    total = 0.0
    for uid in dict.fromkeys(prog.units):
        unit = side.cur.units.get(uid)
        if unit is None:
            continue
        if what == "points":
            total += unit.ecvet_points
        elif unit.hours is not None:
            total += getattr(unit.hours, what)
    return total


def _coverage(old, new) -> list[CoverageChange]:
    def figures(cov) -> dict[str, tuple[str, tuple[int, int]]]:
        return {o.uri: (o.label, (o.essential.covered, o.essential.total)) for o in (cov.occupations if cov else [])}

    fa, fb = figures(old), figures(new)
    out = []
    for uri in sorted(set(fa) | set(fb)):
        va = fa.get(uri, (None, None))[1]
        vb = fb.get(uri, (None, None))[1]
        if va != vb:
            out.append(CoverageChange(uri, (fb.get(uri) or fa[uri])[0], va, vb))
    return out
