"""``skillweave vocab``: import ESCO into a store, search it, show a concept, extract a subset."""

from __future__ import annotations

import contextlib
import sys

import click

from skillweave.cli.common import fail

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
    if sink.items:
        from skillweave.diagnostics import format_text

        lines = format_text(sorted(set(sink.items)), {}).splitlines()[:-1]
        click.echo("\n".join(lines), err=True)
    return opened


@click.group("vocab")
def vocab_group() -> None:
    """The occupation vocabulary (ESCO): import it into a store, search it, show a concept,
    extract the subset a workspace ships.

    Commands read the store given with --store DIR (or the environment variable SKILLWEAVE_STORE),
    or any vocabulary source given with --vocabulary SOURCE.
    """


# -- import ----------------------------------------------------------------------------------------


class _RichProgress:
    """A progress bar on standard error (only when it is a terminal)."""

    def __init__(self) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, DownloadColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

        class Size(DownloadColumn):
            def render(self, task):  # nothing for a phase of unknown size
                return super().render(task) if task.total is not None else ""

        self.progress = Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), Size(),
                                 TimeElapsedColumn(), console=Console(stderr=True), transient=True)
        self.task = None

    def __enter__(self):
        self.progress.start()
        return self

    def __exit__(self, *exc) -> None:
        self.progress.stop()

    def phase(self, description: str, total: int | None) -> None:
        if self.task is not None:
            self.progress.update(self.task, completed=self.progress.tasks[-1].total or 0)
            self.progress.stop_task(self.task)
        self.task = self.progress.add_task(description, total=total)

    def advance(self, amount: int) -> None:
        if self.task is not None:
            self.progress.advance(self.task, amount)


@vocab_group.command("import")
@click.argument("sources", nargs=-1, required=True, metavar="SOURCE...")
@click.option("--store", "store", metavar="DIR", envvar="SKILLWEAVE_STORE", required=True,
              help="Store folder to make or replace (default: $SKILLWEAVE_STORE).")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "github"]), default="text", show_default=True,
              help="How problems in the files and the counts are printed.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar (it only shows on a terminal anyway).")
@click.option("--embeddings/--no-embeddings", "embeddings", default=True, show_default=True,
              help="Compute the skill embeddings of the semantic ranking (skillweave suggest, check --suggest) "
                   "now and keep them in the store: minutes for all of ESCO on two cores, once. An interrupted run "
                   "resumes: run the import again.")
@click.option("--semantic", "embeddings", flag_value=True, hidden=True)  # the former name of --embeddings
def import_command(sources: tuple[str, ...], store: str, fmt: str, quiet: bool, embeddings: bool) -> None:
    """Import ESCO into a store folder: ESCO CSV folders (the official download; other languages'
    files, in the same folder or in more folders given, merge into the same concepts) and ESCO RDF
    files (Turtle, N-Triples, RDF/XML, ...).

    Problems in the files are reported with file, line and column. An import with errors changes
    nothing: the store keeps what it had. Exit status: 0 imported, 1 errors in the files, 2 the
    command could not run.
    """
    import json

    from skillweave.diagnostics import DiagnosticSink, count, format_github
    from skillweave.vocab import VocabularyError
    from skillweave.vocab.store import import_vocabulary

    sink = DiagnosticSink()
    show_progress = not quiet and sys.stderr.isatty()
    progress = _RichProgress() if show_progress else None
    try:
        with progress or contextlib.nullcontext():
            result = import_vocabulary(list(sources), store, sink, progress)
    except VocabularyError as exc:
        raise fail(str(exc)) from None
    diagnostics = sorted(set(sink.items))
    errors, warnings = count(diagnostics)
    counts = None
    if result is not None:
        counts = {"occupations": result.occupations, "skills": result.skills, "relations": result.relations,
                  "concepts": result.concepts, "triples": result.triples, "languages": result.languages}
    if fmt == "json":
        click.echo(json.dumps({"diagnostics": [d.as_dict() for d in diagnostics], "imported": counts,
                               "store": store}, indent=2, ensure_ascii=False))
    elif fmt == "github":
        click.echo(format_github(diagnostics, {}), nl=False)
    else:
        for d in diagnostics:
            click.echo(f"{d.file}:{d.line}:{d.column}: {d.severity.value} {d.code} {d.message}")
        problems = f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}"
        if result is None:
            click.echo(f"{problems}: nothing imported; {store} is unchanged")
        else:
            click.echo(f"{store}: {result.occupations:,} occupations, {result.skills:,} skills and "
                       f"{result.relations:,} occupation–skill relations ({result.concepts:,} concepts, "
                       f"{result.triples:,} triples; languages: {', '.join(result.languages) or 'none'}) "
                       f"imported in {result.seconds:.1f} s" + (f"; {problems}" if diagnostics else ""))
    if result is None:
        raise click.exceptions.Exit(1)
    if embeddings:
        _embed(store, result.languages, quiet)


