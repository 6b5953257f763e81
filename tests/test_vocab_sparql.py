"""``--vocabulary URL``: a real SPARQL server (the ``oxigraph`` package's server) on loopback,
started and stopped here, loaded with the demo vocabulary, gives the same ``check`` as the files."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner

from skillweave.cli.main import cli
from skillweave.vocab.sparql import SparqlEndpoint, SparqlError, SparqlVocabulary

from .conftest import REPO
from .servers import free_port, oxigraph_binary, oxigraph_server, scripted_server

DEMO_VOCABULARY = REPO / "ontologies" / "esco-subset.ttl"


@pytest.fixture(scope="module")
def endpoint(tmp_path_factory):
    """The URL of a read-only Oxigraph server holding ontologies/esco-subset.ttl."""
    location = tmp_path_factory.mktemp("oxigraph") / "db"
    subprocess.run([oxigraph_binary(), "load", "--location", str(location), "--file", str(DEMO_VOCABULARY)],
                   check=True, capture_output=True)
    with oxigraph_server(location, read_only=True) as base:
        yield f"{base}/query"


def _check_json(workspace: Path, *extra: str) -> dict:
    result = CliRunner().invoke(cli, ["check", str(workspace), "--format", "json", *extra])
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.output)


def test_check_gives_the_same_result(endpoint, demo_workspace):
    with_files = _check_json(demo_workspace)
    with_endpoint = _check_json(demo_workspace, "--vocabulary", endpoint)
    assert with_endpoint == with_files
    assert with_files["diagnostics"] == []


def _break(workspace: Path) -> None:
    unit = workspace / "curricula" / "units" / "commissioning-maintenance.yaml"
    text = unit.read_text()
    good = ("      - http://data.europa.eu/esco/skill/9cf2856d-0375-4ec3-a51f-7f9c82119859\n"
            "      - http://data.europa.eu/esco/skill/79aa4ec0-399d-432e-aae8-7a390ce89bcc\n"
            "      - http://data.europa.eu/esco/skill/386774ac-fe5b-431a-b485-9aec0bf5c09e\n")
    assert good in text
    text = text.replace(good, "      - install heat pmup\n"  # unknown: "did you mean"
                              "      - http://data.europa.eu/esco/skill/9cf2856d-0375-4ec3-a51f-7f9c8211985\n"
                              "      - Hydraulics\n"  # the label of two skills
                              "      - solar energy technician\n"  # an occupation
                              "      - Building and related electricians\n"  # an ISCO group
                              "      - INSTALL HEAT PUMP\n")
    unit.write_text(text)


def test_check_with_errors_gives_the_same_result(endpoint, demo_workspace):
    _break(demo_workspace)
    with_files = _check_json(demo_workspace)
    with_endpoint = _check_json(demo_workspace, "--vocabulary", endpoint)
    assert with_endpoint == with_files
    codes = [d["code"] for d in with_files["diagnostics"]]
    assert codes == ["SW203", "SW203", "SW204", "SW205", "SW205"]
    assert "did you mean 'install heat pump'" in with_files["diagnostics"][0]["message"]


def test_references_are_fetched_in_batches(endpoint):
    from skillweave.diagnostics import DiagnosticSink
    from skillweave.vocab.sources import open_vocabulary

    local = open_vocabulary(None, DiagnosticSink(), str(DEMO_VOCABULARY))
    skills = sorted(u for u in local.all_uris() if local.concept(u).kind == "skill")
    labels = ["install heat pump", "Hydraulics", "no such skill"]
    vocab = SparqlVocabulary(SparqlEndpoint(endpoint))
    vocab.prefetch(skills + labels)
    sent = vocab.endpoint.requests
    assert sent <= 6  # 182 URIs in 2 batches, the labels in 1, their concepts in 1
    for ref in skills + labels:
        assert vocab.resolve(ref, "skill") == local.resolve(ref, "skill"), ref
    # everything came from the batches, but for one query for every label: the near misses of
    # "no such skill" ("did you mean")
    assert vocab.endpoint.requests == sent + 1
    vocab.resolve("no such skill either", "skill")
    assert vocab.endpoint.requests == sent + 2  # its label; the suggestions' labels are kept
    for uri in skills[:20]:
        assert vocab.concept(uri) == local.concept(uri)
        assert vocab.concept(uri).pref_labels == local.concept(uri).pref_labels
        assert vocab.occupations_needing(uri) == local.occupations_needing(uri)
    occupation = "http://data.europa.eu/esco/occupation/75b63949-1b93-4bf2-a777-ccf978dc3e8a"
    assert vocab.essential_skills(occupation) == local.essential_skills(occupation)
    assert vocab.optional_skills(occupation) == local.optional_skills(occupation)


def test_vocab_commands_over_the_endpoint(endpoint, tmp_path):
    out = tmp_path / "subset.ttl"
    result = CliRunner().invoke(cli, [
        "vocab", "extract", "--occupation", "solar energy technician",
        "--occupation", "http://data.europa.eu/esco/occupation/8234eee9-1647-460d-8d62-7fe02cb884b0",
        "-o", str(out), "--vocabulary", endpoint])
    assert result.exit_code == 0, result.output
    assert out.read_bytes() == DEMO_VOCABULARY.read_bytes()
    result = CliRunner().invoke(cli, ["vocab", "search", "heat pump", "--vocabulary", endpoint, "--format", "json"])
    local = CliRunner().invoke(cli, ["vocab", "search", "heat pump", "--vocabulary", str(DEMO_VOCABULARY),
                                     "--format", "json"])
    assert json.loads(result.output) == json.loads(local.output) != []
    result = CliRunner().invoke(cli, ["vocab", "show", "install heat pump", "--vocabulary", endpoint])
    local = CliRunner().invoke(cli, ["vocab", "show", "install heat pump", "--vocabulary", str(DEMO_VOCABULARY)])
    assert result.exit_code == 0 and result.output == local.output


def test_an_endpoint_that_does_not_answer(demo_workspace):
    url = f"http://127.0.0.1:{free_port()}/query"
    result = CliRunner().invoke(cli, ["check", str(demo_workspace), "--vocabulary", url])
    assert result.exit_code == 2
    assert f"the SPARQL endpoint {url}: cannot reach http://127.0.0.1:" in result.output
    assert result.output.count("\n") == 1


def test_a_url_that_is_not_an_endpoint(endpoint, demo_workspace):
    url = endpoint.rsplit("/", 1)[0] + "/nothing-here"
    result = CliRunner().invoke(cli, ["check", str(demo_workspace), "--vocabulary", url])
    assert result.exit_code == 2 and "SPARQL endpoint" in result.output


def test_the_server_answers_plain_http(endpoint):
    """The fixture's server speaks the SPARQL protocol (a GET with the query in the URL)."""
    query = urllib.request.quote("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    request = urllib.request.Request(f"{endpoint}?query={query}", headers={"Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        assert int(json.load(response)["results"]["bindings"][0]["n"]["value"]) == 1621


def test_show_fetches_in_batches(endpoint):
    from skillweave.vocab.concepts import concept_view
    from skillweave.diagnostics import DiagnosticSink
    from skillweave.vocab.sources import open_vocabulary

    occupation = "http://data.europa.eu/esco/occupation/75b63949-1b93-4bf2-a777-ccf978dc3e8a"
    vocab = SparqlVocabulary(SparqlEndpoint(endpoint))
    view = concept_view(vocab, occupation, "en")
    assert vocab.endpoint.requests <= 4  # the occupation, its relations, its skills (one batch)
    local = open_vocabulary(None, DiagnosticSink(), str(DEMO_VOCABULARY))
    assert view == concept_view(local, occupation, "en")
    assert sum(len(v) for v in view["essential_skills"].values()) == len(local.essential_skills(occupation))


def _answer(status: int, body: bytes, headers: dict | None = None):
    def handle(h):
        h.send_response(status)
        for k, v in (headers or {}).items():
            h.send_header(k, v)
        h.send_header("Content-Length", str(len(body)))
        h.end_headers()
        h.wfile.write(body)

    return handle


@pytest.mark.parametrize("body", [
    b"<html>not json</html>",
    b'{"results": {"bindings": [{"s": {"type": "uri"}}]}}',
    b'{"results": {"bindings": [{"s": {"type": "evil", "value": "x"}}]}}',
    b'{"results": {"bindings": {"s": 1}}}',
    b'{"results": [1, 2]}',
    b"[" * 100000 + b"]" * 100000,
    b"\xff\xfe\x00garbage",
])
def test_malformed_results_are_one_line_errors(demo_workspace, body):
    with scripted_server(_answer(200, body, {"Content-Type": "application/sparql-results+json"})) as (base, _):
        with pytest.raises(SparqlError):
            SparqlEndpoint(f"{base}/query").select("SELECT * WHERE { ?s ?p ?o }")
        result = CliRunner().invoke(cli, ["check", str(demo_workspace), "--vocabulary", f"{base}/query"])
    assert result.exit_code == 2, result.output
    assert result.output.count("\n") == 1 and "Traceback" not in result.output


def test_an_oversized_answer_is_refused_before_it_is_read_whole():
    bindings = b",".join([b'{"s": {"type": "uri", "value": "http://example.org/x"}}'] * 50000)
    body = b'{"results": {"bindings": [' + bindings + b"]}}"
    with scripted_server(_answer(200, body)) as (base, _):
        with pytest.raises(SparqlError, match="more than 1 MB"):
            SparqlEndpoint(f"{base}/query", max_bytes=1024 * 1024).select("SELECT * WHERE { ?s ?p ?o }")
        assert len(SparqlEndpoint(f"{base}/query").select("SELECT * WHERE { ?s ?p ?o }")) == 50000


def test_a_trickling_endpoint_is_cut_off_at_the_deadline():
    def trickle(h):
        h.send_response(200)
        h.send_header("Content-Length", "100")
        h.end_headers()
        for _ in range(25):  # 5 s at most
            h.wfile.write(b" ")
            h.wfile.flush()
            time.sleep(0.2)

    with scripted_server(trickle) as (base, _):
        with pytest.raises(SparqlError, match="did not answer within 1 s"):
            SparqlEndpoint(f"{base}/query", timeout=1).select("SELECT * WHERE { ?s ?p ?o }")


def test_a_redirect_to_another_server_is_not_followed():
    with scripted_server(_answer(302, b"", {"Location": "http://127.0.0.2:9/query"})) as (base, seen):
        with pytest.raises(SparqlError, match="redirected to another server"):
            SparqlEndpoint(f"{base}/query").select("SELECT * WHERE { ?s ?p ?o }")
    assert len(seen) == 1
