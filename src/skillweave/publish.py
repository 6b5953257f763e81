"""``skillweave publish``: the alliance's ELM graph into a named graph of a triple store.

The store is any server of the SPARQL 1.1 Graph Store HTTP Protocol (Oxigraph's ``/store``,
Fuseki's ``/DATASET/data``, GraphDB's ``/repositories/REPO/rdf-graphs/service``, Virtuoso's
``/sparql-graph-crud-auth``). The graph is sent with one ``PUT ...?graph=IRI``, which the
protocol defines as replacing the graph's whole content in one operation: a re-publish leaves no
triple of the previous version behind, and a failed one leaves the previous version in place.

Credentials come from the environment, never from the command line: ``SKILLWEAVE_GRAPH_STORE_TOKEN``
(sent as ``Authorization: Bearer``) or ``SKILLWEAVE_GRAPH_STORE_USER`` and
``SKILLWEAVE_GRAPH_STORE_PASSWORD`` (HTTP Basic). The HTTP exchange is bounded by
:mod:`skillweave.net` (deadline, answer size, same-origin redirects).
"""

from __future__ import annotations

import base64
import re
import urllib.parse
from collections.abc import Mapping
from dataclasses import dataclass

from skillweave import net
from skillweave.errors import PublishError

ENV_TOKEN = "SKILLWEAVE_GRAPH_STORE_TOKEN"
ENV_USER = "SKILLWEAVE_GRAPH_STORE_USER"
ENV_PASSWORD = "SKILLWEAVE_GRAPH_STORE_PASSWORD"
#: what a store may say back (an error page at most)
MAX_ANSWER_BYTES = 1024 * 1024
_IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`]+$")


@dataclass(frozen=True)
class Published:
    store: str
    graph: str
    triples: int
    status: int


def default_graph(base_uri: str) -> str:
    """The named graph used when ``--graph`` is not given: ``elm`` under the alliance's base URI."""
    return base_uri + "elm"


def check_graph_iri(iri: str) -> str:
    if not _IRI.match(iri):
        raise PublishError(f"--graph must be an absolute IRI such as https://example.org/graphs/elm, not {iri!r}")
    return iri


def credentials(environ: Mapping[str, str]) -> dict[str, str]:
    """The Authorization header from the environment (empty when none is set)."""
    token = environ.get(ENV_TOKEN)
    if token:
        return {"Authorization": f"Bearer {token.strip()}"}
    user, password = environ.get(ENV_USER), environ.get(ENV_PASSWORD)
    if user:
        pair = f"{user}:{password or ''}".encode()
        return {"Authorization": "Basic " + base64.b64encode(pair).decode("ascii")}
    if password:
        raise PublishError(f"{ENV_PASSWORD} is set but {ENV_USER} is not")
    return {}


def graph_url(store: str, graph: str) -> str:
    """The store URL with ``graph=IRI`` added to its query."""
    parts = net.check_url(store)
    query = urllib.parse.parse_qsl(parts.query, keep_blank_values=True)
    query = [(k, v) for k, v in query if k not in ("graph", "default")] + [("graph", graph)]
    return urllib.parse.urlunsplit(parts._replace(query=urllib.parse.urlencode(query)))


def as_ntriples(turtle: str) -> tuple[bytes, int]:
    """The Turtle export as sorted N-Triples (every store reads them) and its triple count."""
    import pyoxigraph as ox

    triples = sorted({ox.serialize([q], format=ox.RdfFormat.N_TRIPLES)
                      for q in ox.parse(turtle.encode("utf-8"), format=ox.RdfFormat.TURTLE)})
    return b"".join(triples), len(triples)


def publish(turtle: str, store: str, graph: str, environ: Mapping[str, str], timeout: float = 120.0) -> Published:
    """Replace ``graph`` in the graph store at ``store`` by the triples of ``turtle``."""
    check_graph_iri(graph)
    headers = {"Content-Type": "application/n-triples", **credentials(environ)}
    url = graph_url(store, graph)
    body, count = as_ntriples(turtle)
    try:
        answer = net.request("PUT", url, body=body, headers=headers, timeout=timeout, max_bytes=MAX_ANSWER_BYTES)
    except net.HttpError as exc:
        raise PublishError(str(exc)) from None
    if answer.status in (401, 403):
        raise PublishError(f"the graph store refused the credentials ({answer.status} {answer.reason}); set "
                           f"{ENV_TOKEN}, or {ENV_USER} and {ENV_PASSWORD}")
    if not 200 <= answer.status < 300:
        detail = answer.text()
        raise PublishError(f"the graph store at {store} answered {answer.status} {answer.reason}"
                           + (f": {detail}" if detail else "") + "; is it a SPARQL 1.1 Graph Store endpoint "
                           "(for Oxigraph: http://host:port/store)?")
    return Published(store, graph, count, answer.status)
