"""``skillweave suggest``: ESCO skills for a learning-outcome statement, best first."""

from __future__ import annotations

import json
import sys

import click

from skillweave.cli.common import fail

LANGUAGE_NAMES = {"en": "English", "nl": "Dutch", "de": "German", "fr": "French", "es": "Spanish",
                  "it": "Italian", "pt": "Portuguese", "pl": "Polish"}


def open_skill_vocabulary(source: str | None):
    """The vocabulary of ``--vocabulary SOURCE``, else of the current folder's ontologies/.

    RDF problems are printed to standard error; a vocabulary without skills stops the command.
    """
    from skillweave.diagnostics import DiagnosticSink, format_text
    from skillweave.load.workspace import Workspace
    from skillweave.vocab import VocabularyError, open_vocabulary

    sink = DiagnosticSink()
    try:
        vocab = open_vocabulary(Workspace.open("."), sink, source)
    except VocabularyError as exc:
        raise fail(str(exc)) from None
    if sink.items:
        lines = format_text(sorted(sink.items), {}).splitlines()[:-1]  # without the curriculum summary
        click.echo("\n".join(lines), err=True)
    if not any(True for _ in vocab.skill_texts("en")):
        where = f"{source!r}" if source else "ontologies/ in the current folder"
        raise fail(f"no ESCO skill found in {where}; pass --vocabulary with an ESCO store, RDF file or folder")
    return vocab


def progress_printer(kept: bool, what: str = "skill embeddings"):
    """A progress callback that shows ``done/total`` on standard error."""
    tty = sys.stderr.isatty()
    why = " (once; they are kept for later runs)" if kept else ""

    def show(done: int, total: int) -> None:
        if done == 0:
            click.echo(f"computing {what} for {total:,} skills{why}", err=True)
        elif tty:
            click.echo(f"\r  {done:,}/{total:,}", err=True, nl=done >= total)

    return show


def skill_type(vocab, uri: str) -> str:
    c = vocab.concept(uri)
    return (c.skill_type if c else None) or "skill"


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
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="text: one skill a line (rank, score, label, type, URI); json: the same as a list.")
def suggest_command(text: str, lang: str, top: int, vocabulary: str | None, ranking: str,
                    cache_dir: str | None, fmt: str) -> None:
    """ESCO skills for a learning-outcome statement TEXT, best first, with scores from 0 to 1.

    Run it in a workspace (it reads ontologies/) or name the vocabulary with --vocabulary.
    """
    from skillweave.suggest import SuggestError, cache_dir_of, has_language, suggest

    vocab = open_skill_vocabulary(vocabulary)
    if lang != "en" and not has_language(vocab, lang):
        name = LANGUAGE_NAMES.get(lang, lang)
        click.echo(f"note: the vocabulary has no {name} ({lang}) skill labels; the statement is compared "
                   "with the English labels, which works only for words the languages share", err=True)
    kept = cache_dir is not None or cache_dir_of(vocab) is not None
    if ranking == "semantic" and not kept:
        click.echo("note: the skill embeddings are not kept; pass --cache DIR to keep them for later runs", err=True)
    try:
        hits = suggest(vocab, text, lang=lang, top=top, ranking=ranking, cache_dir=cache_dir,
                       progress=progress_printer(kept) if ranking == "semantic" else None)
    except SuggestError as exc:
        raise fail(str(exc)) from None
    rows = [{"rank": i, "score": hit.score, "label": hit.label, "uri": hit.uri,
             "skill_type": skill_type(vocab, hit.uri)} for i, hit in enumerate(hits, 1)]
    if fmt == "json":
        click.echo(json.dumps({"statement": text, "lang": lang, "ranking": ranking, "suggestions": rows},
                              ensure_ascii=False, indent=2))
        return
    if not rows:
        click.echo("no ESCO skill shares a word with the statement; rephrase it or try --ranking semantic")
        return
    width = max(len(r["label"]) for r in rows)
    for r in rows:
        click.echo(f"{r['rank']:>3}  {r['score']:.2f}  {r['label']:<{width}}  {r['skill_type']:<9}  {r['uri']}")
