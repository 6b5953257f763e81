"""What the EU's registers expect of a programme and its units, shared by the ELM RDF and the
LOQ XML exports (and read back by their importers).

* **Qualification or specification.** The register's qualification (ELM ``elm:Qualification``,
  LOQ ``qualification``) needs an EQF level and at least one NQF level from the QDR's list
  (:mod:`skillweave.formats.nqf`). A programme whose ``nqf_level`` names a level of that list is
  a qualification; one that names none (or has no ``nqf_level``) is a learning achievement
  specification, with its EQF level as education level.
* **Units as partial qualifications.** A unit is a partial qualification of its programmes where
  its level is theirs: it is at the EQF level of every programme it belongs to, and each of
  them is a qualification. Its NQF levels are then its programmes' (a national framework level
  refers to one EQF level, so a unit at the programme's EQF level is at the programme's NQF
  level). A unit below its programme's level, or in a programme without NQF level, stays a
  learning achievement specification: its level in the national frameworks is not known.
* **Learning setting**: formal learning, since the programmes lead to qualifications that the
  awarding partners award; a unit whose teaching methods say it is non-formal is non-formal.
* **Teaching methods** are learning activity specifications of their unit,
  ``{unit}/teaching-method/N``, titled with the method in every language.
* **Mode** of learning: from the units' ``teaching_methods`` where one names a mode of the EU's
  list (work-based, blended, online, project-based, laboratory, classroom), in any language of
  :data:`MODE_WORDS`: on the method's activity and on its unit; a programme has the modes of its
  units.
* **Learning outcome summary**: the outcome statements in the order of the units and their
  outcomes, one per line (a programme's under each unit's title), in every language in which
  all of them are written (the default language always).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from skillweave.formats import nqf
from skillweave.formats.elm import MODE_PRESENTIAL, MODE_WORKBASED, SNB

if TYPE_CHECKING:  # pragma: no cover
    from skillweave.model import Curriculum, Programme, Text, Unit

#: the subject of the note that holds a programme's ``nqf_level`` as written:
#: ``{base}concept/note-subject/nqf-level`` (the levels themselves are the QDR's concepts)
NQF_NOTE = "nqf-level"
LEARNING_SETTING_SCHEME = SNB + "learning-setting/25831c2"
FORMAL = SNB + "learning-setting/6fd4685715"
NON_FORMAL = SNB + "learning-setting/e207a81fc7"
NQF_SCHEME = SNB + "qdr/25831c2"
MODE_PROJECT = SNB + "learning-assessment/7813801c77"
MODE_ONLINE = SNB + "learning-assessment/920fbb3cbe"
MODE_BLENDED = SNB + "learning-assessment/e92d221e4d"
MODE_LAB = SNB + "learning-assessment/ed4c557045"

LABELS = {
    FORMAL: "formal learning", NON_FORMAL: "non-formal learning",
    MODE_WORKBASED: "Workbased", MODE_PROJECT: "Project based", MODE_PRESENTIAL: "Presential",
    MODE_ONLINE: "Online", MODE_BLENDED: "Blended", MODE_LAB: "Research-Lab based",
}

#: words of teaching methods that name a mode of the EU's list (English, Dutch, German, French,
#: Spanish), matched at the start of a word, in the list's order
MODE_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (MODE_WORKBASED, ("work-based", "work based", "workbased", "workplace", "on-the-job", "on the job",
                      "apprenticeship", "werkplek", "beroepspraktijk", "praktijkleren", "betrieblich",
                      "im betrieb", "arbeitsplatz", "ausbildungsbetrieb", "en entreprise", "alternance",
                      "en el puesto de trabajo", "formación dual")),
    (MODE_PROJECT, ("project-based", "project based", "projectonderwijs", "projectmatig", "projekt",
                    "par projet", "basado en proyectos", "por proyectos")),
    (MODE_PRESENTIAL, ("classroom", "face-to-face", "face to face", "presential", "in person", "lecture",
                       "klassikaal", "contactonderwijs", "klassenverband", "präsenz", "präsentiel", "présentiel", "presencial")),
    (MODE_ONLINE, ("online", "e-learning", "elearning", "distance learning", "afstandsonderwijs",
                   "fernunterricht", "fernlernen", "à distance", "a distancia")),
    (MODE_BLENDED, ("blended", "hybrid learning", "hybrid teaching", "hybrides lernen", "hybride leren", "gemengd leren",
                     "aprendizaje mixto")),
    (MODE_LAB, ("laboratory", "lab work", "laboratorium", "laborarbeit", "im labor", "laboratoire", "laboratorio")),
)
_NON_FORMAL_WORDS = ("non-formal", "nonformal", "non formal", "niet-formeel", "non-formeel", "nicht-formal",
                     "nichtformal", "non formel", "no formal")


def _words(text: str) -> str:
    return " " + " ".join(text.lower().split()) + " "


def _names(text: str, word: str) -> bool:
    return re.search(r"(?<![\w-])" + re.escape(word), _words(text)) is not None


def _all_texts(values: Iterable["Text"]) -> list[str]:
    return [t for value in values for t in value.root.values()]


# --- NQF levels and the kind of record ------------------------------------------------------------

def nqf_levels(prog: "Programme") -> list[nqf.Level]:
    """The QDR levels that the programme's ``nqf_level`` names."""
    return nqf.levels(prog.nqf_level)


