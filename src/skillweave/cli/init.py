"""``skillweave init [DIR]``: a new alliance workspace from a few answers."""

from __future__ import annotations

import re
import sys

import click

from skillweave.cli.common import fail
from skillweave.terms import PARTNER_TYPES

_LANG = re.compile(r"^[a-z]{2}$")
_COUNTRY = re.compile(r"^[A-Z]{2}$")


def _is_terminal() -> bool:
    return sys.stdin.isatty()


def _languages(value: str) -> list[str]:
    langs = [part.strip() for part in value.replace(" ", ",").split(",") if part.strip()]
    if not langs:
        raise click.BadParameter("give at least one language code, e.g. en or en,nl,de")
    for lang in langs:
        if not _LANG.match(lang):
            raise click.BadParameter(f"{lang!r} is not a two-letter lower-case ISO 639-1 code such as en, nl or de")
    return list(dict.fromkeys(langs))


def _name(value: str, what: str) -> str:
    text = " ".join(value.split())
    if not text:
        raise click.BadParameter(f"the {what} is empty")
    if any(ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F or 0xD800 <= ord(c) <= 0xDFFF for c in value):
        raise click.BadParameter(f"the {what} contains control characters")
    return text


def _partner_type(value: str) -> str:
    value = value.strip()
    if value not in PARTNER_TYPES:
        raise click.BadParameter(f"{value!r} is not a partner type; use one of {', '.join(PARTNER_TYPES)}")
    return value


def _country(value: str) -> str:
    value = value.strip().upper()
    if not _COUNTRY.match(value):
        raise click.BadParameter(f"{value!r} is not a two-letter ISO 3166-1 country code such as NL, DE or BE")
    return value


def _partner_option(value: str):
    from skillweave.formats.starter import PartnerAnswer

    parts = value.split(":", 2)
    if len(parts) != 3:
        raise click.BadParameter(f"{value!r}: write TYPE:COUNTRY:NAME, e.g. vet-provider:NL:ROC Midden Nederland")
    return PartnerAnswer(_name(parts[2], "partner name"), _partner_type(parts[0]), _country(parts[1]))


def _check(convert, *args):
    """A click value_proc: re-ask with the reason when the answer is not usable."""
    def proc(value):
        try:
            return convert(value, *args)
        except click.BadParameter as exc:
            raise click.UsageError(exc.message) from None
    return proc


@click.command("init")
@click.argument("directory", metavar="[DIR]", default=".")
@click.option("--name", metavar="TEXT", help="The alliance's name. [default: Example Sector Skills Alliance]")
@click.option("--languages", metavar="CODES",
              help="The languages of the joint curriculum, comma-separated ISO 639-1 codes; the first is the "
                   "default language unless --default-language says otherwise. [default: en]")
@click.option("--default-language", metavar="CODE", help="The language of texts written as one string.")
@click.option("--partner", "partners", multiple=True, metavar="TYPE:COUNTRY:NAME",
              help="A partner, e.g. vet-provider:NL:ROC Midden Nederland; repeat for each. TYPE is one of "
                   + ", ".join(PARTNER_TYPES) + ". [default: an example VET provider and an example employer]")
@click.option("--programme", metavar="TITLE", help="The title of the example programme.")
@click.option("--unit", metavar="TITLE", help="The title of the example unit.")
@click.option("--eqf-level", type=click.IntRange(1, 8), default=4, show_default=True,
              help="The EQF level of the example programme and unit.")
@click.option("--vocabulary", metavar="SOURCE",
              help="Where to find the target occupation in ESCO: a store folder made by 'skillweave vocab "
                   "import', an RDF file or folder, or the http(s) URL of a SPARQL endpoint. [default: a small "
                   "vocabulary shipped with skillweave, with the occupation solar energy technician]")
@click.option("--occupation", "occupations", multiple=True, metavar="REF",
              help="A target occupation of the example programme: an ESCO label or URI; repeat for several.")
