"""Every domain type: what a workspace holds, what the rules resolve and the project that the
pipeline passes from stage to stage.

* the curriculum: pydantic v2 models of the files (:class:`Alliance`, :class:`Programme`,
  :class:`Unit`, ...), gathered in a :class:`Curriculum` with the positions of every value;
* learner records (:class:`Learner`, :class:`Result`, :class:`Mobility`, :class:`LearnerRecords`);
* quality inputs (:class:`ProviderQuality`, :class:`Tracking`, :class:`QualityInputs`);
* :class:`Resolved` (ESCO references resolved by the rules) and :class:`Project`.

Models are validated from the plain data that :mod:`skillweave.load.yamlsource` reads, with the
validation context ``{"default_language": ...}`` so that a plain string becomes text in the
alliance's default language. Positions are not stored on the models: they live in the loader's
source maps, found by (file, path).

This module imports no other part of skillweave: types of later layers (the workspace, source
maps, the vocabulary, diagnostics, analysis reports) appear as names in string annotations only.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any, Generic, Literal, TypeVar

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    RootModel,
    StrictBool,
    StringConstraints,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

ID_PATTERN = r"^[a-z0-9][a-z0-9-]{0,63}$"
ID_RE = re.compile(ID_PATTERN)
#: learner and mobility ids come from the partners' student information systems as they are
#: (``L001``, ``2024.0137``, ``NL_ROC_88213``); they are unique regardless of case (they name files)
RECORD_ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$"
RECORD_ID_RE = re.compile(RECORD_ID_PATTERN)
LANG_PATTERN = r"^[a-z]{2}$"
COUNTRY_PATTERN = r"^[A-Z]{2}$"

#: names Windows reserves for devices, with or without an extension: a unit or programme with such
#: an id could not be checked out or exported there (``aux.yaml``, ``nul.html``)
RESERVED_NAMES = frozenset({"con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)),
                            *(f"lpt{i}" for i in range(1, 10))})


def _not_reserved(value):
    if isinstance(value, str) and value in RESERVED_NAMES:
        raise PydanticCustomError("reserved_id", "the id {id} is a device name on Windows", {"id": value})
    return value


Id = Annotated[str, BeforeValidator(_not_reserved), StringConstraints(pattern=ID_PATTERN)]
RecordId = Annotated[str, StringConstraints(pattern=RECORD_ID_PATTERN)]
Lang = Annotated[str, StringConstraints(pattern=LANG_PATTERN)]
Country = Annotated[str, StringConstraints(pattern=COUNTRY_PATTERN)]


def _number_as_written(value):
    """Codes such as ISCED-F ``0713`` or a PIC may be written unquoted: keep them as written."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return getattr(value, "raw", str(value))
    return value


Code = Annotated[str, BeforeValidator(_number_as_written), StringConstraints(min_length=1, strip_whitespace=True)]
NonEmptyStr = Annotated[str, StringConstraints(min_length=1)]


# Numbers and dates in the YAML files are read as they are written: a number is a YAML number
# (not text such as "12", not true/false), a date is written YYYY-MM-DD (in the CSV files too). The
# JSON Schemas of the files (skillweave.formats.json_schema) say the same, so editors and ``check``
# agree.

def _yaml_whole(value):
    if isinstance(value, (str, bool)):
        raise PydanticCustomError("int_type", "Input should be a whole number")
    if isinstance(value, float) and value.is_integer():
        return int(value)  # 4.0 is the whole number 4, as in JSON Schema (and beyond 64 bits)
    return value


def _yaml_number(value):
    if isinstance(value, (str, bool)):
        raise PydanticCustomError("float_type", "Input should be a number")
    return value


ISO_DATE_RE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_DATE_TIME_RE = re.compile(r"([0-9]{4}-[0-9]{2}-[0-9]{2})[Tt ].+", re.DOTALL)
_UNPADDED_DATE_RE = re.compile(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})")
#: Excel keeps a date as a serial number, the days since 1899-12-30 (right from 1900-03-01 on), and
#: a CSV file saved from a column not formatted as a date holds that number. A whole number from
#: 10000 to 73050 (1927-05-18 to 2099-12-31) in a date field is taken for one; shorter numbers are
#: more likely a year, longer ones a Unix timestamp.
EXCEL_EPOCH = dt.date(1899, 12, 30)
EXCEL_SERIALS = range(10_000, 73_051)