def is_qualification(prog: "Programme") -> bool:
    return bool(nqf_levels(prog))


def programmes_of(cur: "Curriculum") -> dict[str, list["Programme"]]:
    """unit id -> the programmes it belongs to, in id order."""
    out: dict[str, list[Programme]] = {}
    for pid in sorted(cur.programmes):
        prog = cur.programmes[pid]
        for uid in dict.fromkeys(prog.units):
            out.setdefault(uid, []).append(prog)
    return out


def partial_levels(unit: "Unit", programmes: list["Programme"]) -> list[nqf.Level]:
    """The NQF levels of a unit that is a partial qualification (see the module's docstring), or
    none: the unit is then a learning achievement specification."""
    if not programmes or any(p.eqf_level != unit.eqf_level or not is_qualification(p) for p in programmes):
        return []
    return list(dict.fromkeys(level for p in programmes for level in nqf_levels(p)))


# --- learning setting and mode --------------------------------------------------------------------

def method_modes(method: "Text") -> list[str]:
    """The modes of the EU's list that a teaching method names (in any of its languages)."""
    texts = list(method.root.values())
    return [mode for mode, words in MODE_WORDS if any(_names(t, w) for t in texts for w in words)]


def unit_modes(unit: "Unit") -> list[str]:
    """The modes of the EU's list that the unit's teaching methods name, in the list's order."""
    found = {mode for method in unit.teaching_methods for mode in method_modes(method)}
    return [mode for mode, _ in MODE_WORDS if mode in found]


def programme_modes(units: Iterable["Unit"]) -> list[str]:
    found = {mode for unit in units for mode in unit_modes(unit)}
    return [mode for mode, _ in MODE_WORDS if mode in found]


def unit_setting(unit: "Unit") -> str:
    texts = _all_texts(unit.teaching_methods)
    non_formal = any(_names(t, w) for t in texts for w in _NON_FORMAL_WORDS)
    return NON_FORMAL if non_formal else FORMAL


# --- learning outcome summary ---------------------------------------------------------------------

def _summary_languages(texts: list["Text"], default: str) -> list[str]:
    """The default language, then the others that every text has."""
    langs = set(texts[0].root) if texts else set()
    for t in texts:
        if not langs:
            break
        langs.intersection_update(t.root)
    return [default] + sorted(langs - {default})


def unit_summary(unit: "Unit", default: str) -> dict[str, str]:
    """language -> the unit's outcome statements, one per line."""
    statements = [lo.statement for lo in unit.learning_outcomes]
    if not statements:
        return {}
    return {lang: "\n".join(s.get(lang, default) for s in statements)
            for lang in _summary_languages(statements, default)}


def programme_summary(units: list["Unit"], default: str,
                      unit_texts: "Callable[[Unit], dict[str, str]] | None" = None) -> dict[str, str]:
    """language -> each unit's title, then its outcome statements, one per line. ``unit_texts``:
    :func:`unit_summary` of a unit with ``default``, remembered by the caller (a language of the
    programme's summary is one of each of its units', so their lines are the same)."""
    units = [u for u in units if u.learning_outcomes]
    if not units:
        return {}
    texts = [t for u in units for t in (u.title, *(lo.statement for lo in u.learning_outcomes))]
    statements = unit_texts or (lambda u: unit_summary(u, default))
    out = {}
    for lang in _summary_languages(texts, default):
        out[lang] = "\n\n".join(u.title.get(lang, default) + ":\n" + statements(u)[lang] for u in units)
    return out