def _embed(store: str, languages: list[str], quiet: bool) -> None:
    """Skill embeddings of the new store, computed once and kept in its cache folder."""
    from skillweave import suggest
    from skillweave.cli.suggest import progress_printer
    from skillweave.vocab.store import VocabularyStore

    vocab = VocabularyStore(store).vocabulary()
    try:
        encoded = suggest.embed_skills(vocab, vocab.cache_dir, langs=languages or ["en"],
                                       progress=None if quiet else progress_printer(True))
    except suggest.SuggestError as exc:
        raise fail(f"the store was imported, but no skill embeddings were made: {exc}") from None
    except KeyboardInterrupt:
        click.echo(f"{store}: interrupted; the skill embeddings made so far are kept: run the import again "
                   "to go on", err=True)
        raise click.exceptions.Exit(130) from None
    click.echo(f"{store}: skill embeddings ready ({encoded:,} skill texts encoded)")


# -- search ----------------------------------------------------------------------------------------


@vocab_group.command("search")
@click.argument("text")
@_source_options
@click.option("--kind", type=click.Choice(["occupation", "skill", "any"]), default="any", show_default=True,
              help="Only concepts of this kind.")
@click.option("--lang", default=None, metavar="LANG", help="Only labels in this language (default: any).")
@click.option("--limit", type=click.IntRange(1, 10000), default=20, show_default=True, help="At most this many.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def search_command(text: str, store: str | None, vocabulary: str | None, kind: str, lang: str | None,
                   limit: int, fmt: str) -> None:
    """Find concepts whose preferred or alternative label (any language) holds TEXT.

    Best first: the exact label, then labels that start with TEXT, hold it as words, hold all its
    words, hold it anywhere; preferred before alternative labels. Exit status 1 if nothing matches.
    """
    import json

    from skillweave.diagnostics import DiagnosticSink
    from skillweave.vocab import VocabularyError

    opened = _open(store, vocabulary, DiagnosticSink())
    vocab = opened.vocabulary
    try:
        hits = vocab.search(text, None if kind == "any" else kind, lang, limit)  # type: ignore[arg-type]
    except VocabularyError as exc:
        raise fail(str(exc)) from None
    vocab.prefetch([h.uri for h in hits])
    if fmt == "json":
        click.echo(json.dumps([{"uri": h.uri, "kind": h.kind, "label": h.label, "lang": h.lang,
                                "preferred": h.preferred, "score": h.score,
                                "preferred_label": vocab.label(h.uri, h.lang)} for h in hits],
                              indent=2, ensure_ascii=False))
    else:
        for h in hits:
            pref = vocab.label(h.uri, h.lang)
            note = "" if h.preferred else f" (alternative label of '{pref}')"
            click.echo(f"{h.score:3d}  {h.kind:<10}  {h.label}@{h.lang}{note}  <{h.uri}>")
    if not hits:
        click.echo(f"skillweave: no concept has a label holding '{text}'", err=True)
        raise click.exceptions.Exit(1)


# -- show ------------------------------------------------------------------------------------------


