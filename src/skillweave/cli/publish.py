"""``skillweave publish``: the ELM graph into a named graph of a SPARQL 1.1 Graph Store."""

from __future__ import annotations

import click

from skillweave.cli.common import fail, load_project, vocabulary_option, workspace_argument


@click.command("publish")
@workspace_argument
@click.option("--graph-store", "store", metavar="URL", required=True,
              help="The Graph Store HTTP Protocol endpoint, e.g. http://localhost:7878/store (Oxigraph), "
                   "http://localhost:3030/DATASET/data (Fuseki).")
@click.option("--graph", "graph", metavar="IRI", default=None,
              help="The named graph to replace. Default: 'elm' under the alliance's base_uri.")
@click.option("--timeout", type=click.FloatRange(1, 3600), default=120.0, show_default=True,
              help="Seconds the whole exchange with the store may take.")
@vocabulary_option
def publish_command(workspace: str, store: str, graph: str | None, timeout: float, vocabulary: str | None) -> None:
    """Put the workspace's ELM graph (as `export elm-turtle` writes it) into a named graph of a
    triple store, replacing that graph's content in one operation (HTTP PUT of the SPARQL 1.1
    Graph Store HTTP Protocol), so a re-publish leaves no stale triples.

    Credentials come from the environment, never from the command line:
    SKILLWEAVE_GRAPH_STORE_TOKEN (a bearer token), or SKILLWEAVE_GRAPH_STORE_USER and
    SKILLWEAVE_GRAPH_STORE_PASSWORD (HTTP Basic). Redirects are followed only to the same
    server. Exit status: 0 published, 1 the workspace has errors, 2 the store could not be
    reached or refused the graph.
    """
    import os

    from skillweave import net, publish
    from skillweave.emitters import emit

    try:  # refuse a bad URL, graph or credential setting before the workspace is read
        if graph:
            publish.check_graph_iri(graph)
        net.check_url(store)
        publish.credentials(os.environ)
    except net.HttpError as exc:
        raise fail(str(exc)) from None
    project = load_project(workspace, vocabulary)
    turtle = emit(project, "elm-turtle")
    assert isinstance(turtle, str)
    target = graph or publish.default_graph(project.base_uri)
    try:
        done = publish.publish(turtle, store, target, os.environ, timeout=timeout)
    except net.HttpError as exc:
        raise fail(str(exc)) from None
    click.echo(f"published {done.triples} triples into <{done.graph}> at {done.store} (HTTP {done.status})")
