"""``skillweave vocab``: import ESCO into a store, search it, show a concept, extract a subset."""

from __future__ import annotations

import sys

import click

from skillweave.cli.common import fail, force_option, format_option, print_diagnostics, write_output, write_report
from skillweave.cli.progress import Progress

_STORE_HELP = ("Vocabulary store folder (made by 'vocab import'). Default: the environment variable "
               "SKILLWEAVE_STORE; there is no other default.")
_VOCABULARY_HELP = ("Read the vocabulary from SOURCE instead of a store: a store folder, an RDF file, a folder "
                    "of RDF files, or the http(s) URL of a SPARQL endpoint.")


def _source_options(fn):
    fn = click.option("--vocabulary", "vocabulary", metavar="SOURCE", default=None, help=_VOCABULARY_HELP)(fn)
    return click.option("--store", "store", metavar="DIR", envvar="SKILLWEAVE_STORE", default=None,
                        help=_STORE_HELP)(fn)


def _open(store: str | None, vocabulary: str | None, sink):
    """The vocabulary the user named (``--vocabulary`` wins over ``--store``)."""
    from skillweave.vocab import VocabularyError
    from skillweave.vocab.sources import open_source

    source = vocabulary or store
    if not source:
        raise fail("no vocabulary given: pass --store DIR (or set SKILLWEAVE_STORE) or --vocabulary SOURCE")
    try:
        opened = open_source(source, sink)
    except VocabularyError as exc:
        raise fail(str(exc)) from None
    problems = sorted(set(sink.items))
    print_diagnostics(problems)
    errors = [d for d in problems if d.severity.value == "error"]
    if errors:  # a vocabulary read in part would answer wrongly
        raise fail(f"{source} cannot be read as a vocabulary ({len(errors)} error{'s' if len(errors) != 1 else ''} "
                   "above); fix it, or name a store or RDF file with --store or --vocabulary")
    return opened


@click.group("vocab")
def vocab_group() -> None:
    """The occupation vocabulary (ESCO): import it into a store, search it, show a concept,
    extract the subset a workspace ships.

    Commands read the store given with --store DIR (or the environment variable SKILLWEAVE_STORE),
    or any vocabulary source given with --vocabulary SOURCE.
    """


# -- import ----------------------------------------------------------------------------------------


@vocab_group.command("import")
@click.argument("sources", nargs=-1, required=True, metavar="SOURCE...")
@click.option("--store", "store", metavar="DIR", envvar="SKILLWEAVE_STORE", required=True,
              help="Store folder to make or replace (default: $SKILLWEAVE_STORE).")
@format_option("vocab import", help="How problems in the files and the counts are printed.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar (it only shows on a terminal anyway).")
@click.option("--embeddings/--no-embeddings", "embeddings", default=True, show_default=True,
              help="Compute the skill embeddings of the semantic ranking (skillweave suggest, check --suggest) "
                   "now and keep them in the store (labels and descriptions: about 9 minutes of CPU time for all of "
                   "ESCO with E5, both cores, once, and half a minute more with the Universal Sentence Encoder for "
                   "statements in other languages). An interrupted run resumes: run the import again.")
@click.option("--semantic", "embeddings", flag_value=True, hidden=True)  # the former name of --embeddings
def import_command(sources: tuple[str, ...], store: str, fmt: str, quiet: bool, embeddings: bool) -> None:
    """Import ESCO into a store folder: ESCO CSV folders (the official download; other languages'
    files, in the same folder or in more folders given, merge into the same concepts) and ESCO RDF
    files (Turtle, N-Triples, RDF/XML, ...).

    Problems in the files are reported with file, line and column. An import with errors changes
    nothing: the store keeps what it had. Exit status: 0 imported, 1 errors in the files, 2 the
    command could not run.
    """
    from skillweave.diagnostics import DiagnosticSink
    from skillweave.emitters import Options
    from skillweave.vocab import VocabularyError
    from skillweave.vocab.store import ImportOutcome, import_vocabulary

    sink = DiagnosticSink()
    show_progress = not quiet and sys.stderr.isatty()
    try:
        with Progress(sizes=True, animate=True, enabled=show_progress) as progress:
            result = import_vocabulary(list(sources), store, sink, progress)
    except VocabularyError as exc:
        raise fail(str(exc)) from None
    write_report("vocab import", fmt, ImportOutcome(store, sorted(set(sink.items)), result), Options(), None)
    if result is None:
        raise click.exceptions.Exit(1)
    if embeddings:
        _embed(store, result.languages, show_progress, fmt)


def _embed(store: str, languages: list[str], show_progress: bool, fmt: str) -> None:
    """Skill embeddings of the new store, computed once and kept in its cache folder (both cores;
    rows still valid from the previous store are reused, so an interrupted run goes on)."""
    import time

    from skillweave import suggest
    from skillweave.vocab.store import VocabularyStore

    vocab = VocabularyStore(store).vocabulary()
    started = time.perf_counter()
    try:
        with Progress("embedding skill texts", rate="texts", enabled=show_progress) as progress:
            encoded = suggest.embed_skills(vocab, vocab.cache_dir, langs=languages or ["en"], progress=progress.update)
    except suggest.SuggestError as exc:
        raise fail(f"the store was imported, but no skill embeddings were made: {exc}") from None
    except KeyboardInterrupt:
        click.echo(f"{store}: interrupted; the skill embeddings made so far are kept: run the import again "
                   "to go on", err=True)
        raise click.exceptions.Exit(130) from None
    second = suggest.cross_lingual_note(importing=True)
    if second:
        click.echo(f"note: {second}", err=True)
    seconds = time.perf_counter() - started
    pace = f" in {seconds:,.0f} s, {encoded / seconds:,.0f} texts/s" if encoded and seconds > 0 else ""
    # on standard error with --format json, whose standard output is one JSON document
    click.echo(f"{store}: skill embeddings ready ({encoded:,} skill texts encoded{pace})", err=fmt == "json")


