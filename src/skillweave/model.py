"""The curriculum model: pydantic v2 models of everything in a workspace.

Models are validated from the plain data that :mod:`skillweave.load.yamlsource` reads, with the
validation context ``{"default_language": ...}`` so that a plain string becomes text in the
alliance's default language. Positions are not stored on the models: they live in the loader's
source maps, found by (file, path).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Literal

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
from pydantic_core import PydanticCustomError

ID_PATTERN = r"^[a-z0-9][a-z0-9-]{0,63}$"
ID_RE = re.compile(ID_PATTERN)
LANG_PATTERN = r"^[a-z]{2}$"

Id = Annotated[str, StringConstraints(pattern=ID_PATTERN)]
Lang = Annotated[str, StringConstraints(pattern=LANG_PATTERN)]


def _number_as_written(value):
    """Codes such as ISCED-F ``0713`` or a PIC may be written unquoted: keep them as written."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return getattr(value, "raw", str(value))
    return value


Code = Annotated[str, BeforeValidator(_number_as_written), StringConstraints(min_length=1, strip_whitespace=True)]
NonEmptyStr = Annotated[str, StringConstraints(min_length=1)]


# Numbers and dates in the YAML files are read as they are written: a number is a YAML number
# (not text such as "12", not true/false), a date is written YYYY-MM-DD. The JSON Schemas of the
# files (skillweave.formats.json_schema) say the same, so editors and ``check`` agree.

def _whole_number(value):
    if isinstance(value, (str, bool)):
        raise PydanticCustomError("int_type", "Input should be a whole number")
    if isinstance(value, float) and value.is_integer():
        return int(value)  # 4.0 is the whole number 4, as in JSON Schema (and beyond 64 bits)
    return value


def _number(value):
    if isinstance(value, (str, bool)):
        raise PydanticCustomError("float_type", "Input should be a number")
    return value


ISO_DATE_RE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _iso_date(value):
    if isinstance(value, dt.date) or (isinstance(value, str) and ISO_DATE_RE.fullmatch(value)):
        return value
    raise PydanticCustomError("date_parsing", "Input should be a date written YYYY-MM-DD")


#: a whole number written as a YAML number
Whole = Annotated[int, BeforeValidator(_whole_number)]
#: a finite number written as a YAML number
Number = Annotated[float, BeforeValidator(_number), Field(allow_inf_nan=False)]
#: a date written YYYY-MM-DD
Date = Annotated[dt.date, BeforeValidator(_iso_date)]
Points = Annotated[Number, Field(ge=0)]
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
    min_vet_providers: Annotated[Whole, Field(ge=0)] = 1
    min_employers: Annotated[Whole, Field(ge=0)] = 1


class Partner(Model):
    id: Id
    name: Text
    type: PartnerType
    country: Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")]
    identifiers: dict[str, Code] = {}
    url: NonEmptyStr | None = None
    description: Text | None = None


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

    def partner(self, partner_id: str) -> Partner | None:
        for p in self.partners:
            if p.id == partner_id:
                return p
        return None


class Programme(Model):
    id: Id
    title: Text
    description: Text | None = None
    eqf_level: Level
    nqf_level: Code | None = None
    isced_f: Annotated[Code, StringConstraints(pattern=r"^[0-9]{2,4}$")] | None = None
    occupations: Annotated[list[NonEmptyStr], Field(min_length=1)]
    duration_months: Annotated[Whole, Field(gt=0)]
    ecvet_points: Points
    awarding_partners: list[Id] = []
    units: list[Id] = []


class Hours(Model):
    school: Points = 0
    workplace: Points = 0


class Approval(Model):
    partner: Id
    date: Date
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
    eqf_level: Level
    ecvet_points: Points
    owner: Id
    contributors: list[Id] = []
    prerequisites: list[Id] = []
    hours: Hours | None = None
    assessment_methods: list[NonEmptyStr] = []
    status: UnitStatus = "draft"
    approvals: list[Approval] = []
    learning_outcomes: list[LearningOutcome] = []


class NationalQualification(Model):
    id: Id
    title: Text
    description: Text | None = None
    country: Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")]
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


OptionalDate = Annotated[dt.date | None, BeforeValidator(_blank_to_none)]
IdList = Annotated[list[Id], BeforeValidator(_split_ids)]


#: text without control characters (XML documents such as ELMO transcripts cannot hold them)
PlainText = Annotated[str, StringConstraints(min_length=1, pattern=r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]*$")]


class Learner(Model):
    learner_id: Id
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
    learner_id: Id
    unit: Id
    assessed_by: Id
    date: dt.date
    result: Literal["passed", "failed"]
    grade: Annotated[PlainText | None, BeforeValidator(_blank_to_none)] = None
    learning_outcomes: IdList = []


class Mobility(Model):
    mobility_id: Id
    learner_id: Id
    home_partner: Id
    host_partner: Id
    start: dt.date
    end: dt.date
    units: IdList = []