def _calendar_date(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def _iso_date(value):
    """A date written YYYY-MM-DD (or a date object, not a date-time) as a date. Anything else,
    date-times, numbers (Unix timestamps, Excel serial numbers) and other ways of writing a date
    included, is refused with an error whose ``date`` (in ``ctx``) is the date meant where that is
    clear: ``date_with_time``, ``date_excel_serial``, ``date_unpadded``, ``date_not_in_calendar``
    and ``date_format`` (see the messages of :mod:`skillweave.load.yamlfile` and
    :mod:`skillweave.load.records`)."""
    if isinstance(value, dt.datetime):
        raise PydanticCustomError("date_with_time", "Input should be a date without a time, {date}",
                                  {"date": value.date().isoformat()})
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        if ISO_DATE_RE.fullmatch(value):
            date = _calendar_date(value)
            if date is None:
                raise PydanticCustomError("date_not_in_calendar", "Input should be a day of the calendar")
            return date
        match = _DATE_TIME_RE.fullmatch(value)
        if match and _calendar_date(match.group(1)):
            raise PydanticCustomError("date_with_time", "Input should be a date without a time, {date}",
                                      {"date": match.group(1)})
        match = _UNPADDED_DATE_RE.fullmatch(value)
        if match:
            date = _calendar_date(f"{match.group(1)}-{int(match.group(2)):02d}-{int(match.group(3)):02d}")
            if date:
                raise PydanticCustomError("date_unpadded", "Input should be written {date}",
                                          {"date": date.isoformat()})
        serial = int(value) if len(value) <= 6 and value.isascii() and value.isdigit() else None
    elif isinstance(value, int) and not isinstance(value, bool):
        serial = value
    else:
        serial = None
    if serial is not None and serial in EXCEL_SERIALS:
        raise PydanticCustomError("date_excel_serial", "Input looks like the Excel serial number of {date}",
                                  {"date": (EXCEL_EPOCH + dt.timedelta(days=serial)).isoformat()})
    raise PydanticCustomError("date_format", "Input should be a date written YYYY-MM-DD")


#: a whole number written as a YAML number
Whole = Annotated[int, BeforeValidator(_yaml_whole)]
#: a finite number written as a YAML number
Number = Annotated[float, BeforeValidator(_yaml_number), Field(allow_inf_nan=False)]
#: a date written YYYY-MM-DD (in YAML and CSV files alike)
Date = Annotated[dt.date, BeforeValidator(_iso_date)]
#: ECVET points: a whole qualification has a few hundred at most (60 a year of full-time VET)
Points = Annotated[Number, Field(ge=0, le=1000)]
#: hours of learning: bounded so that no sum or export meets a number without meaning
HoursOf = Annotated[Number, Field(ge=0, le=100_000)]
Level = Annotated[Whole, Field(ge=1, le=8)]
PartnerType = Literal["vet-provider", "employer", "social-partner", "sectoral-body", "public-authority", "other"]
OutcomeType = Literal["knowledge", "skill", "competence"]
UnitStatus = Literal["draft", "proposed", "approved"]


class Text(RootModel[dict[Lang, NonEmptyStr]]):
    """Multilingual text: a mapping from ISO 639-1 language code to text.

    In a file it is either a plain string (the alliance's default language) or that mapping.
    """

    @model_validator(mode="before")
    @classmethod
    def _plain_string(cls, value, info: ValidationInfo):
        if isinstance(value, str):
            lang = (info.context or {}).get("default_language", "en")
            return {lang: value}
        return value

    @property
    def languages(self) -> list[str]:
        return sorted(self.root)

    def get(self, lang: str, fallback: str | None = None) -> str:
        """The text in ``lang``, else in ``fallback``, else in any language (alphabetically first)."""
        if lang in self.root:
            return self.root[lang]
        if fallback and fallback in self.root:
            return self.root[fallback]
        return self.root[min(self.root)] if self.root else ""


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Sector(Model):
    nace: Code | None = None
    label: Text | None = None


class ApprovalRule(Model):
    min_vet_providers: Annotated[Whole, Field(ge=0, le=1000)] = 1
    min_employers: Annotated[Whole, Field(ge=0, le=1000)] = 1


class Contact(Model):
    """A partner's contact person (for memoranda and learning agreements)."""

    name: NonEmptyStr
    role: Text | None = None
    email: NonEmptyStr | None = None
    phone: Code | None = None


class Partner(Model):
    id: Id
    name: Text
    type: PartnerType
    country: Country
    identifiers: dict[str, Code] = {}
    url: NonEmptyStr | None = None
    description: Text | None = None
    #: the id of the grading scheme of the grades this partner gives (``grading_schemes``)
    grading: Id | None = None
    contact: Contact | None = None


# --- grading schemes ------------------------------------------------------------------------------

_NUMBER = re.compile(r"^[+-]?[0-9]+(\.[0-9]+)?$")


class NumericScale(Model):
    """A numeric scale from ``lowest`` to ``highest`` (the best grade; it may be the smaller number,
    as in the German 1-6 scale) with a pass mark and a number of decimals."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    lowest: Number
    highest: Number
    pass_mark: Number | None = Field(None, alias="pass")
    decimals: Annotated[Whole, Field(ge=0, le=3)] = 0

    @property
    def higher_is_better(self) -> bool:
        return self.highest >= self.lowest

    def contains(self, value: float) -> bool:
        return min(self.lowest, self.highest) <= value <= max(self.lowest, self.highest)

    def passes(self, value: float) -> bool:
        """Whether ``value`` is at or better than the pass mark (which must be set)."""
        assert self.pass_mark is not None
        return value >= self.pass_mark if self.higher_is_better else value <= self.pass_mark


Label = Annotated[str, StringConstraints(min_length=1, strip_whitespace=True)]


class GradeLabel(Model):
    """One grade of an ordered list of labels; labels pass unless marked ``pass: false``."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    label: Label
    passing: StrictBool = Field(True, alias="pass")


@dataclass(frozen=True)
class GradeReading:
    """What a grade means on a scheme: ``problem`` says why it is not on the scale (else None);
    ``passing`` whether it passes (None when the scheme has no pass mark or the grade is off it)."""

    problem: str | None
    passing: bool | None = None


class GradingScheme(Model):
    """A grading scheme of ``grading_schemes`` in alliance.yaml: a numeric ``scale`` or ordered
    ``labels`` (best first). Exactly one of the two (a rule checks that)."""

    title: Text
    description: Text | None = None
    scale: NumericScale | None = None
    #: a label written as a plain string passes; the loader turns it into a GradeLabel
    labels: list[Label | GradeLabel] | None = None

    @field_validator("labels", mode="after")
    @classmethod
    def _plain_labels(cls, labels):
        return None if labels is None else [GradeLabel(label=g) if isinstance(g, str) else g for g in labels]

    @property
    def has_pass_mark(self) -> bool:
        if self.scale is not None:
            return self.scale.pass_mark is not None
        labels = self.labels or []
        return any(not g.passing for g in labels) and any(g.passing for g in labels)

    def read(self, grade: str) -> GradeReading:
        """Read ``grade`` (as results.csv has it) on this scheme."""
        grade = grade.strip()
        if self.scale is not None:
            scale = self.scale
            if not _NUMBER.match(grade):
                if _NUMBER.match(grade.replace(",", ".", 1)):
                    return GradeReading("it is written with a decimal comma; write a decimal point (7.5)")
                return GradeReading("it is not a number")
            try:
                value = Decimal(grade)
            except InvalidOperation:  # pragma: no cover - the pattern admits only numbers
                return GradeReading("it is not a number")
            places = max(0, -value.as_tuple().exponent)  # type: ignore[operator]
            if places > scale.decimals:
                return GradeReading(f"it has more decimals than the scale's {scale.decimals}")
            if not scale.contains(float(value)):
                return GradeReading("it is outside the scale")
            return GradeReading(None, scale.passes(float(value)) if scale.pass_mark is not None else None)
        for g in self.labels or []:
            if g.label == grade:
                return GradeReading(None, g.passing if self.has_pass_mark else None)
        near = [g.label for g in self.labels or [] if g.label.lower() == grade.lower()]
        return GradeReading("it is not one of the scheme's labels" + (f" (the label is written '{near[0]}')" if near else ""))

    def range_text(self) -> str:
        """The grades in brief: ``1-10`` or ``excellent / good / sufficient / insufficient``."""
        if self.scale is not None:
            ends = sorted((self.scale.lowest, self.scale.highest))
            return f"{number_text(ends[0])}-{number_text(ends[1])}"
        return " / ".join(g.label for g in self.labels or [])

    def pass_text(self) -> str | None:
        """The pass mark in brief: ``5.5`` or the lowest passing label; None without one."""
        if not self.has_pass_mark:
            return None
        if self.scale is not None:
            return number_text(self.scale.pass_mark)  # type: ignore[arg-type]
        return [g.label for g in self.labels or [] if g.passing][-1]


def number_text(value: float) -> str:
    """A number as people write it in a scale: ``10``, ``5.5`` (no exponent, no trailing zeros)."""
    return f"{value:.6f}".rstrip("0").rstrip(".")


class MouTerms(Model):
    """The validity and review of the alliance's memoranda of understanding."""

    valid_from: Date | None = None
    valid_until: Date | None = None
    review: Text | None = None


class Alliance(Model):
    id: Id
    name: Text
    description: Text | None = None
    sector: Sector | None = None
    languages: Annotated[list[Lang], Field(min_length=1)]
    default_language: Lang
    approval: ApprovalRule = ApprovalRule()
    base_uri: NonEmptyStr | None = None
    partners: list[Partner] = []
    grading_schemes: dict[Id, GradingScheme] = {}
    mou: MouTerms | None = None

    def partner(self, partner_id: str) -> Partner | None:
        for p in self.partners:
            if p.id == partner_id:
                return p
        return None

    def grading_of(self, partner_id: str) -> GradingScheme | None:
        """The grading scheme of a partner's grades, or None (no partner, no scheme, or unknown)."""
        p = self.partner(partner_id)
        return self.grading_schemes.get(p.grading) if p is not None and p.grading else None


_NQF_PART = re.compile(r"^([A-Z]{2}) (\S.*)$")


class Programme(Model):
    id: Id
    title: Text
    description: Text | None = None
    eqf_level: Level
    #: ``"NL 4"``, or per awarding country ``{NL: "4", DE: "4"}``
    nqf_level: Code | dict[Country, Code] | None = None
    isced_f: Annotated[Code, StringConstraints(pattern=r"^[0-9]{2,4}$")] | None = None
    occupations: Annotated[list[NonEmptyStr], Field(min_length=1)]
    duration_months: Annotated[Whole, Field(gt=0, le=240)]
    #: the longest a learner may take, where the awarding partners set one
    maximum_duration_months: Annotated[Whole, Field(gt=0, le=240)] | None = None
    ecvet_points: Points
    awarding_partners: list[Id] = []
    units: list[Id] = []

    def nqf_levels(self) -> list[str]:
        """The NQF levels as people write them: ``["NL 4"]``, or one ``"<country> <level>"`` per
        country of the mapping form, in file order."""
        if self.nqf_level is None:
            return []
        if isinstance(self.nqf_level, str):
            return [self.nqf_level]
        return [f"{country} {level}" for country, level in self.nqf_level.items()]

    @property
    def nqf_text(self) -> str | None:
        """The NQF levels in one text (``NL 4; DE 4``), or None."""
        return "; ".join(self.nqf_levels()) or None

    @staticmethod
    def nqf_from_text(text: str) -> str | dict[str, str]:
        """The inverse of :attr:`nqf_text` (for importers): ``NL 4; DE 4`` as the mapping
        ``{NL: "4", DE: "4"}``; any other text, a single ``NL 4`` included, as it is."""
        parts = [_NQF_PART.match(part) for part in text.split("; ")]
        if len(parts) < 2 or not all(parts):
            return text
        return {m.group(1): m.group(2) for m in parts if m}


class Hours(Model):
    school: HoursOf = 0
    workplace: HoursOf = 0


class Approval(Model):
    partner: Id
    date: Date
    note: Text | None = None
    #: the fingerprint of the unit's learning content that was approved (skillweave.fingerprint);
    #: written by ``skillweave approve``; an approval without one is not bound to content
    fingerprint: Annotated[str, StringConstraints(pattern=r"^v[0-9]{1,3}-[0-9a-f]{20}$")] | None = None


class LearningOutcome(Model):
    id: Id
    type: OutcomeType
    statement: Text
    esco: list[NonEmptyStr] = []
    assessment: Text | None = None


class Unit(Model):
    id: Id
    title: Text
    description: Text | None = None
    eqf_level: Level
    ecvet_points: Points
    owner: Id
    contributors: list[Id] = []
    prerequisites: list[Id] = []
    hours: Hours | None = None
    assessment_methods: list[Text] = []
    #: how the unit is taught (work-based learning, simulation, blended learning ...)
    teaching_methods: list[Text] = []
    languages_of_instruction: list[Lang] = []
    #: the partners that deliver and assess the unit for mobilities; empty: every VET provider
    #: (and employers for its work-based part)
    delivered_by: list[Id] = []
    status: UnitStatus = "draft"
    approvals: list[Approval] = []
    learning_outcomes: list[LearningOutcome] = []

    @property
    def hours_total(self) -> float | None:
        return None if self.hours is None else self.hours.school + self.hours.workplace


class NationalQualification(Model):
    id: Id
    title: Text
    description: Text | None = None
    country: Country
    eqf_level: Level
    nqf_level: Code | None = None
    ecvet_points: Points | None = None
    units: list[Id] = []


# --- learner records (learners/*.csv): personal data, never published -----------------------------

def _blank_to_none(value):
    return None if isinstance(value, str) and value.strip() == "" else value


def _yes_no(value):
    if isinstance(value, str):
        v = value.strip().lower()
        if v == "yes":
            return True
        if v == "no":
            return False
    return value


def _split_ids(value):
    if isinstance(value, str):
        return [part.strip() for part in value.split(";") if part.strip()]
    return value


OptionalDate = Annotated[Date | None, BeforeValidator(_blank_to_none)]
IdList = Annotated[list[Id], BeforeValidator(_split_ids)]


#: text without control characters (XML documents such as ELMO transcripts cannot hold them)
PlainText = Annotated[str, StringConstraints(min_length=1, pattern=r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]*$")]


class Learner(Model):
    learner_id: RecordId
    given_names: PlainText
    family_name: PlainText
    date_of_birth: Date
    home_partner: Id
    programme: Id
    enrolled_on: Date
    completed_on: OptionalDate = None
    left_on: OptionalDate = None
    gender: Annotated[Literal["f", "m", "x"] | None, BeforeValidator(_blank_to_none)] = None
    disadvantaged: Annotated[bool | None, BeforeValidator(_blank_to_none), BeforeValidator(_yes_no)] = None
    email: Annotated[PlainText | None, BeforeValidator(_blank_to_none)] = None


class Result(Model):
    learner_id: RecordId
    unit: Id
    assessed_by: Id
    date: Date
    result: Literal["passed", "failed"]
    grade: Annotated[PlainText | None, BeforeValidator(_blank_to_none)] = None
    learning_outcomes: IdList = []


class Mobility(Model):
    mobility_id: RecordId
    learner_id: RecordId
    home_partner: Id
    host_partner: Id
    start: Date
    end: Date
    units: IdList = []
    #: the date the home partner validated and recognised what was achieved abroad, if it has
    recognised_on: OptionalDate = None


T = TypeVar("T")


class CompactRow:
    """The validated values of one row of a learner record table, in slots: the attributes of
    the model that validated it (``model``), lists as tuples, and nothing else.

    A cohort has hundreds of thousands of rows; as pydantic models they took about 1.2 KB each
    (a dict of fields and a set of the fields set, per row), in slots about 100 bytes, with equal
    values shared between rows (:meth:`of`). Frozen, comparable, hashable and picklable like the
    model.
    """

    __slots__ = ()
    #: the model class that validates such a row
    model: type[BaseModel]
    #: the model's field names, in order
    names: tuple[str, ...]

    def __init__(self, *values: Any) -> None:
        for name, value in zip(self.names, values, strict=True):
            object.__setattr__(self, name, value)

    @classmethod
    def of(cls, model: BaseModel, shared: dict[Any, Any]) -> "CompactRow":
        """The values of a validated model, each value equal to one before taken from ``shared``
        (a dict the caller keeps while it reads a table) instead of a copy."""
        values = []
        for name in cls.names:
            value = getattr(model, name)
            if isinstance(value, list):
                value = tuple(value)
            values.append(shared.setdefault((type(value), value), value))
        return cls(*values)

    def values(self) -> tuple[Any, ...]:
        return tuple(getattr(self, name) for name in self.names)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"{type(self).__name__} is frozen")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"{type(self).__name__} is frozen")

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and self.values() == other.values()  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        return hash((type(self).__name__, self.values()))

    def __reduce__(self) -> tuple[Any, ...]:
        return type(self), self.values()

    def __repr__(self) -> str:
        return f"{type(self).__name__}({', '.join(f'{n}={getattr(self, n)!r}' for n in self.names)})"


