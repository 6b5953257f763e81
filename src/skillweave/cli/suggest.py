"""``skillweave suggest``: ESCO skills for a learning-outcome statement, best first."""

from __future__ import annotations

import click

from skillweave.cli.common import fail, format_option, print_diagnostics, write_report
from skillweave.cli.progress import Progress

LANGUAGE_NAMES = {"en": "English", "nl": "Dutch", "de": "German", "fr": "French", "es": "Spanish",
                  "it": "Italian", "pt": "Portuguese", "pl": "Polish"}


def open_skill_vocabulary(source: str | None):
    """The vocabulary of ``--vocabulary SOURCE``, else of the current folder's ontologies/.

    RDF problems are printed to standard error; a vocabulary without skills stops the command.
    """
    from skillweave.diagnostics import DiagnosticSink
    from skillweave.load.workspace import Workspace
    from skillweave.vocab import VocabularyError, open_vocabulary

    sink = DiagnosticSink()
    try:
        vocab = open_vocabulary(Workspace.open("."), sink, source)
    except VocabularyError as exc:
        raise fail(str(exc)) from None
    print_diagnostics(sorted(sink.items))
    if not any(True for _ in vocab.skill_texts("en")):
        where = f"{source!r}" if source else "ontologies/ in the current folder"
        raise fail(f"no ESCO skill found in {where}; pass --vocabulary with an ESCO store, RDF file or folder")
    return vocab


@click.command("suggest")
@click.argument("text")
@click.option("--lang", default="en", show_default=True, metavar="LANG",
              help="Language of the statement; skills are ranked by their labels in this language.")
@click.option("--top", type=click.IntRange(1, 200), default=10, show_default=True, help="How many skills to list.")
@click.option("--vocabulary", "vocabulary", metavar="SOURCE", default=None,
              help="The vocabulary: an ESCO store folder, an RDF file or a folder of RDF files. "
                   "Default: ontologies/ in the current folder.")
@click.option("--ranking", type=click.Choice(["lexical", "semantic"]), default="lexical", show_default=True,
              help="lexical: words of labels, alternative labels and descriptions; semantic: sentence "
                   "embeddings (needs the skillweave[semantic] extra).")
@click.option("--cache", "cache_dir", metavar="DIR", type=click.Path(file_okay=False), default=None,
              help="A folder where the lexical index and the semantic ranking's skill embeddings are kept "
                   "for later runs. Default: the store's folder; for RDF files they are made on every run "
                   "unless you name a folder.")
@format_option("suggest", help="text: one skill a line (rank, score, label, type, URI); json: the same as a list.")
def suggest_command(text: str, lang: str, top: int, vocabulary: str | None, ranking: str,
                    cache_dir: str | None, fmt: str) -> None:
    """ESCO skills for a learning-outcome statement TEXT, best first, with scores from 0 to 1.

    Run it in a workspace (it reads ontologies/) or name the vocabulary with --vocabulary.
    """
    from skillweave.emitters import Options
    from skillweave.suggest import SuggestError, cache_dir_of, has_language, suggestions_for

    vocab = open_skill_vocabulary(vocabulary)
    if lang != "en" and not has_language(vocab, lang):
        name = LANGUAGE_NAMES.get(lang, lang)
        click.echo(f"note: the vocabulary has no {name} ({lang}) skill labels; the statement is compared "
                   "with the English labels, which works only for words the languages share", err=True)
    kept = cache_dir is not None or cache_dir_of(vocab) is not None
    if ranking == "semantic" and not kept:
        click.echo("note: the skill embeddings are not kept; pass --cache DIR to keep them for later runs", err=True)
    try:
        with Progress(enabled=None if ranking == "semantic" else False) as progress:
            found = suggestions_for(vocab, text, lang=lang, top=top, ranking=ranking, cache_dir=cache_dir,
                                    progress=_embedding_progress(progress, kept) if ranking == "semantic" else None)
    except SuggestError as exc:
        raise fail(str(exc)) from None
    write_report("suggest", fmt, found, Options(lang=lang), None)


def _embedding_progress(progress: Progress, kept: bool):
    """Say once that skill embeddings are being computed (and whether they are kept), then show progress."""
    why = " (once; they are kept for later runs)" if kept else ""

    def show(done: int, total: int) -> None:
        if done == 0:
            click.echo(f"computing skill embeddings for {total:,} skills{why}", err=True)
            progress.phase("computing skill embeddings", total)
        progress.update(done, total)

    return show
