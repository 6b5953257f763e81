"""Read the official ESCO CSV download into RDF triples in the ESCO model.

A download is a folder of files named ``<table>_<language>.csv`` (``occupations_en.csv``,
``skills_nl.csv``, ...). Several languages, in one folder or in several folders, merge into one
concept per URI: labels and descriptions come from every language, everything that does not
depend on the language (skill type, relations, hierarchy, codes) from one language's files, the
*primary* one (``en`` when present, else the first in alphabetical order).

Needed: ``occupations``, ``skills`` (for every language) and ``occupationSkillRelations`` (for the
primary language). Read when present: ``ISCOGroups``, ``skillGroups``,
``broaderRelationsOccPillar``, ``broaderRelationsSkillPillar``. Other files are ignored.

What the triples hold, per concept (ESCO model, SKOS):

- occupations: ``esco:Occupation``, ``skos:Concept``; ``skos:prefLabel``, ``skos:altLabel``,
  ``skos:hiddenLabel``; ``dcterms:description``, ``skos:definition``, ``skos:scopeNote``;
  ``skos:notation`` (the ESCO code); ``skos:broader`` (ISCO group and broader occupations);
  ``skos:inScheme``; ``esco:relatedEssentialSkill`` / ``esco:relatedOptionalSkill``;
- skills: ``esco:Skill``, ``skos:Concept``; ``esco:skillType``, ``esco:skillReuseLevel``; the same
  labels and texts; ``skos:broader`` from the skill pillar;
- ISCO groups (``esco:ISCOGroup``) and skill groups (``skos:Concept``): labels, description and
  ``skos:notation``.

Multi-valued cells (``altLabels``, ``hiddenLabels``, ``inScheme``) hold one value per line; some
cells of ``skills_en.csv`` separate them with `` | `` instead (no ESCO label contains it), so
both separators are accepted.

Every problem of a file is a diagnostic (SW4xx) with the file, line and column; an error makes
the import fail (the store is not touched), a warning only skips the row.
"""

from __future__ import annotations

import bisect
import codecs
import csv
import io
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from skillweave.diagnostics import DiagnosticSink
from skillweave.errors import EscoCsvError
from skillweave.vocab.base import ESCO, SKILL_TYPE_KNOWLEDGE, SKILL_TYPE_SKILL, SKOS

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
DCTERMS = "http://purl.org/dc/terms/"
SKILL_REUSE_LEVEL = "http://data.europa.eu/esco/skill-reuse-level/"
SKILL_TYPES = {"skill/competence": SKILL_TYPE_SKILL, "knowledge": SKILL_TYPE_KNOWLEDGE}

#: table name -> (columns that must be in the header, columns read when present)
TABLES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "occupations": (("conceptUri", "preferredLabel"),
                    ("iscoGroup", "altLabels", "hiddenLabels", "scopeNote", "definition", "inScheme",
                     "description", "code")),
    "skills": (("conceptUri", "preferredLabel"),
               ("skillType", "reuseLevel", "altLabels", "hiddenLabels", "scopeNote", "definition",
                "inScheme", "description")),
    "occupationSkillRelations": (("occupationUri", "relationType", "skillUri"), ("skillType",)),
    "ISCOGroups": (("conceptUri", "code", "preferredLabel"), ("altLabels", "description", "inScheme")),
    "skillGroups": (("conceptUri", "preferredLabel"),
                    ("altLabels", "hiddenLabels", "scopeNote", "inScheme", "description", "code")),
    "broaderRelationsOccPillar": (("conceptUri", "broaderUri"), ()),
    "broaderRelationsSkillPillar": (("conceptUri", "broaderUri"), ()),
}
#: tables needed for every language / for the primary language
PER_LANGUAGE = ("occupations", "skills")
PRIMARY_ONLY = ("occupationSkillRelations",)
_FILE_NAME = re.compile(r"^(?P<table>" + "|".join(TABLES) + r")_(?P<lang>[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*)\.csv$")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_NT_ESCAPE = re.compile(r'[\\"\n\r]')
_NT_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"}
_REUSE_LEVEL = re.compile(r"^[a-z][a-z-]*$")