def _compact(model: type[BaseModel], name: str) -> type[CompactRow]:
    names = tuple(model.model_fields)
    return type(name, (CompactRow,), {"__slots__": names, "model": model, "names": names, "__module__": __name__,
                                      "__qualname__": name, "__doc__": f"A row of {model.__name__}, held compactly."})


LearnerRow = _compact(Learner, "LearnerRow")
ResultRow = _compact(Result, "ResultRow")
MobilityRow = _compact(Mobility, "MobilityRow")


class Record(Generic[T]):
    """One row of a CSV table (learner records, tracking): its values (``item``: a model, or its
    :class:`CompactRow`), file and line, and the position of each field.

    The positions are not kept with the row when a ``locate(offset, line)`` function is given
    instead of a dict: they are found again, from where the row starts in its file's text, only
    when a diagnostic asks for them (:meth:`pos`), so that a cohort's records cost their values
    and not a position per field.
    """

    __slots__ = ("item", "file", "line", "_where", "_offset")

    def __init__(self, item: T, file: str, line: int,
                 positions: Mapping[str, tuple[int, int]] | Callable[[int, int], dict[str, tuple[int, int]]],
                 offset: int | None = None) -> None:
        self.item = item
        self.file = file
        self.line = line
        self._where = positions
        self._offset = offset

    @property
    def positions(self) -> Mapping[str, tuple[int, int]]:
        """column name -> (line, column) of its field"""
        if self._offset is None:
            return self._where  # type: ignore[return-value]
        return self._where(self._offset, self.line)  # type: ignore[operator]

    def pos(self, column: str) -> tuple[int, int]:
        return self.positions.get(column, (self.line, 1))

    def __repr__(self) -> str:
        return f"Record({self.item!r}, {self.file!r}, {self.line})"