def resolve_any(vocab, ref: str) -> tuple[str | None, list[str]]:
    """(URI, []) for the concept REF names, else (None, candidates or near misses).

    A label that is the preferred label of exactly one of the concepts carrying it names that one
    (``welder`` is the preferred label of one occupation and an alternative label of another).
    """
    from skillweave.vocab.base import normalise_label

    ref = ref.strip()
    if ref.startswith(("http://", "https://")):
        if vocab.concept(ref) is not None:
            return ref, []
        return None, []
    uris = sorted(set(vocab.by_label(ref)))
    uris = [u for u in uris if vocab.concept(u) is not None]
    if len(uris) == 1:
        return uris[0], []
    if len(uris) > 1:
        norm = normalise_label(ref)
        preferred = [u for u in uris if any(normalise_label(label) == norm
                                            for label in vocab.concept(u).pref_labels.values())]
        if len(preferred) == 1:
            return preferred[0], uris
        return None, uris
    return None, []


def _resolve_or_exit(vocab, ref: str, what: str = "concept", kind: str | None = None) -> str:
    uri, others = resolve_any(vocab, ref)
    if uri is not None and (kind is None or vocab.concept(uri).kind == kind):
        return uri
    if uri is not None:
        click.echo(f"skillweave: '{ref}' is an ESCO {vocab.concept(uri).kind}, not an {kind}", err=True)
    elif others:
        click.echo(f"skillweave: '{ref}' names {len(others)} concepts; give the URI of the one you mean:", err=True)
        for u in others:
            c = vocab.concept(u)
            click.echo(f"  {c.kind:<10}  {c.label()}  <{u}>", err=True)
    else:
        hint = ""
        if not ref.startswith(("http://", "https://")):
            near = vocab.near_misses(ref, kind or "occupation") + ([] if kind else vocab.near_misses(ref, "skill"))
            if near:
                hint = "; did you mean " + ", ".join(f"'{n}'" for n in dict.fromkeys(near)) + "?"
        click.echo(f"skillweave: no {what} '{ref}' in the vocabulary{hint}", err=True)
    raise click.exceptions.Exit(1)


_TYPE_NAMES = {"skill": "skill/competence", "knowledge": "knowledge", None: "unspecified skill type"}


def _item(vocab, uri: str, lang: str) -> dict:
    return {"uri": uri, "label": vocab.label(uri, lang)}


def _sorted(vocab, uris, lang: str) -> list[str]:
    return sorted(uris, key=lambda u: (vocab.label(u, lang).casefold(), u))


def concept_view(vocab, uri: str, lang: str) -> dict:
    """What ``vocab show`` prints, as data (the json format)."""
    c = vocab.concept(uri)
    needed = [o for o, _ in vocab.occupations_needing(uri)] if c.kind == "skill" else []
    # one batch of queries instead of one per concept shown, for a SPARQL endpoint
    vocab.prefetch([*c.broader, *needed, *vocab.essential_skills(uri), *vocab.optional_skills(uri)])
    view: dict = {"uri": uri, "kind": c.kind, "label": c.label(lang),
                  "alt_labels": list(c.alt_labels.get(lang, ())),
                  "description": getattr(c, "descriptions", {}).get(lang, ""),
                  "broader": [_item(vocab, b, lang) for b in _sorted(vocab, c.broader, lang)]}
    if c.kind == "skill":
        view["skill_type"] = _TYPE_NAMES[c.skill_type]
        needed = vocab.occupations_needing(uri)
        view["occupations"] = {
            rel: [_item(vocab, o, lang) for o in _sorted(vocab, [o for o, r in needed if r == rel], lang)]
            for rel in ("essential", "optional")}
    if c.kind == "occupation" or vocab.essential_skills(uri) or vocab.optional_skills(uri):
        for rel, skills in (("essential", vocab.essential_skills(uri)), ("optional", vocab.optional_skills(uri))):
            by_type: dict[str, list[dict]] = {}
            for s in _sorted(vocab, skills, lang):
                sc = vocab.concept(s)
                by_type.setdefault(_TYPE_NAMES[sc.skill_type if sc else None], []).append(_item(vocab, s, lang))
            view[f"{rel}_skills"] = {t: by_type[t] for t in _TYPE_NAMES.values() if t in by_type}
    return view