Progress = Callable[[int], None]
_PREF_LABEL = SKOS + "prefLabel"
_IN_SCHEME = SKOS + "inScheme"
_MULTI_VALUED = (("altLabels", SKOS + "altLabel"), ("hiddenLabels", SKOS + "hiddenLabel"))
_TEXTS = (("description", DCTERMS + "description"), ("definition", SKOS + "definition"),
          ("scopeNote", SKOS + "scopeNote"))


def _text_columns(col: dict[str, int]) -> tuple:
    """((index, predicate) of the multi-valued label columns, of the text columns) of a header."""
    return (tuple((col[name], pred) for name, pred in _MULTI_VALUED if name in col),
            tuple((col[name], pred) for name, pred in _TEXTS if name in col))


def split_values(cell: str | None) -> list[str]:
    """The values of a multi-valued cell: one per line, or separated by `` | ``."""
    if not cell:
        return []
    return [v.strip() for line in cell.splitlines() for v in line.split(" | ") if v.strip()]


def nt_literal(text: str, lang: str | None = None) -> str:
    """An N-Triples string literal."""
    if _NT_ESCAPE.search(text):
        text = _NT_ESCAPE.sub(lambda m: _NT_ESCAPES[m.group()], text)
    return f'"{text}"@{lang}' if lang else f'"{text}"'


def display(path: Path) -> str:
    """A path as diagnostics show it: relative to the current folder when that is shorter."""
    rel = os.path.relpath(path)
    return (rel if not rel.startswith(".." + os.sep + ".." + os.sep) else str(path)).replace(os.sep, "/")


@dataclass
class CsvLayout:
    """The CSV files found in the sources: {(table, language): path}."""

    files: dict[tuple[str, str], Path] = field(default_factory=dict)

    @property
    def languages(self) -> list[str]:
        langs = sorted({lang for (table, lang) in self.files if table in PER_LANGUAGE})
        if "en" in langs:
            langs.remove("en")
            langs.insert(0, "en")
        return langs

    @property
    def primary(self) -> str | None:
        langs = self.languages
        return langs[0] if langs else None

    def path(self, table: str, lang: str) -> Path | None:
        return self.files.get((table, lang))


def find_csv_files(folders: list[Path]) -> CsvLayout:
    """The ESCO CSV files of ``folders``; the same file in two folders is refused."""
    layout = CsvLayout()
    for folder in folders:
        for path in sorted(folder.iterdir()):
            m = _FILE_NAME.match(path.name)
            if not m or not path.is_file():
                continue
            key = (m["table"], m["lang"].lower())
            other = layout.files.get(key)
            if other is not None and other.resolve() != path.resolve():
                raise EscoCsvError(f"{path.name} is in two of the folders given ({display(other.parent)} and "
                                   f"{display(folder)}); give each language's files once")
            layout.files[key] = path
    return layout


def is_csv_folder(folder: Path) -> bool:
    return folder.is_dir() and any(_FILE_NAME.match(p.name) for p in folder.iterdir())


#: (subject, predicate, object, language): ``language`` is None when the object is an IRI, ""
#: for a literal without language tag, else the tag.
Triple = tuple[str, str, str, "str | None"]


@dataclass
class CsvImport:
    """What a CSV download gave: triples and the counts that the import reports."""

    triples: list[Triple] = field(default_factory=list)
    occupations: set[str] = field(default_factory=set)
    skills: set[str] = field(default_factory=set)
    relations: set[tuple[str, str, str]] = field(default_factory=set)
    languages: list[str] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)


class _File:
    """One CSV file being read: its text, for positions of problems found later."""

    def __init__(self, path: Path, text: str) -> None:
        self.path = path
        self.shown = display(path)
        self.text = text
        self._starts: list[int] | None = None

    def _line_starts(self) -> list[int]:
        if self._starts is None:
            self._starts = [0] + [m.end() for m in _LINE_BREAK.finditer(self.text)]
        return self._starts

    def position(self, line: int, field_index: int) -> tuple[int, int]:
        """(line, column) where field ``field_index`` of the record starting on ``line`` starts."""
        starts = self._line_starts()
        text, i = self.text, starts[min(line, len(starts)) - 1]
        current, quoted, at_start = 0, False, True
        while i < len(text) and current < field_index:
            c = text[i]
            if quoted:
                if c == '"':
                    if text[i + 1:i + 2] == '"':
                        i += 1
                    else:
                        quoted = False
            elif c == '"' and at_start:
                quoted = True
            elif c == ",":
                current += 1
                at_start = True
                i += 1
                continue
            elif c in "\r\n":
                break
            at_start = False
            i += 1
        line = bisect.bisect_right(starts, i)
        return line, i - starts[line - 1] + 1