@dataclass
class LearnerRecords:
    """Everything read from ``learners/``: each row's values as a :class:`CompactRow` with the
    attributes of its model (:class:`Learner`, :class:`Result`, :class:`Mobility`)."""

    learners: dict[str, Record[LearnerRow]] = field(default_factory=dict)
    results: list[Record[ResultRow]] = field(default_factory=list)
    mobilities: dict[str, Record[MobilityRow]] = field(default_factory=dict)
    #: learner ids of rows that could not be read (so references to them are not reported again)
    broken_learners: set[str] = field(default_factory=set)
    #: the files (``learners/learners.csv``, ...) that could not be read at all, reported already
    #: (refused, not text, no usable header): references to what they hold are not reported
    unreadable: set[str] = field(default_factory=set)
    present: bool = False

    def learner_like(self, learner_id: str) -> str | None:
        """The learner id that differs from ``learner_id`` only in case, if there is one."""
        folded = learner_id.casefold()
        return next((lid for lid in self.learners if lid.casefold() == folded and lid != learner_id), None)


# --- quality inputs (quality/providers.yaml, quality/tracking.csv) ---------------------------------

STATUSES = ("employed", "self-employed", "education", "unemployed", "inactive", "unknown")
#: the statuses that count as employment (indicators 5b and 6)
IN_EMPLOYMENT = ("employed", "self-employed")
TRACKING_POINTS = (6, 12)


