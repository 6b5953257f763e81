"""``skillweave publish``: the ELM graph into a named graph of a real Oxigraph server on loopback,
and the bounds of the HTTP client against a server that misbehaves on purpose."""

from __future__ import annotations

import json
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from skillweave import net
from skillweave.cli.main import cli

from .servers import oxigraph_server, scripted_server

GRAPH = "https://example.org/graphs/greeninstall"


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    with oxigraph_server(tmp_path_factory.mktemp("store") / "db") as base:
        yield base


def _select(base: str, query: str) -> list[dict]:
    data = urllib.parse.urlencode({"query": query}).encode()
    request = urllib.request.Request(f"{base}/query", data=data,
                                     headers={"Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(request, timeout=30) as answer:
        return json.load(answer)["results"]["bindings"]


def _count(base: str, graph: str) -> int:
    rows = _select(base, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")
    return int(rows[0]["n"]["value"])


def _export_triples(workspace: Path, tmp_path: Path) -> set[tuple[str, str, str]]:
    out = tmp_path / "elm.ttl"
    done = CliRunner().invoke(cli, ["export", "elm-turtle", str(workspace), "-o", str(out)])
    assert done.exit_code == 0, done.output
    # through a store, as the server keeps them (typed literals in their canonical form: PT130H is P5DT10H)
    memory = ox.Store()
    memory.load(path=str(out))
    return {(str(q.subject), str(q.predicate), str(q.object)) for q in memory}


def _graph_triples(base: str, graph: str) -> set[tuple[str, str, str]]:
    turtle = urllib.request.urlopen(f"{base}/store?graph={urllib.parse.quote(graph, safe='')}", timeout=30).read()
    return {(str(q.subject), str(q.predicate), str(q.object))
            for q in ox.parse(turtle, format=ox.RdfFormat.TURTLE)}


def _publish(workspace: Path, store_url: str, *extra: str, env: dict | None = None):
    return CliRunner().invoke(cli, ["publish", str(workspace), "--graph-store", store_url, *extra], env=env)


def test_publish_puts_exactly_the_turtle_export_into_the_named_graph(store, demo_workspace, tmp_path):
    expected = _export_triples(demo_workspace, tmp_path)
    done = _publish(demo_workspace, f"{store}/store", "--graph", GRAPH)
    assert done.exit_code == 0, done.output
    assert done.output == f"published {len(expected)} triples into <{GRAPH}> at {store}/store (HTTP 201)\n" \
        or done.output == f"published {len(expected)} triples into <{GRAPH}> at {store}/store (HTTP 204)\n"
    assert _count(store, GRAPH) == len(expected)
    assert _graph_triples(store, GRAPH) == expected


def test_republish_after_a_change_replaces_the_graph_and_leaves_other_graphs(store, demo_workspace, tmp_path):
    other = "https://example.org/graphs/other"
    assert _publish(demo_workspace, f"{store}/store", "--graph", GRAPH).exit_code == 0
    assert _publish(demo_workspace, f"{store}/store", "--graph", other).exit_code == 0
    unit = demo_workspace / "curricula" / "units" / "pv-installation.yaml"
    text = unit.read_text(encoding="utf-8")
    assert "Installing photovoltaic systems" in text
    unit.write_text(text.replace("Installing photovoltaic systems", "Installing solar PV systems"), encoding="utf-8")
    expected = _export_triples(demo_workspace, tmp_path)
    assert _publish(demo_workspace, f"{store}/store", "--graph", GRAPH).exit_code == 0
    published = _graph_triples(store, GRAPH)
    assert published == expected  # no stale triple, nothing missing
    literals = {o for _, _, o in published}
    assert not any("Installing photovoltaic systems" in o for o in literals)
    assert any("Installing solar PV systems" in o for o in literals)
    # the other graph still holds the earlier version
    assert any("Installing photovoltaic systems" in o for _, _, o in _graph_triples(store, other))


def test_default_graph_is_elm_under_the_base_uri(store, demo_workspace):
    done = _publish(demo_workspace, f"{store}/store")
    assert done.exit_code == 0, done.output
    graph = done.output.split("<", 1)[1].split(">", 1)[0]
    assert graph.endswith("elm")
    assert _count(store, graph) > 1000


def test_unreachable_store_is_one_line_and_exit_2(demo_workspace):
    from .servers import free_port

    done = _publish(demo_workspace, f"http://127.0.0.1:{free_port()}/store")
    assert done.exit_code == 2
    assert done.output.count("\n") == 1 and "cannot reach http://127.0.0.1:" in done.output


@pytest.mark.parametrize("status", [400, 404, 500])
def test_refusing_store_is_one_line_and_exit_2(demo_workspace, status):
    def refuse(h):
        body = b"no\x1b[31m such\nservice"
        h.send_response(status)
        h.send_header("Content-Length", str(len(body)))
        h.end_headers()
        h.wfile.write(body)

    with scripted_server(refuse) as (base, seen):
        done = _publish(demo_workspace, f"{base}/store")
    assert done.exit_code == 2
    assert done.output.count("\n") == 1
    assert f"answered {status}" in done.output and "no such service" in done.output
    assert "\x1b" not in done.output
    assert seen[0]["method"] == "PUT" and seen[0]["headers"]["Content-Type"] == "application/n-triples"


def test_credentials_come_from_the_environment_only(demo_workspace):
    def accept(h):
        h.send_response(204)
        h.end_headers()

    with scripted_server(accept) as (base, seen):
        done = _publish(demo_workspace, f"{base}/store", env={"SKILLWEAVE_GRAPH_STORE_TOKEN": "s3cret"})
        assert done.exit_code == 0, done.output
        assert seen[-1]["headers"]["Authorization"] == "Bearer s3cret"
        assert "s3cret" not in done.output
        done = _publish(demo_workspace, f"{base}/store", env={"SKILLWEAVE_GRAPH_STORE_USER": "ann",
                                                               "SKILLWEAVE_GRAPH_STORE_PASSWORD": "pw"})
        assert done.exit_code == 0, done.output
        assert seen[-1]["headers"]["Authorization"] == "Basic YW5uOnB3"
    done = _publish(demo_workspace, "http://ann:pw@127.0.0.1:9/store")
    assert done.exit_code == 2 and "credentials" in done.output


def test_refused_credentials_say_which_variables_to_set(demo_workspace):
    def deny(h):
        h.send_response(401)
        h.send_header("Content-Length", "0")
        h.end_headers()

    with scripted_server(deny) as (base, _):
        done = _publish(demo_workspace, f"{base}/store")
    assert done.exit_code == 2
    assert "SKILLWEAVE_GRAPH_STORE_TOKEN" in done.output


def test_redirects_are_followed_only_to_the_same_server(demo_workspace):
    def redirect_then_accept(h):
        if h.path.startswith("/old"):
            h.send_response(308)
            h.send_header("Location", h.path.replace("/old", "/new", 1))
            h.send_header("Content-Length", "0")
            h.end_headers()
        else:
            h.send_response(204)
            h.end_headers()

    with scripted_server(redirect_then_accept) as (base, seen):
        done = _publish(demo_workspace, f"{base}/old/store")
        assert done.exit_code == 0, done.output
        assert [s["path"].split("?")[0] for s in seen] == ["/old/store", "/new/store"]
        assert seen[1]["method"] == "PUT" and seen[1]["body"] == seen[0]["body"]

    def elsewhere(h):
        h.send_response(307)
        h.send_header("Location", "http://127.0.0.2:9/steal")
        h.send_header("Content-Length", "0")
        h.end_headers()

    with scripted_server(elsewhere) as (base, seen):
        done = _publish(demo_workspace, f"{base}/store")
    assert done.exit_code == 2 and "redirected to another server" in done.output
    assert len(seen) == 1

    def loop(h):
        h.send_response(302)
        h.send_header("Location", "/again")
        h.send_header("Content-Length", "0")
        h.end_headers()

    with scripted_server(loop) as (base, seen):
        done = _publish(demo_workspace, f"{base}/store")
    assert done.exit_code == 2 and "more than 5 times" in done.output
    assert len(seen) == net.MAX_REDIRECTS + 1


def test_a_trickling_server_is_cut_off_at_the_deadline():
    def trickle(h):
        h.send_response(200)
        h.send_header("Content-Length", "1000")
        h.end_headers()
        for _ in range(25):  # 5 s at most, then the answer ends short
            h.wfile.write(b"x")
            h.wfile.flush()
            time.sleep(0.2)

    with scripted_server(trickle) as (base, _):
        with pytest.raises(net.HttpError, match="did not answer within 1 s"):
            net.request("GET", f"{base}/x", timeout=1)


def test_an_oversized_answer_is_refused():
    size = 3 * 1024 * 1024

    def flood(h):
        h.send_response(200)
        h.send_header("Content-Length", str(size))
        h.end_headers()
        h.wfile.write(b"x" * size)

    with scripted_server(flood) as (base, _):
        with pytest.raises(net.HttpError, match="more than 1 MB"):
            net.request("GET", f"{base}/x", max_bytes=1024 * 1024)
        assert len(net.request("GET", f"{base}/x", max_bytes=4 * 1024 * 1024).body) == size


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://example.org/", "http://", "gopher://x"])
def test_only_http_urls(url):
    with pytest.raises(net.HttpError, match="not an http"):
        net.request("GET", url)


@pytest.mark.parametrize("url,says", [("http://[::1", "Invalid IPv6 URL"), ("http://a b/", "holds a space"),
                                      ("http://a\x01b/", "control character"),
                                      ("http://127.0.0.1:9/sp\u00e4rql", "percent-encoded (%C3%A4")])
def test_a_malformed_url_is_one_line_exit_2(demo_workspace, url, says):
    with pytest.raises(net.HttpError, match="not a valid URL"):
        net.check_url(url)
    for args in (["publish", str(demo_workspace), "--graph-store", url],
                 ["check", str(demo_workspace), "--vocabulary", url],
                 ["vocab", "show", "--vocabulary", url, "http://data.europa.eu/esco/skill/x"]):
        done = CliRunner().invoke(cli, args)
        assert done.exit_code == 2, (args, done.output)
        assert "not a valid URL" in done.output and says in done.output and done.output.count("\n") == 1


def test_bad_graph_iri_is_refused_before_reading_the_workspace(tmp_path):
    done = CliRunner().invoke(cli, ["publish", str(tmp_path / "nowhere"), "--graph-store",
                                    "http://127.0.0.1:9/store", "--graph", "not an iri"])
    assert done.exit_code == 2 and "absolute IRI" in done.output