# -- search ----------------------------------------------------------------------------------------


@vocab_group.command("search")
@click.argument("text")
@_source_options
@click.option("--kind", type=click.Choice(["occupation", "skill", "any"]), default="any", show_default=True,
              help="Only concepts of this kind.")
@click.option("--lang", default=None, metavar="LANG", help="Only labels in this language (default: any).")
@click.option("--limit", type=click.IntRange(1, 10000), default=20, show_default=True, help="At most this many.")
@format_option("vocab search")
def search_command(text: str, store: str | None, vocabulary: str | None, kind: str, lang: str | None,
                   limit: int, fmt: str) -> None:
    """Find concepts whose preferred or alternative label (any language) holds TEXT.

    Best first: the exact label, then labels that start with TEXT, hold it as words, hold all its
    words, hold it anywhere; preferred before alternative labels. Exit status 1 if nothing matches.
    """
    from skillweave.diagnostics import DiagnosticSink
    from skillweave.emitters import Options
    from skillweave.vocab import VocabularyError
    from skillweave.vocab.concepts import search

    opened = _open(store, vocabulary, DiagnosticSink())
    try:
        found = search(opened.vocabulary, text, None if kind == "any" else kind, lang, limit)
    except VocabularyError as exc:
        raise fail(str(exc)) from None
    write_report("vocab search", fmt, found, Options(), None)
    if not found.hits:
        click.echo(f"skillweave: no concept has a label holding '{text}'", err=True)
        raise click.exceptions.Exit(1)


# -- show ------------------------------------------------------------------------------------------


def _resolve_or_exit(vocab, ref: str, what: str = "concept", kind: str | None = None) -> str:
    from skillweave.errors import UnknownConcept
    from skillweave.vocab.concepts import resolve

    try:
        return resolve(vocab, ref, what, kind)
    except UnknownConcept as exc:
        click.echo(f"skillweave: {exc}", err=True)
        raise click.exceptions.Exit(1) from None


@vocab_group.command("show")
@click.argument("ref")
@_source_options
@click.option("--lang", default="en", show_default=True, metavar="LANG", help="Language of the labels shown.")
@format_option("vocab show")
def show_command(ref: str, store: str | None, vocabulary: str | None, lang: str, fmt: str) -> None:
    """Show a concept: REF is a URI or a label (any language, any case).

    An occupation comes with its essential and optional skills, grouped by skill type; a skill
    with the occupations that need it and its broader concepts. A label that several concepts
    carry lists them (exit status 1), unless exactly one has it as preferred label.
    """
    from skillweave.diagnostics import DiagnosticSink
    from skillweave.emitters import Options
    from skillweave.vocab import VocabularyError
    from skillweave.vocab.concepts import concept_view

    opened = _open(store, vocabulary, DiagnosticSink())
    try:
        uri = _resolve_or_exit(opened.vocabulary, ref)
        view = concept_view(opened.vocabulary, uri, lang)
    except VocabularyError as exc:
        raise fail(str(exc)) from None
    write_report("vocab show", fmt, view, Options(lang=lang), None)


# -- extract ---------------------------------------------------------------------------------------


@vocab_group.command("extract")
@click.option("--occupation", "occupations", multiple=True, required=True, metavar="REF",
              help="An occupation (URI or label); repeat for several.")
@click.option("-o", "--output", required=True, metavar="FILE.ttl", type=click.Path(dir_okay=False),
              help="Turtle file to write (atomically).")
@_source_options
@click.option("--lang", "languages", multiple=True, metavar="LANG",
              help="Keep labels in this language only; repeat for several (default: every language).")
@force_option
def extract_command(occupations: tuple[str, ...], output: str, store: str | None, vocabulary: str | None,
                    languages: tuple[str, ...], force: bool) -> None:
    """Write the ESCO subset for some occupations as Turtle: what a workspace ships in ontologies/.

    The subset holds the occupations, their essential and optional skills, those skills' broader
    concepts and the occupations' ISCO groups, with labels but without descriptions. The same
    input gives a byte-identical file.
    """
    from skillweave.diagnostics import DiagnosticSink
    from skillweave.vocab import VocabularyError
    from skillweave.vocab.extract import ExtractError, extract_subset

    opened = _open(store, vocabulary, DiagnosticSink())
    uris = [_resolve_or_exit(opened.vocabulary, ref, "occupation", "occupation") for ref in occupations]
    try:
        subset = extract_subset(opened.sparql(), uris, list(languages) or None)
    except ExtractError as exc:
        click.echo(f"skillweave: {exc}", err=True)
        raise click.exceptions.Exit(1) from None
    except VocabularyError as exc:
        raise fail(str(exc)) from None
    write_output(subset.turtle, output, force)
    click.echo(f"{output}: {subset.occupations} occupations, {subset.skills} skills ({subset.essential} essential, "
               f"{subset.optional} optional relations), {subset.isco_groups} ISCO groups, "
               f"{subset.broader_concepts} broader concepts, {subset.triples} triples")