class QaSystem(Model):
    internal: StrictBool
    accredited: StrictBool
    framework: Text | None = None


class Staff(Model):
    teachers_and_trainers: Annotated[Whole, Field(ge=0, le=10_000_000)]
    in_further_training: Annotated[Whole, Field(ge=0, le=10_000_000)]
    training_investment_eur: Annotated[Number, Field(ge=0, le=1e15)]


class UnemploymentRate(Model):
    #: per cent (3.6 means 3.6 %), as the statistics office publishes it
    value: Annotated[Number, Field(ge=0, le=100)]
    year: Annotated[Whole, Field(ge=1900, le=2100)]
    source: Text


class Evidence(Model):
    """Evidence of a mechanism's or a scheme's effectiveness (indicators 9b and 10b): a text, or a
    figure (``value``) with what it measures (``description``)."""

    text: Text | None = None
    value: Number | None = None
    description: Text | None = None

    @model_validator(mode="before")
    @classmethod
    def _text_or_figure(cls, value):
        if isinstance(value, dict) and "value" in value:
            return value
        return {"text": value}

    @model_validator(mode="after")
    def _described(self):
        if self.text is None and self.value is None:
            raise ValueError("a figure needs a value: the number itself (or write the evidence as a text)")
        if self.value is not None and self.description is None:
            raise ValueError("a figure needs a description of what it measures; add description: ...")
        return self


