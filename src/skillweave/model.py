"""The curriculum model: pydantic v2 models of everything in a workspace.

Models are validated from the plain data that :mod:`skillweave.load.yamlsource` reads, with the
validation context ``{"default_language": ...}`` so that a plain string becomes text in the
alliance's default language. Positions are not stored on the models: they live in the loader's
source maps, found by (file, path).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Annotated, Literal

from decimal import Decimal, InvalidOperation

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    RootModel,
    StringConstraints,
    ValidationInfo,
    model_validator,
)

ID_PATTERN = r"^[a-z0-9][a-z0-9-]{0,63}$"
ID_RE = re.compile(ID_PATTERN)
#: learner and mobility ids come from the partners' student information systems as they are
#: (``L001``, ``2024.0137``, ``NL_ROC_88213``); they are unique regardless of case (they name files)
RECORD_ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$"
RECORD_ID_RE = re.compile(RECORD_ID_PATTERN)
LANG_PATTERN = r"^[a-z]{2}$"
COUNTRY_PATTERN = r"^[A-Z]{2}$"

Id = Annotated[str, StringConstraints(pattern=ID_PATTERN)]
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
Points = Annotated[float, Field(ge=0)]
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
    min_vet_providers: Annotated[int, Field(ge=0)] = 1
    min_employers: Annotated[int, Field(ge=0)] = 1


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

    lowest: float
    highest: float
    pass_mark: float | None = Field(None, alias="pass")
    decimals: Annotated[int, Field(ge=0, le=3)] = 0

    @property
    def higher_is_better(self) -> bool:
        return self.highest >= self.lowest

    def contains(self, value: float) -> bool:
        return min(self.lowest, self.highest) <= value <= max(self.lowest, self.highest)

    def passes(self, value: float) -> bool:
        """Whether ``value`` is at or better than the pass mark (which must be set)."""
        assert self.pass_mark is not None
        return value >= self.pass_mark if self.higher_is_better else value <= self.pass_mark


def _label_entry(value):
    return {"label": value} if isinstance(value, str) else value


class GradeLabel(Model):
    """One grade of an ordered list of labels; labels pass unless marked ``pass: false``."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    label: Annotated[str, StringConstraints(min_length=1, strip_whitespace=True)]
    passing: bool = Field(True, alias="pass")


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
    labels: list[Annotated[GradeLabel, BeforeValidator(_label_entry)]] | None = None

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

    valid_from: dt.date | None = None
    valid_until: dt.date | None = None
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


class Programme(Model):
    id: Id
    title: Text
    description: Text | None = None
    eqf_level: Annotated[int, Field(ge=1, le=8)]
    #: ``"NL 4"``, or per awarding country ``{NL: "4", DE: "4"}``
    nqf_level: Code | dict[Country, Code] | None = None
    isced_f: Annotated[Code, StringConstraints(pattern=r"^[0-9]{2,4}$")] | None = None
    occupations: Annotated[list[NonEmptyStr], Field(min_length=1)]
    duration_months: Annotated[int, Field(gt=0)]
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


class Hours(Model):
    school: Annotated[float, Field(ge=0)] = 0
    workplace: Annotated[float, Field(ge=0)] = 0


class Approval(Model):
    partner: Id
    date: dt.date
    note: Text | None = None


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
    eqf_level: Annotated[int, Field(ge=1, le=8)]
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
    eqf_level: Annotated[int, Field(ge=1, le=8)]
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


OptionalDate = Annotated[dt.date | None, BeforeValidator(_blank_to_none)]
IdList = Annotated[list[Id], BeforeValidator(_split_ids)]


#: text without control characters (XML documents such as ELMO transcripts cannot hold them)
PlainText = Annotated[str, StringConstraints(min_length=1, pattern=r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]*$")]


class Learner(Model):
    learner_id: RecordId
    given_names: PlainText
    family_name: PlainText
    date_of_birth: dt.date
    home_partner: Id
    programme: Id
    enrolled_on: dt.date
    completed_on: OptionalDate = None
    left_on: OptionalDate = None
    gender: Annotated[Literal["f", "m", "x"] | None, BeforeValidator(_blank_to_none)] = None
    disadvantaged: Annotated[bool | None, BeforeValidator(_blank_to_none), BeforeValidator(_yes_no)] = None
    email: Annotated[PlainText | None, BeforeValidator(_blank_to_none)] = None


class Result(Model):
    learner_id: RecordId
    unit: Id
    assessed_by: Id
    date: dt.date
    result: Literal["passed", "failed"]
    grade: Annotated[PlainText | None, BeforeValidator(_blank_to_none)] = None
    learning_outcomes: IdList = []


class Mobility(Model):
    mobility_id: RecordId
    learner_id: RecordId
    home_partner: Id
    host_partner: Id
    start: dt.date
    end: dt.date
    units: IdList = []
    #: the date the home partner validated and recognised what was achieved abroad, if it has
    recognised_on: OptionalDate = None