@click.option("--no-input", is_flag=True, help="Ask nothing, even at a terminal: use the options and defaults.")
@click.option("--force", is_flag=True, help="Replace files that exist in DIR.")
def init_command(directory: str, name: str | None, languages: str | None, default_language: str | None,
                 partners: tuple[str, ...], programme: str | None, unit: str | None, eqf_level: int,
                 vocabulary: str | None, occupations: tuple[str, ...], no_input: bool, force: bool) -> None:
    """Create a new alliance workspace in DIR (default: the current folder).

    It holds the alliance with its partners and languages, one programme and one unit as
    examples (files with comments that explain each field), the part of ESCO they refer to in
    ontologies/, the JSON Schemas of the YAML files in schemas/ (each YAML file names its schema
    on its first line, and .vscode/settings.json maps them too, so editors complete and check as
    you type), and a .gitignore that keeps exports/ and the learner records (learners/,
    quality/tracking.csv) out of version control. `skillweave check` passes on the result.

    At a terminal, init asks for what the options leave open; without one (or with --no-input)
    it asks nothing and uses the options and defaults. Existing files are only replaced with
    --force. Exit status: 0 done, 2 stopped (a bad answer, files in the way, a failed write).
    """
    from pathlib import Path

    from skillweave.files import FilesExist, write_tree
    from skillweave.formats.starter import Answers, StarterError, default_partners, esco_part, workspace_files

    ask = _is_terminal() and not no_input
    try:
        langs = _languages(languages) if languages is not None else None
        default = _languages(default_language)[0] if default_language is not None else None
        given_partners = [_partner_option(p) for p in partners]
        alliance_name = _name(name, "alliance name") if name is not None else None
        programme_title = _name(programme, "programme title") if programme is not None else None
        unit_title = _name(unit, "unit title") if unit is not None else None
    except click.BadParameter as exc:
        raise fail(exc.message) from None

    answers = Answers(eqf_level=eqf_level)
    if ask:
        click.echo(f"A new alliance workspace in {Path(directory).resolve()}. Press Enter to take the default.")
    if alliance_name is None and ask:
        alliance_name = click.prompt("Alliance name", default=answers.name, value_proc=_check(_name, "alliance name"))
    answers.name = alliance_name or answers.name
    if langs is None and ask:
        langs = click.prompt("Languages of the curriculum (ISO 639-1 codes, the first is the default)",
                             default="en", value_proc=_check(_languages))
    answers.languages = langs or answers.languages
    answers.default_language = default or answers.languages[0]
    if answers.default_language not in answers.languages:
        raise fail(f"--default-language {answers.default_language} is not among --languages "
                   f"{','.join(answers.languages)}")
    if not given_partners and ask:
        given_partners = _ask_partners(default_partners(answers.languages))
    answers.partners = given_partners or default_partners(answers.languages)
    if not (vocabulary or occupations) and ask:
        vocabulary = click.prompt("ESCO vocabulary to find the target occupation in: a store folder made by "
                                  "'skillweave vocab import', an RDF file or a SPARQL URL (Enter: the small "
                                  "vocabulary shipped with skillweave, with 'solar energy technician')",
                                  default="", show_default=False).strip() or None
    esco = None
    while esco is None:
        if vocabulary and not occupations and ask:
            occupations = (click.prompt("Target occupation of the example programme (ESCO label or URI)").strip(),)
        try:
            esco = esco_part(vocabulary, list(occupations), answers.default_language)
        except StarterError as exc:
            if not (ask and vocabulary):
                raise fail(str(exc)) from None
            click.echo(f"  {exc}", err=True)
            occupations = ()
    if programme_title is None and ask:
        programme_title = click.prompt("Title of the example programme (Enter: an example title)", default="",
                                       show_default=False).strip() or None
    if unit_title is None and ask:
        unit_title = click.prompt("Title of the example unit (Enter: an example title)", default="",
                                  show_default=False).strip() or None
    answers.programme, answers.unit = programme_title, unit_title

    files = workspace_files(answers, esco)
    root = Path(directory)
    if root.exists() and not root.is_dir():
        raise fail(f"{directory} is a file; give a folder for the new workspace")
    try:
        written = write_tree(root, files, overwrite=force,
                             generated=lambda rel: rel.startswith(("ontologies/", "schemas/")))
    except FilesExist as exc:
        raise fail(f"{exc}; choose an empty folder or pass --force to replace them") from None
    except (OSError, ValueError) as exc:
        raise fail(f"cannot write the workspace into {directory}: {getattr(exc, 'strerror', None) or exc}") from None
    shown = directory if directory != "." else "the current folder"
    if written:
        click.echo(f"wrote {len(written)} files into {shown}:")
        for path in written:
            click.echo(f"  {path}")
    else:
        click.echo(f"{shown} already holds these files; nothing written")
    untranslated = [lang for lang in answers.languages if lang != answers.default_language]
    if untranslated and (programme_title or unit_title):
        click.echo(f"translate the titles you gave into {', '.join(untranslated)} "
                   "(skillweave check lists them, SW309)")
    where = "" if directory == "." else f" {directory}"
    click.echo(f"next: skillweave check{where}   (the format of every file: docs/formats.md in skillweave)")


def _ask_partners(defaults):
    from skillweave.formats.starter import PartnerAnswer

    click.echo("The partners: name, type and country of each; '-' or an empty name ends the list.")
    click.echo("  types: " + ", ".join(PARTNER_TYPES))
    out = []
    while True:
        n = len(out) + 1
        suggested = defaults[n - 1] if n <= len(defaults) else None
        name = click.prompt(f"Partner {n} name", default=suggested.name if suggested else "",
                            show_default=bool(suggested)).strip()
        if not name or name == "-":
            if out:
                return out
            click.echo("  the alliance needs at least one partner")
            continue
        try:
            name = _name(name, "partner name")
        except click.BadParameter as exc:
            click.echo(f"  {exc.message}")
            continue
        kind = click.prompt(f"Partner {n} type", default=suggested.type if suggested else "vet-provider",
                            value_proc=_check(_partner_type))
        country = click.prompt(f"Partner {n} country (ISO 3166-1 code)",
                               default=suggested.country if suggested else defaults[0].country,
                               value_proc=_check(_country))
        out.append(PartnerAnswer(name, kind, country))