class Declared(Model):
    """One mechanism to identify training needs (9a) or scheme for better access (10a): its text,
    and optionally the evidence of its effectiveness (9b, 10b). In the file either the text alone or
    ``{text: ..., evidence: ...}``."""

    text: Text
    evidence: Evidence | None = None

    @model_validator(mode="before")
    @classmethod
    def _plain_text(cls, value):
        if isinstance(value, dict) and ("text" in value or "evidence" in value):
            return value
        return {"text": value}


class ProviderQuality(Model):
    """What one VET provider declares for EQAVET; a section left out is not declared."""

    qa_system: QaSystem | None = None
    staff: Staff | None = None
    unemployment_rate: UnemploymentRate | None = None
    needs_mechanisms: list[Declared] = []
    access_schemes: list[Declared] = []


def _whole_number(value):
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return value


Score = Annotated[int | None, Field(ge=1, le=5), BeforeValidator(_blank_to_none)]


class Tracking(Model):
    """One row of graduate tracking: a completer's situation 6 or 12 months after completion."""

    learner_id: RecordId
    months_after_completion: Annotated[Literal[6, 12], BeforeValidator(_whole_number)]
    status: Literal["employed", "self-employed", "education", "unemployed", "inactive", "unknown"]
    job_related: Annotated[StrictBool | None, BeforeValidator(_yes_no), BeforeValidator(_blank_to_none)] = None
    learner_satisfaction: Score = None
    employer_satisfaction: Score = None