def _text(view: dict) -> str:
    kind = view["kind"] + (f", {view['skill_type']}" if "skill_type" in view else "")
    out = [f"{view['label']} ({kind})", f"  <{view['uri']}>"]
    if view["alt_labels"]:
        out.append("  also: " + "; ".join(view["alt_labels"]))
    if view["description"]:
        out.append("  " + " ".join(view["description"].split()))
    if view["broader"]:
        out.append("broader:")
        out += [f"  {b['label']}  <{b['uri']}>" for b in view["broader"]]
    for rel in ("essential", "optional"):
        groups = view.get(f"{rel}_skills")
        if groups is None:
            continue
        total = sum(len(v) for v in groups.values())
        out.append(f"{rel} skills ({total}):")
        for skill_type, items in groups.items():
            out.append(f"  {skill_type} ({len(items)}):")
            out += [f"    {i['label']}  <{i['uri']}>" for i in items]
    if "occupations" in view:
        for rel, items in view["occupations"].items():
            out.append(f"occupations for which it is {rel} ({len(items)}):")
            out += [f"  {i['label']}  <{i['uri']}>" for i in items]
    return "\n".join(out) + "\n"


@vocab_group.command("show")
@click.argument("ref")
@_source_options
@click.option("--lang", default="en", show_default=True, metavar="LANG", help="Language of the labels shown.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def show_command(ref: str, store: str | None, vocabulary: str | None, lang: str, fmt: str) -> None:
    """Show a concept: REF is a URI or a label (any language, any case).

    An occupation comes with its essential and optional skills, grouped by skill type; a skill
    with the occupations that need it and its broader concepts. A label that several concepts
    carry lists them (exit status 1), unless exactly one has it as preferred label.
    """
    import json

    from skillweave.diagnostics import DiagnosticSink
    from skillweave.vocab import VocabularyError

    opened = _open(store, vocabulary, DiagnosticSink())
    try:
        uri = _resolve_or_exit(opened.vocabulary, ref)
        view = concept_view(opened.vocabulary, uri, lang)
    except VocabularyError as exc:
        raise fail(str(exc)) from None
    if fmt == "json":
        click.echo(json.dumps(view, indent=2, ensure_ascii=False))
    else:
        click.echo(_text(view), nl=False)


# -- extract ---------------------------------------------------------------------------------------


@vocab_group.command("extract")
@click.option("--occupation", "occupations", multiple=True, required=True, metavar="REF",
              help="An occupation (URI or label); repeat for several.")
@click.option("-o", "--output", required=True, metavar="FILE.ttl", type=click.Path(dir_okay=False),
              help="Turtle file to write (atomically).")
@_source_options
@click.option("--lang", "languages", multiple=True, metavar="LANG",
              help="Keep labels in this language only; repeat for several (default: every language).")
def extract_command(occupations: tuple[str, ...], output: str, store: str | None, vocabulary: str | None,
                    languages: tuple[str, ...]) -> None:
    """Write the ESCO subset for some occupations as Turtle: what a workspace ships in ontologies/.

    The subset holds the occupations, their essential and optional skills, those skills' broader
    concepts and the occupations' ISCO groups, with labels but without descriptions. The same
    input gives a byte-identical file.
    """
    from pathlib import Path

    from skillweave.diagnostics import DiagnosticSink
    from skillweave.files import write_atomic
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
    try:
        write_atomic(Path(output), subset.turtle)
    except OSError as exc:
        raise fail(f"cannot write {output}: {exc.strerror}") from None
    click.echo(f"{output}: {subset.occupations} occupations, {subset.skills} skills ({subset.essential} essential, "
               f"{subset.optional} optional relations), {subset.isco_groups} ISCO groups, "
               f"{subset.broader_concepts} broader concepts, {subset.triples} triples")