class EscoCsvReader:
    """Reads a CSV download into N-Triples lines, reporting problems to ``sink``."""

    def __init__(self, sink: DiagnosticSink, progress: Progress | None = None,
                 on_table: Callable[[list[Triple]], None] | None = None) -> None:
        self.sink = sink
        self.progress = progress or (lambda n: None)
        #: called with the new triples after each file, so that loading can start early
        self.on_table = on_table or (lambda triples: None)
        self.out = CsvImport()
        self._triples = self.out.triples
        self._flushed = 0
        self._uris: dict[str, bool] = {}
        self._seen: set[str] = set()  # concepts whose language-independent triples are out
        self._isco_by_code: dict[str, str] = {}
        self._skill_type: dict[str, str] = {}
        self._relation_skill_type: dict[str, str] = {}
        self._scheme_cells: dict[str, list[str]] = {}
        #: tables with a file that could not be read to the end (their concepts are incomplete)
        self._incomplete: set[str] = set()

    # -- helpers ---------------------------------------------------------------------------------

    def _emit(self, f: _File, line: int, field_index: int, code: str, message: str) -> None:
        self.sink.emit(f.shown, f.position(line, field_index), code, message)

    def _uri(self, f: _File, line: int, index: int, column: str, value: str) -> str | None:
        """``value`` if it is an absolute http(s) IRI, else a diagnostic and None."""
        value = value.strip()
        ok = self._uris.get(value)
        if ok is None:
            ok = bool(value) and value.startswith(("http://", "https://")) and _valid_iri(value)
            self._uris[value] = ok
        if ok:
            return value
        what = "is empty" if not value else f"is not an absolute http(s) URI: {value[:120]!r}"
        self._emit(f, line, index, "SW405", f"{column} {what}; give the concept's full ESCO URI")
        return None

    def _iri(self, s: str, p: str, o: str) -> None:
        self._triples.append((s, p, o, None))

    def _lit(self, s: str, p: str, text: str, lang: str) -> None:
        self._triples.append((s, p, text, lang))

    def _flush(self) -> None:
        if len(self._triples) > self._flushed:
            self.on_table(self._triples[self._flushed:])
            self._flushed = len(self._triples)

    def _labels(self, uri: str, row: list[str], columns: tuple, lang: str, pref: str) -> None:
        """The labels and texts of a concept; ``columns`` from :func:`_text_columns`."""
        triples = self._triples
        triples.append((uri, _PREF_LABEL, pref, lang))
        multi, single = columns
        for i, pred in multi:
            if row[i]:
                for value in split_values(row[i]):
                    triples.append((uri, pred, value, lang))
        for i, pred in single:
            if row[i] and (text := row[i].strip()):
                triples.append((uri, pred, text, lang))

    def _schemes(self, f: _File, line: int, uri: str, row: list[str], col: dict[str, int]) -> None:
        i = col.get("inScheme")
        if i is None or not row[i]:
            return
        cell = row[i]
        schemes = self._scheme_cells.get(cell)  # the same few cells, over and over
        if schemes is None:
            found = [self._uri(f, line, i, "inScheme", scheme) for scheme in split_values(cell)]
            schemes = [s for s in found if s is not None]
            if len(schemes) == len(found):
                self._scheme_cells[cell] = schemes
        for scheme in schemes:
            self._triples.append((uri, _IN_SCHEME, scheme, None))

    def _notation(self, uri: str, row: list[str], col: dict[str, int], name: str = "code") -> None:
        i = col.get(name)
        if i is not None and row[i].strip():
            self._lit(uri, SKOS + "notation", row[i].strip(), "")

    # -- reading one file ------------------------------------------------------------------------

    def _records(self, path: Path, table: str):
        """(file, line, row, column index) for each record; file problems become diagnostics."""
        required, optional = TABLES[table]
        shown = display(path)
        try:
            data = path.read_bytes()
        except OSError as exc:
            self.sink.emit(shown, (1, 1), "SW401", f"cannot read the file ({exc.strerror})")
            self._incomplete.add(table)
            return
        size = len(data)
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = data.count(b"\n", 0, exc.start) + 1
            col = len(data[data.rfind(b"\n", 0, exc.start) + 1:exc.start].decode("utf-8", "replace")) + 1
            self.sink.emit(shown, (line, col), "SW402",
                           f"the file is not UTF-8 (byte 0x{data[exc.start]:02x}); save it as UTF-8")
            self._incomplete.add(table)
            self.progress(size)
            return
        del data
        if text.startswith(codecs.BOM_UTF8.decode("utf-8")):
            text = text[1:]
        f = _File(path, text)
        source = io.StringIO(text, newline="")
        reader = csv.reader(source, strict=True)
        chars = max(len(text), 1)
        reported = 0  # bytes reported through progress
        line = 1
        try:
            header = next(reader, None)
            if header is None:
                self.sink.emit(shown, (1, 1), "SW403", f"the file is empty; it needs a header row with "
                                                      f"{', '.join(required)}")
                self._incomplete.add(table)
                return
            col = {name.strip(): i for i, name in enumerate(header)}
            missing = [c for c in required if c not in col]
            if missing:
                self.sink.emit(shown, (1, 1), "SW403",
                               f"the header lacks the column{'s' if len(missing) > 1 else ''} {', '.join(missing)} "
                               f"of the official {table} file")
                self._incomplete.add(table)
                return
            col = {name: col[name] for name in required + optional if name in col}
            width = len(header)
            line = reader.line_num + 1
            count = 0
            for row in reader:
                if len(row) == width:
                    yield f, line, row, col
                elif len(row) > 1 or (row and row[0].strip(" \t")):  # not a blank line (or only spaces, tabs)
                    where = width if len(row) > width else max(len(row) - 1, 0)
                    self._emit(f, line, where, "SW404",
                               f"the row has {len(row)} fields, the header {width}; quote cells that hold commas")
                line = reader.line_num + 1
                count += 1
                if count % 20000 == 0:
                    done = size * source.tell() // chars
                    self.progress(done - reported)
                    reported = done
        except csv.Error as exc:
            self.sink.emit(shown, (line, 1), "SW402",
                           f"CSV syntax error in the row starting here: {exc}; check the quotes of this row")
            self._incomplete.add(table)
        finally:
            self.progress(size - reported)

    # -- the tables ------------------------------------------------------------------------------

    def _concepts(self, path: Path, table: str, lang: str, read_row) -> None:
        seen_here: set[str] = set()
        columns = None
        for f, line, row, col in self._records(path, table):
            if columns is None:
                columns = _text_columns(col)
            uri = self._uri(f, line, col["conceptUri"], "conceptUri", row[col["conceptUri"]])
            if uri is None:
                continue
            if uri in seen_here:
                self._emit(f, line, col["conceptUri"], "SW408",
                           f"{uri} is already in an earlier row of this file; this row is ignored")
                continue
            pref = row[col["preferredLabel"]].strip()
            if not pref:
                self._emit(f, line, col["preferredLabel"], "SW406",
                           "preferredLabel is empty; every concept needs a preferred label")
                continue
            seen_here.add(uri)
            self._labels(uri, row, columns, lang, pref)
            first = uri not in self._seen
            if first:
                self._seen.add(uri)
            read_row(f, line, uri, row, col, first)

    def _occupation(self, f: _File, line: int, uri: str, row, col, independent: bool) -> None:
        self.out.occupations.add(uri)
        if not independent:
            return
        self._iri(uri, RDF_TYPE, ESCO + "Occupation")
        self._iri(uri, RDF_TYPE, SKOS + "Concept")
        i = col.get("iscoGroup")
        if i is not None and (code := row[i].strip()) and code in self._isco_by_code:
            self._iri(uri, SKOS + "broader", self._isco_by_code[code])
        self._notation(uri, row, col)
        self._schemes(f, line, uri, row, col)

    def _skill(self, f: _File, line: int, uri: str, row, col, independent: bool) -> None:
        self.out.skills.add(uri)
        if not independent:
            return
        self._iri(uri, RDF_TYPE, ESCO + "Skill")
        self._iri(uri, RDF_TYPE, SKOS + "Concept")
        i = col.get("skillType")
        if i is not None and (kind := row[i].strip()):
            if kind in SKILL_TYPES:
                self._skill_type[uri] = kind
                self._iri(uri, ESCO + "skillType", SKILL_TYPES[kind])
            else:
                self._emit(f, line, i, "SW406",
                           f"skillType {kind!r} is not one of {', '.join(SKILL_TYPES)}")
        i = col.get("reuseLevel")
        if i is not None and (level := row[i].strip()):
            if _REUSE_LEVEL.match(level):
                self._iri(uri, ESCO + "skillReuseLevel", SKILL_REUSE_LEVEL + level)
            else:
                self._emit(f, line, i, "SW406", f"reuseLevel {level[:60]!r} is not an ESCO reuse level "
                                                "(for example sector-specific or transversal)")
        self._schemes(f, line, uri, row, col)

    def _isco_group(self, f: _File, line: int, uri: str, row, col, independent: bool) -> None:
        code = row[col["code"]].strip()
        if code:
            self._isco_by_code.setdefault(code, uri)
        if not independent:
            return
        self._iri(uri, RDF_TYPE, ESCO + "ISCOGroup")
        self._iri(uri, RDF_TYPE, SKOS + "Concept")
        self._notation(uri, row, col)
        self._schemes(f, line, uri, row, col)

    def _skill_group(self, f: _File, line: int, uri: str, row, col, independent: bool) -> None:
        if not independent:
            return
        self._iri(uri, RDF_TYPE, SKOS + "Concept")
        self._notation(uri, row, col)
        self._schemes(f, line, uri, row, col)

    def _relations(self, path: Path) -> None:
        occupations, skills, relations = self.out.occupations, self.out.skills, self.out.relations
        triples, kinds = self._triples, self._relation_skill_type
        predicates = {"essential": ESCO + "relatedEssentialSkill", "optional": ESCO + "relatedOptionalSkill"}
        at = None
        for f, line, row, col in self._records(path, "occupationSkillRelations"):
            if at is None:
                at = (col["occupationUri"], col["relationType"], col["skillUri"], col.get("skillType"))
            occ, rel, skill = row[at[0]], row[at[1]], row[at[2]]
            kind = row[at[3]] if at[3] is not None else ""
            # The fast path: both concepts known (so their URIs are valid) and plain values.
            if occ in occupations and skill in skills and rel in predicates and (not kind or kind in SKILL_TYPES):
                key = (occ, rel, skill)
                if key not in relations:
                    relations.add(key)
                    triples.append((occ, predicates[rel], skill, None))
                    if kind and skill not in kinds:
                        kinds[skill] = kind
                continue
            self._relation_slow_path(f, line, row, col, predicates)

    def _relation_slow_path(self, f: _File, line: int, row: list[str], col: dict[str, int],
                            predicates: dict[str, str]) -> None:
        occ = self._uri(f, line, col["occupationUri"], "occupationUri", row[col["occupationUri"]])
        skill = self._uri(f, line, col["skillUri"], "skillUri", row[col["skillUri"]])
        rel = row[col["relationType"]].strip()
        if rel not in predicates:
            self._emit(f, line, col["relationType"], "SW406",
                       f"relationType {rel[:40]!r} is neither essential nor optional")
            return
        kind = ""
        if (i := col.get("skillType")) is not None:
            kind = row[i].strip()
            if kind and kind not in SKILL_TYPES:
                self._emit(f, line, i, "SW406", f"skillType {kind[:40]!r} is not one of {', '.join(SKILL_TYPES)}")
                return
        if occ is None or skill is None:
            return
        # (not reported when that file could not be read to the end: its error says enough)
        if occ not in self.out.occupations:
            if "occupations" not in self._incomplete:
                self._emit(f, line, col["occupationUri"], "SW407",
                           f"occupation {occ} is not in the occupations file; the relation is skipped")
            return
        if skill not in self.out.skills:
            if "skills" not in self._incomplete:
                self._emit(f, line, col["skillUri"], "SW407",
                           f"skill {skill} is not in the skills file; the relation is skipped")
            return
        key = (occ, rel, skill)
        if key not in self.out.relations:
            self.out.relations.add(key)
            self._iri(occ, predicates[rel], skill)
            if kind:
                self._relation_skill_type.setdefault(skill, kind)

    def _broader(self, path: Path, table: str) -> None:
        known, triples = self._uris, self._triples
        broader = SKOS + "broader"
        for f, line, row, col in self._records(path, table):
            narrower, wider = row[col["conceptUri"]], row[col["broaderUri"]]
            if not (known.get(narrower) and known.get(wider)):
                narrower = self._uri(f, line, col["conceptUri"], "conceptUri", narrower)
                wider = self._uri(f, line, col["broaderUri"], "broaderUri", wider)
                if not (narrower and wider):
                    continue
            triples.append((narrower, broader, wider, None))

    # -- the whole download ----------------------------------------------------------------------

    def plan(self, folders: list[Path]) -> list[tuple[str, str, Path]]:
        """The files to read, in order, as (table, language, path); missing ones are diagnostics.

        Raises :class:`EscoCsvError` when the folders hold no ESCO CSV file at all.
        """
        layout = find_csv_files(folders)
        langs = layout.languages
        if not langs:
            raise EscoCsvError("no ESCO CSV file (occupations_<lang>.csv, skills_<lang>.csv, ...) in "
                               + ", ".join(display(f) for f in folders))
        primary = langs[0]
        for lang in langs:
            for table in PER_LANGUAGE + (PRIMARY_ONLY if lang == primary else ()):
                if layout.path(table, lang) is None:
                    folder = next(p.parent for (t, lg), p in sorted(layout.files.items()) if lg == lang)
                    self.sink.emit(display(folder / f"{table}_{lang}.csv"), (1, 1), "SW401",
                                   f"the ESCO {table} file for language '{lang}' is missing; add it from the "
                                   f"same ESCO download")
        self.out.languages = langs
        # Language-independent values come from the primary language's files (read first); a
        # concept that only another language lists gets them from there.
        files = []
        for table in ("ISCOGroups", "occupations", "skills", "skillGroups"):
            files += [(table, lang, path) for lang in langs if (path := layout.path(table, lang))]
        for table in ("occupationSkillRelations", "broaderRelationsOccPillar", "broaderRelationsSkillPillar"):
            if (path := layout.path(table, primary)) is not None:
                files.append((table, primary, path))
        return files

    def read(self, files: list[tuple[str, str, Path]]) -> CsvImport:
        """Read the files of :meth:`plan` (call it first)."""
        readers = {"ISCOGroups": self._isco_group, "occupations": self._occupation, "skills": self._skill,
                   "skillGroups": self._skill_group}
        self.out.files = [path for _, _, path in files]
        for table, lang, path in files:
            if table in readers:
                self._concepts(path, table, lang, readers[table])
            elif table == "occupationSkillRelations":
                self._relations(path)
            else:
                self._broader(path, table)
            self._flush()
        for skill, kind in sorted(self._relation_skill_type.items()):
            if skill not in self._skill_type:
                self._iri(skill, ESCO + "skillType", SKILL_TYPES[kind])
        self._flush()
        return self.out


def to_ntriples(triples: list[Triple]) -> bytes:
    """N-Triples for triples as the reader gives them."""
    out = []
    append = out.append
    for s, p, o, lang in triples:
        if lang is None:
            append(f"<{s}> <{p}> <{o}> .\n")
        else:
            append(f"<{s}> <{p}> {nt_literal(o, lang)} .\n")
    return "".join(out).encode("utf-8")


def _valid_iri(value: str) -> bool:
    import pyoxigraph as ox

    try:
        ox.NamedNode(value)
    except ValueError:
        return False
    return True


def read_esco_csv(folders: list[Path], sink: DiagnosticSink, progress: Progress | None = None) -> CsvImport:
    """Read the CSV download in ``folders`` (see the module docstring)."""
    reader = EscoCsvReader(sink, progress)
    return reader.read(reader.plan(folders))