@dataclass
class QualityInputs:
    """Everything read from ``quality/``."""

    #: the folder exists
    present: bool = False
    #: providers.yaml exists and is a readable mapping
    providers_loaded: bool = False
    #: partner id -> declaration, in file order (entries that could not be read are left out)
    providers: dict[str, ProviderQuality] = field(default_factory=dict)
    #: partner ids of entries that could not be read (so they are not reported as missing too)
    broken_providers: set[str] = field(default_factory=set)
    tracking: list[Record[Tracking]] = field(default_factory=list)


# --- the curriculum as loaded -----------------------------------------------------------------------

@dataclass
class NationalEntry:
    """A partner's national qualification and its units (for mapping)."""

    partner: str
    folder: str
    qualification: NationalQualification | None = None
    file: str | None = None
    units: dict[str, Unit] = field(default_factory=dict)
    unit_files: dict[str, str] = field(default_factory=dict)
    broken_units: set[str] = field(default_factory=set)


@dataclass
class Curriculum:
    """Everything loaded from a workspace, with the positions of every value."""

    workspace: "Workspace"  # noqa: F821  (skillweave.load.workspace)
    alliance: Alliance | None = None
    programmes: dict[str, Programme] = field(default_factory=dict)
    units: dict[str, Unit] = field(default_factory=dict)
    national: dict[str, NationalEntry] = field(default_factory=dict)
    #: (kind, id) -> file, for "programme", "unit"
    files: dict[tuple[str, str], str] = field(default_factory=dict)
    #: file -> its source map (skillweave.load.yamlsource.SourceMap)
    sources: dict[str, Any] = field(default_factory=dict)
    #: (kind, id) of files that exist but could not be loaded
    broken: set[tuple[str, str]] = field(default_factory=set)
    #: file -> the fields of a unit that could not be read (reported): the rest of the unit is kept
    #: and checked, and those fields hold stand-ins that the rules leave alone
    partial: dict[str, set[str]] = field(default_factory=dict)
    alliance_file: str = "curricula/alliance.yaml"
    records: LearnerRecords = field(default_factory=LearnerRecords)
    quality: QualityInputs = field(default_factory=QualityInputs)

    def pos(self, file: str, *path: Any) -> tuple[int, int]:
        smap = self.sources.get(file)
        return smap.value(path) if smap else (1, 1)

    def key_pos(self, file: str, *path: Any) -> tuple[int, int]:
        smap = self.sources.get(file)
        return smap.key(path) if smap else (1, 1)

    def unit_file(self, unit_id: str) -> str:
        return self.files[("unit", unit_id)]

    def programme_file(self, programme_id: str) -> str:
        return self.files[("programme", programme_id)]


@dataclass
class Resolved:
    """ESCO references resolved to URIs (unresolvable ones are left out)."""

    #: learning outcome id -> skill URIs, in file order, without duplicates
    outcome_skills: dict[str, list[str]] = field(default_factory=dict)
    #: programme id -> occupation URIs
    programme_occupations: dict[str, list[str]] = field(default_factory=dict)
    #: an ESCO skill reference as written (URI or label) -> the URI it names
    skill_references: dict[str, str] = field(default_factory=dict)

    def skill_uri(self, ref: str) -> str | None:
        return self.skill_references.get(ref)


# --- the project ----------------------------------------------------------------------------------

#: the analyses a project offers, each computed on first use: see :class:`Project`
ANALYSES = ("graph", "coverage", "mapping", "paths", "quality")


@dataclass
class Project:
    """Everything known about one workspace after a run; read-only for emitters.

    The analyses (``graph``, ``coverage``, ``mapping``, ``paths``, ``quality``) are functions of
    the project that the pipeline hands over in ``analysers``; each runs on first use and only
    once, so ``check`` builds no graph.
    """

    workspace: "Workspace"  # noqa: F821  (skillweave.load.workspace)
    curriculum: Curriculum
    vocabulary: "Vocabulary"  # noqa: F821  (skillweave.vocab.base)
    resolved: Resolved
    diagnostics: list["Diagnostic"] = field(default_factory=list)  # noqa: F821  (skillweave.diagnostics)
    analysers: Mapping[str, Callable[["Project"], Any]] = field(default_factory=dict, repr=False)

    def _analysis(self, name: str) -> Any:
        done = self.__dict__.setdefault("_analyses", {})
        if name not in done:
            if name not in self.analysers:
                raise LookupError(f"the project was made without the {name} analysis")
            done[name] = self.analysers[name](self)
        return done[name]

    @property
    def graph(self) -> "nx.MultiDiGraph":  # noqa: F821
        """The curriculum graph (graph.py)."""
        return self._analysis("graph")

    @property
    def coverage(self) -> "CoverageReport":  # noqa: F821
        """Skills coverage and gaps of every programme (analyses/coverage.py)."""
        return self._analysis("coverage")

    @property
    def mapping(self) -> "MappingReport":  # noqa: F821
        """National units mapped onto joint units, with credit transfer (analyses/mapping.py)."""
        return self._analysis("mapping")

    @property
    def paths(self) -> "PathReport":  # noqa: F821
        """Teaching orders and semester plans (analyses/paths.py)."""
        return self._analysis("paths")

    @property
    def quality(self) -> "QualityReport":  # noqa: F821
        """EQAVET quality indicators of every learner in the records (analyses/eqavet.py)."""
        return self._analysis("quality")

    def analyse(self) -> None:
        """Run every analysis now (before any emitter runs)."""
        for name in ANALYSES:
            self._analysis(name)

    @property
    def base_uri(self) -> str:
        """Where exported RDF resources live: the alliance's base_uri, else a URN of the alliance."""
        a = self.curriculum.alliance
        if a and a.base_uri:
            return a.base_uri if a.base_uri.endswith(("/", "#")) else a.base_uri + "/"
        return f"urn:skillweave:{a.id if a else 'workspace'}:"

    @property
    def default_language(self) -> str:
        a = self.curriculum.alliance
        return a.default_language if a else "en"

    def memo(self, key: str, compute):
        """A value that several emitters share (the ELM triples of three syntaxes), computed once."""
        cache = self.__dict__.setdefault("_memo", {})
        if key not in cache:
            cache[key] = compute()
        return cache[key]

    @property
    def has_errors(self) -> bool:
        return any(d.severity.value == "error" for d in self.diagnostics)

    def summary(self) -> dict[str, Any]:
        """The ``summary`` object of ``check --format json`` (docs/formats.md)."""
        cur = self.curriculum
        partners = cur.alliance.partners if cur.alliance else []
        return {
            "partners": dict(sorted(Counter(p.type for p in partners).items())),
            "countries": sorted({p.country for p in partners}),
            "programmes": len(cur.programmes),
            "units": len(cur.units),
            "learning_outcomes": sum(len(u.learning_outcomes) for u in cur.units.values()),
            "languages": list(cur.alliance.languages) if cur.alliance else [],
        }
