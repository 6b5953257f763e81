"""Hostile files: links out of the workspace, learner data where a header should be, XML that
hides a DOCTYPE in another encoding. Each attack is reproduced and the safe outcome asserted."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from skillweave.cli.main import cli
from skillweave.load import xmlsafe
from skillweave.pipeline import PARSED

from .conftest import REPO

SECRET = "TOP-SECRET-VALUE-4711"


def _check(ws: Path, *extra: str) -> tuple[int, dict]:
    done = CliRunner().invoke(cli, ["check", str(ws), "--format", "json", *extra])
    return done.exit_code, json.loads(done.output)


def _codes_at(report: dict, file: str) -> list[tuple[int, int, str]]:
    return [(d["line"], d["column"], d["code"]) for d in report["diagnostics"] if d["file"] == file]


@pytest.mark.parametrize("rel", [
    "quality/tracking.csv",
    "learners/results.csv",
    "curricula/units/pv-installation.yaml",
    "curricula/alliance.yaml",
    "ontologies/esco-subset.ttl",
])
def test_a_link_out_of_the_workspace_is_refused_and_quoted_nowhere(demo_workspace, tmp_path, rel):
    outside = tmp_path / "outside" / Path(rel).name
    outside.parent.mkdir()
    original = (demo_workspace / rel).read_text(encoding="utf-8")
    outside.write_text(f"# {SECRET}\n{SECRET},{SECRET}\n" + original, encoding="utf-8")
    (demo_workspace / rel).unlink()
    (demo_workspace / rel).symlink_to(outside)
    done = CliRunner().invoke(cli, ["check", str(demo_workspace)])
    assert SECRET not in done.output
    code, report = _check(demo_workspace)
    assert code == 1
    assert _codes_at(report, rel) == [(1, 1, "SW110")]
    assert SECRET not in json.dumps(report)


def test_a_link_to_the_process_environment_is_refused(demo_workspace, monkeypatch):
    monkeypatch.setenv("SKILLWEAVE_TEST_TOKEN", SECRET)
    target = demo_workspace / "quality" / "tracking.csv"
    target.unlink()
    target.symlink_to("/proc/self/environ")
    for fmt in ("text", "json", "github"):
        done = CliRunner().invoke(cli, ["check", str(demo_workspace), "--format", fmt])
        assert done.exit_code == 1
        assert SECRET not in done.output and "PATH=" not in done.output
    assert _codes_at(_check(demo_workspace)[1], "quality/tracking.csv") == [(1, 1, "SW110")]


def test_a_link_inside_the_workspace_is_read(demo_workspace):
    unit = demo_workspace / "curricula" / "units" / "pv-installation.yaml"
    moved = demo_workspace / "shared-units" / "pv-installation.yaml"
    moved.parent.mkdir()
    unit.rename(moved)
    unit.symlink_to(Path("..") / ".." / "shared-units" / "pv-installation.yaml")
    code, report = _check(demo_workspace)
    assert code == 0, report["diagnostics"]


def test_a_pipe_or_dangling_link_is_not_read(demo_workspace, tmp_path):
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)  # reading it would block for ever
    tracking = demo_workspace / "quality" / "tracking.csv"
    tracking.unlink()
    tracking.symlink_to(fifo)
    _, report = _check(demo_workspace)  # returns: the pipe is not opened
    assert _codes_at(report, "quality/tracking.csv") == [(1, 1, "SW110")]
    from skillweave.load.workspace import RefusedFile, read_inside

    inside = demo_workspace / "pipe"
    os.mkfifo(inside)
    with pytest.raises(RefusedFile, match="not a regular file"):
        read_inside(inside, demo_workspace)
    unit = demo_workspace / "curricula" / "units" / "pv-installation.yaml"
    unit.unlink()
    unit.symlink_to(unit)  # a link to itself
    assert (1, 1, "SW108") in _codes_at(_check(demo_workspace)[1], "curricula/units/pv-installation.yaml")


def test_learner_records_without_a_header_quote_no_learner_data(demo_workspace):
    learners = demo_workspace / "learners" / "learners.csv"
    lines = learners.read_text(encoding="utf-8").splitlines(keepends=True)
    data = lines[1:]
    learners.write_text("".join(data), encoding="utf-8")
    code, report = _check(demo_workspace)
    assert code == 1
    text = json.dumps(report)
    first = data[0].rstrip("\n").split(",")
    for value in first[1:]:  # names, e-mail address, date of birth (the learner id may be named)
        if len(value) > 2 and not value.isalpha() or len(value) > 4:
            assert value not in text, value
    assert (1, 1, "SW602") in _codes_at(report, "learners/learners.csv")


def test_an_unknown_column_is_quoted_only_when_it_looks_like_a_typo(demo_workspace):
    learners = demo_workspace / "learners" / "learners.csv"
    text = learners.read_text(encoding="utf-8")
    header, rest = text.split("\n", 1)
    learners.write_text(header.replace("email", "emial").replace("gender", "anna.secret@example.org") + "\n" + rest,
                        encoding="utf-8")
    _, report = _check(demo_workspace)
    messages = [d["message"] for d in report["diagnostics"] if d["code"] == "SW603"]
    assert any("'emial'; did you mean 'email'" in m for m in messages)
    assert not any("anna.secret" in m for m in messages)


_RDF = ('<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [\n  <!ENTITY secret SYSTEM "file://{secret}">\n]>\n'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
        'xmlns:skos="http://www.w3.org/2004/02/skos/core#">\n'
        '  <rdf:Description rdf:about="http://example.org/x"><skos:prefLabel>&secret;</skos:prefLabel>'
        '</rdf:Description>\n</rdf:RDF>\n')
_LAUGHS = ('<?xml version="1.0"?>\n<!DOCTYPE r [\n <!ENTITY a "aaaaaaaaaa">\n'
           + "".join(f' <!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">\n' for i in range(8))
           + ']>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
           'xmlns:skos="http://www.w3.org/2004/02/skos/core#"><rdf:Description rdf:about="http://example.org/x">'
           '<skos:prefLabel>&i;</skos:prefLabel></rdf:Description></rdf:RDF>\n')


def _encodings(text: str) -> dict[str, bytes]:
    bare = text.replace('<?xml version="1.0"?>\n', "")
    return {
        "utf-16le-no-bom": text.replace('version="1.0"', 'version="1.0" encoding="UTF-16"').encode("utf-16-le"),
        "utf-16be-no-bom": text.replace('version="1.0"', 'version="1.0" encoding="UTF-16"').encode("utf-16-be"),
        "utf-16le-no-declaration": bare.encode("utf-16-le"),
        "utf-16le-leading-newline": ("\n" + bare).encode("utf-16-le"),
        "utf-16-bom": text.encode("utf-16"),
        "utf-32le": text.encode("utf-32-le"),
        "utf-32-bom": text.encode("utf-32"),
        "utf-8-bom": b"\xef\xbb\xbf" + text.encode("utf-8"),
        "utf-8-lowercase": text.replace("<!DOCTYPE", "<!doctype").encode("utf-8"),
    }


@pytest.mark.parametrize("name", list(_encodings(_RDF)))
@pytest.mark.parametrize("attack", ["xxe", "laughs"])
def test_a_doctype_is_refused_in_every_encoding(tmp_path, name, attack):
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET)
    raw = _encodings(_RDF.format(secret=secret) if attack == "xxe" else _LAUGHS)[name]
    with pytest.raises(xmlsafe.XmlProblem, match="refuses DTDs"):
        xmlsafe.parse(raw)
    src = tmp_path / "hostile.rdf"
    src.write_bytes(raw)
    ws = tmp_path / "ws"
    done = CliRunner().invoke(cli, ["import", "elm", str(src), "-o", str(ws)])
    assert done.exit_code == 1 and "refuses DTDs" in done.output
    assert re.match(rf"{re.escape(str(src))}:\d+:\d+: error SW109 ", done.output), done.output
    assert SECRET not in done.output and not ws.exists()
    done = CliRunner().invoke(cli, ["import", "loq-xml", str(src), "-o", str(ws)])
    assert done.exit_code == 1 and "refuses DTDs" in done.output
    assert re.match(rf"{re.escape(str(src))}:\d+:\d+: error SW112 ", done.output), done.output
    assert SECRET not in done.output and not ws.exists()


def test_a_doctype_in_the_ontologies_is_refused_in_utf16_without_bom(demo_workspace, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET)
    raw = _encodings(_RDF.format(secret=secret))["utf-16le-no-bom"]
    (demo_workspace / "ontologies" / "hostile.rdf").write_bytes(raw)
    code, report = _check(demo_workspace)
    assert code == 1
    assert [c for _, _, c in _codes_at(report, "ontologies/hostile.rdf")] == ["SW109"]
    assert SECRET not in json.dumps(report)


def test_deeply_nested_rdfxml_is_refused_quickly(demo_workspace):
    depth = 5000
    body = "".join(f'<rdf:Description rdf:about="http://example.org/{i}"><skos:related>' for i in range(depth))
    body += "".join("</skos:related></rdf:Description>" for _ in range(depth))
    raw = ('<?xml version="1.0"?>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
           f'xmlns:skos="http://www.w3.org/2004/02/skos/core#">{body}</rdf:RDF>\n').encode()
    with pytest.raises(xmlsafe.XmlProblem, match="not well-formed"):
        xmlsafe.parse(raw)
    (demo_workspace / "ontologies" / "deep.rdf").write_bytes(raw)
    code, report = _check(demo_workspace)
    assert code == 1
    assert [c for _, _, c in _codes_at(report, "ontologies/deep.rdf")] == ["SW109"]


def test_ordinary_xml_passes(tmp_path):
    root = xmlsafe.parse('<?xml version="1.0" encoding="UTF-16"?><a><b>ü</b></a>'.encode("utf-16"))
    assert root.find("b").text == "ü"
    assert xmlsafe.find_declaration(b"<a><!-- no doctype here --></a>") is None


# --- writing: failures are one line and exit 2; import does not overwrite edited files -------------

def _one_line_exit_2(done) -> None:
    assert done.exit_code == 2, done.output
    assert "Traceback" not in done.output
    assert done.output.count("\n") == 1 and done.output.startswith("skillweave: error:"), done.output


@pytest.mark.parametrize("command", [
    ["export", "elm-turtle"], ["export", "loq-xml"], ["coverage", "--format", "json"],
    ["map", "--format", "csv"], ["path", "--format", "json"], ["quality", "--format", "xml"],
])
def test_output_naming_a_folder_is_one_line_exit_2(demo_workspace, tmp_path, command):
    folder = tmp_path / "a-folder"
    folder.mkdir()
    _one_line_exit_2(CliRunner().invoke(cli, [*command[:1], *command[1:2], str(demo_workspace), *command[2:],
                                              "-o", str(folder)] if command[0] == "export" else
                                        [command[0], str(demo_workspace), *command[1:], "-o", str(folder)]))
    assert list(folder.iterdir()) == []


@pytest.mark.parametrize("below", ["x.json", "sub/x.json"])
def test_output_below_a_file_says_which_is_a_file(demo_workspace, tmp_path, below):
    (tmp_path / "afile").write_text("mine\n")
    done = CliRunner().invoke(cli, ["coverage", str(demo_workspace), "--format", "json", "-o",
                                    str(tmp_path / "afile" / below)])
    _one_line_exit_2(done)
    assert done.output.endswith(f"{tmp_path / 'afile'} is a file, not a folder\n")
    assert (tmp_path / "afile").read_text() == "mine\n"


def test_exports_being_a_file_is_one_line_exit_2(demo_workspace):
    (demo_workspace / "exports").write_text("not a folder\n")
    _one_line_exit_2(CliRunner().invoke(cli, ["build", str(demo_workspace)]))
    assert (demo_workspace / "exports").read_text() == "not a folder\n"


def test_a_read_only_file_system_is_one_line_exit_2(demo_workspace, tmp_path, monkeypatch):
    import errno
    import tempfile

    def read_only(*args, **kwargs):
        raise OSError(errno.EROFS, "Read-only file system", kwargs.get("dir"))

    monkeypatch.setattr(tempfile, "mkstemp", read_only)
    done = CliRunner().invoke(cli, ["export", "elm-turtle", str(demo_workspace), "-o", str(tmp_path / "elm.ttl")])
    _one_line_exit_2(done)
    assert "Read-only file system" in done.output and not (tmp_path / "elm.ttl").exists()


def test_a_read_only_exports_folder_names_the_folder_not_a_temporary_file(demo_workspace, monkeypatch):
    import errno
    import tempfile

    def read_only(*args, **kwargs):  # as the operating system reports it: the file that could not be made
        raise OSError(errno.EROFS, "Read-only file system", os.path.join(kwargs["dir"], ".elm.ttl.k3j9x2ab.tmp"))

    monkeypatch.setattr(tempfile, "mkstemp", read_only)
    done = CliRunner().invoke(cli, ["build", str(demo_workspace)])
    _one_line_exit_2(done)
    assert re.search(r"error: cannot write in \S*exports\S*: Read-only file system\n$", done.output), done.output
    assert ".tmp" not in done.output


def test_os_error_messages_name_the_file_or_the_folder_of_a_temporary_one():
    import errno

    from skillweave.cli.main import os_error_message

    assert os_error_message(OSError(errno.EROFS, "Read-only file system", "/w/exports/..skillweave-pending.dw9pt5tv.tmp")) \
        == "cannot write in /w/exports: Read-only file system"
    assert os_error_message(OSError(errno.ENOSPC, "No space left on device", "/w/exports/elm.ttl")) \
        == "/w/exports/elm.ttl: No space left on device"
    assert os_error_message(OSError(errno.EIO, "Input/output error")) == "Input/output error"


def test_a_full_disk_is_one_line_exit_2(demo_workspace, monkeypatch):
    import errno

    from skillweave import files

    real = os.fdopen

    def full(fd, *args, **kwargs):
        f = real(fd, *args, **kwargs)

        class Full:
            def __enter__(self):
                return self

            def __exit__(self, *exc):
                f.close()
                return False

            def write(self, data):
                raise OSError(errno.ENOSPC, "No space left on device")

            def flush(self):
                pass

            def fileno(self):
                return f.fileno()

        return Full()

    monkeypatch.setattr(files.os, "fdopen", full)
    done = CliRunner().invoke(cli, ["build", str(demo_workspace)])
    _one_line_exit_2(done)
    assert "No space left on device" in done.output
    leftovers = [p for p in (demo_workspace / "exports").rglob("*.tmp")] if (demo_workspace / "exports").exists() else []
    assert leftovers == []


def test_import_does_not_overwrite_an_edited_unit_without_force(demo_workspace, tmp_path):
    elm = tmp_path / "elm.ttl"
    assert CliRunner().invoke(cli, ["export", "elm-turtle", str(demo_workspace), "-o", str(elm)]).exit_code == 0
    unit = demo_workspace / "curricula" / "units" / "pv-installation.yaml"
    before = {p: p.read_bytes() for p in (demo_workspace / "curricula").rglob("*.yaml")}
    done = CliRunner().invoke(cli, ["import", "elm", str(elm), "-o", str(demo_workspace)])
    assert done.exit_code == 2
    assert "nothing was written (give --force to replace them)" in done.output
    listed = [line.strip() for line in done.output.splitlines()[1:]]
    assert any(line.startswith(f"{unit}: ") and "line(s) would be replaced by" in line for line in listed), listed
    assert {p: p.read_bytes() for p in (demo_workspace / "curricula").rglob("*.yaml")} == before
    done = CliRunner().invoke(cli, ["import", "elm", str(elm), "-o", str(demo_workspace), "--force"])
    assert done.exit_code == 0, done.output
    assert unit.read_bytes() != before[unit]
    # importing the same file again finds every file as imported: nothing to replace, nothing written
    again = CliRunner().invoke(cli, ["import", "elm", str(elm), "-o", str(demo_workspace)])
    assert again.exit_code == 0, again.output
    assert "wrote" not in again.output


def test_diagnostics_cannot_forge_lines_or_workflow_commands(demo_workspace):
    unit = demo_workspace / "curricula" / "units" / "pv-installation.yaml"
    text = unit.read_text(encoding="utf-8")
    forged = "mount photovoltaic panels\\n::error file=README.md,line=1::forged\\r\\x1b[2Jgone\\u202egnp.exe"
    unit.write_text(text.replace("      - mount photovoltaic panels", f'      - "{forged}"', 1), encoding="utf-8")
    for fmt in ("text", "github"):
        done = CliRunner().invoke(cli, ["check", str(demo_workspace), "--format", fmt])
        assert done.exit_code == 1
        lines = done.output.splitlines()
        assert not any(line.startswith("::error file=README.md") for line in lines)
        assert "\x1b" not in done.output and "\r" not in done.output and "\u202e" not in done.output
        ours = [line for line in lines if "pv-installation.yaml" in line and "SW203" in line]
        assert len(ours) == 1 and "\\x0a::error file=README.md" in ours[0], ours


def test_control_characters_in_vocabulary_labels_never_reach_the_outputs(demo_workspace):
    """Labels come from RDF files, without positions: they lose such characters when read, and
    every export of the build stays well-formed."""
    from lxml import etree

    vocabulary = demo_workspace / "ontologies" / "esco-subset.ttl"
    text = vocabulary.read_text(encoding="utf-8")
    assert '"mount photovoltaic panels"@en' in text
    vocabulary.write_text(text.replace('"mount photovoltaic panels"@en',
                                       '"=mount \\u0001photovoltaic\\u001B[2J panels\\uFFFE"@en'), encoding="utf-8")
    unit = demo_workspace / "curricula" / "units" / "pv-installation.yaml"
    unit.write_text(unit.read_text(encoding="utf-8").replace(
        "- mount photovoltaic panels", "- http://data.europa.eu/esco/skill/08a5f6dd-d3dd-4371-9919-6d730f34499c"),
        encoding="utf-8")
    done = CliRunner().invoke(cli, ["build", str(demo_workspace)])
    assert done.exit_code == 0, done.output
    exports = demo_workspace / "exports"
    checked = 0
    for path in sorted(exports.rglob("*")):
        if not path.is_file() or path.name == PARSED:  # the build's own parse cache: binary MessagePack
            continue
        data = path.read_bytes()
        assert not any(b in data for b in (b"\x01", b"\x1b", "\ufffe".encode())), path
        if path.suffix in (".xml", ".rdf", ".graphml"):
            etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True))
            checked += 1
        elif path.suffix in (".json", ".jsonld"):
            json.loads(data)
            checked += 1
    assert checked >= 6
    assert "=mount photovoltaic[2J panels" in (exports / "elm.ttl").read_text(encoding="utf-8")


def test_a_control_character_in_a_quoted_title_is_a_diagnostic_and_build_writes_nothing(demo_workspace):
    unit = demo_workspace / "curricula" / "units" / "pv-installation.yaml"
    text = unit.read_text(encoding="utf-8")
    unit.write_text(text.replace("en: Installing photovoltaic systems", 'en: "Installing\\x01 photovoltaic systems"', 1),
                    encoding="utf-8")
    code, report = _check(demo_workspace)
    assert code == 1 and [c for _, _, c in _codes_at(report, "curricula/units/pv-installation.yaml")] == ["SW111"]
    done = CliRunner().invoke(cli, ["build", str(demo_workspace)])
    assert done.exit_code == 1 and not (demo_workspace / "exports").exists()


_FORMULA = ("=", "+", "-", "@", "\t", "\r")


@pytest.mark.parametrize("fmt,name", [("moodle-csv", "m.csv"), ("coverage-csv", "c.csv"), ("map-csv", "p.csv")])
def test_no_csv_cell_is_a_formula(demo_workspace, tmp_path, fmt, name):
    import csv

    unit = demo_workspace / "curricula" / "units" / "pv-installation.yaml"
    unit.write_text(unit.read_text(encoding="utf-8").replace(
        "en: Installing photovoltaic systems", "en: '=HYPERLINK(\"http://evil.example\",\"click\")'", 1).replace(
        "- mount photovoltaic panels", "- http://data.europa.eu/esco/skill/08a5f6dd-d3dd-4371-9919-6d730f34499c"),
        encoding="utf-8")
    vocabulary = demo_workspace / "ontologies" / "esco-subset.ttl"
    vocabulary.write_text(vocabulary.read_text(encoding="utf-8").replace(
        '"mount photovoltaic panels"@en', '"@SUM(1+1)*cmd|\' /C calc\'!A0"@en'), encoding="utf-8")
    out = tmp_path / name
    done = CliRunner().invoke(cli, ["export", fmt, str(demo_workspace), "-o", str(out)])
    assert done.exit_code == 0, done.output
    rows = list(csv.reader(out.read_text(encoding="utf-8").splitlines()))
    cells = [c for row in rows for c in row]
    for c in cells:
        assert not c.startswith(_FORMULA) or c.lstrip("+-").replace(".", "", 1).isdigit(), c
    if fmt != "map-csv":
        assert any(c.startswith("'=HYPERLINK") or c.startswith("'@SUM") for c in cells)


def test_the_workspace_is_found_from_a_folder_inside_it(demo_workspace, monkeypatch):
    unit = demo_workspace / "curricula" / "units" / "pv-installation.yaml"
    unit.write_text(unit.read_text(encoding="utf-8").replace("ecvet_points: 12", "ecvet_points: 1e308", 1),
                    encoding="utf-8")
    monkeypatch.chdir(demo_workspace / "curricula" / "units")
    done = CliRunner().invoke(cli, ["check"])
    assert done.exit_code == 1
    assert done.output.startswith("pv-installation.yaml:") and "SW102" in done.output, done.output
    assert "SW001" not in done.output
    monkeypatch.chdir(demo_workspace / "curricula")
    code, report = _check(Path("."))
    assert [(d["file"], d["code"]) for d in report["diagnostics"]] == [("curricula/units/pv-installation.yaml",
                                                                       "SW102")]


@pytest.mark.parametrize("value", ["1e308", ".inf", "-.inf", ".nan", "1e400", "100000000000000000000000"])
def test_numbers_are_finite_and_bounded(demo_workspace, value):
    unit = demo_workspace / "curricula" / "units" / "pv-installation.yaml"
    text = unit.read_text(encoding="utf-8")
    unit.write_text(text.replace("ecvet_points: 12", f"ecvet_points: {value}", 1).replace(
        "school: 110", f"school: {value}", 1), encoding="utf-8")
    code, report = _check(demo_workspace)
    assert code == 1
    assert sorted(c for _, _, c in _codes_at(report, "curricula/units/pv-installation.yaml")) == ["SW102", "SW102"]


@pytest.mark.parametrize("content", ["[1, 2, {\"a\": 3}]", "{\"x\": 1}", "[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]",
                                     "not json", "[" * 100000 + "]" * 100000])
def test_a_damaged_build_manifest_is_survived(demo_workspace, content):
    assert CliRunner().invoke(cli, ["build", str(demo_workspace)]).exit_code == 0
    manifest = demo_workspace / "exports" / ".skillweave-manifest"
    manifest.write_text(content)
    done = CliRunner().invoke(cli, ["build", str(demo_workspace)])
    assert done.exit_code == 0, done.output
    assert json.loads(manifest.read_text())[0]


def test_deeply_nested_jsonld_is_refused(demo_workspace, tmp_path):
    deep = "[" * 100000 + "]" * 100000
    (demo_workspace / "ontologies" / "deep.jsonld").write_text(deep)
    code, report = _check(demo_workspace)
    assert code == 1 and [c for _, _, c in _codes_at(report, "ontologies/deep.jsonld")] == ["SW109"]
    src = tmp_path / "deep.jsonld"
    src.write_text(deep)
    done = CliRunner().invoke(cli, ["import", "elm", str(src), "-o", str(tmp_path / "ws")])
    assert done.exit_code == 1 and "Traceback" not in done.output


@pytest.mark.parametrize("damage", ["marker-list", "marker-deep", "snapshot-garbage", "snapshot-wrong-shape"])
def test_a_damaged_vocabulary_store_is_one_line_exit_2(demo_workspace, tmp_path, damage):
    import pickle

    store = tmp_path / "store"
    done = CliRunner().invoke(cli, ["vocab", "import", str(demo_workspace / "ontologies" / "esco-subset.ttl"),
                                    "--store", str(store)])
    assert done.exit_code == 0, done.output
    from skillweave.vocab.store import SNAPSHOT_FILE, STORE_FILE

    if damage == "marker-list":
        (store / STORE_FILE).write_text("[1, 2]")
    elif damage == "marker-deep":
        (store / STORE_FILE).write_text("[" * 100000 + "]" * 100000)
    elif damage == "snapshot-garbage":
        (store / SNAPSHOT_FILE).write_bytes(b"\x80\x04garbage")
    else:
        (store / SNAPSHOT_FILE).write_bytes(pickle.dumps({"nothing": [1, 2, 3]}))
    done = CliRunner().invoke(cli, ["check", str(demo_workspace), "--vocabulary", str(store)])
    _one_line_exit_2(done)


@pytest.mark.parametrize("reserved", ["aux", "nul", "con", "prn", "com1", "lpt9"])
def test_windows_device_names_are_not_ids(demo_workspace, reserved):
    unit = demo_workspace / "curricula" / "units" / "pv-installation.yaml"
    unit.write_text(unit.read_text(encoding="utf-8").replace("id: pv-installation\n", f"id: {reserved}\n", 1),
                    encoding="utf-8")
    code, report = _check(demo_workspace)
    assert code == 1
    found = [(d["line"], d["column"], d["code"], d["message"]) for d in report["diagnostics"]
             if d["file"] == "curricula/units/pv-installation.yaml"]
    assert found[0][:3] == (1, 5, "SW105") and "device name on Windows" in found[0][3]
    from skillweave.formats.json_schema import SCHEMAS, build

    import jsonschema

    unit_schema = build(next(s for s in SCHEMAS if s.name == "unit"))
    errors = list(jsonschema.Draft7Validator(unit_schema).iter_errors(yaml.safe_load(unit.read_text())))
    assert any(list(e.absolute_path) == ["id"] for e in errors)


def test_two_programmes_with_the_same_title_build(demo_workspace):
    programmes = demo_workspace / "curricula" / "programmes"
    original = programmes / "solar-heat-installer.yaml"
    twin = programmes / "solar-heat-installer-2.yaml"
    twin.write_text(original.read_text(encoding="utf-8").replace("id: solar-heat-installer\n",
                                                                 "id: solar-heat-installer-2\n", 1), encoding="utf-8")
    done = CliRunner().invoke(cli, ["build", str(demo_workspace)])
    assert done.exit_code in (0, 1) and (done.exception is None or isinstance(done.exception, SystemExit)), \
        done.output
    if done.exit_code == 0:
        html = CliRunner().invoke(cli, ["quality", str(demo_workspace), "--format", "html"])
        assert html.exit_code == 0 and html.exception is None, html.output


def test_check_reports_everything_at_once_in_a_unit_with_type_errors(demo_workspace):
    """A unit with wrong values is not dropped: the rest of it is checked in the same run."""
    unit = demo_workspace / "curricula" / "units" / "pv-installation.yaml"
    text = unit.read_text(encoding="utf-8")
    text = text.replace("eqf_level: 4\n", "eqf_level: 9\n", 1).replace("ecvet_points: 12\n", "ecvet_points: four\n", 1)
    text = text.replace("prerequisites: [electrical-safety, site-materials, pv-design]",
                        "prerequisites: [electrical-safety, site-materails, pv-design]", 1)
    text = text.replace("  - id: pv-installation-2\n", "  - id: pv-installation-1\n", 1)
    unit.write_text(text, encoding="utf-8")
    code, report = _check(demo_workspace)
    assert code == 1
    got = [(c, line) for line, _, c in _codes_at(report, "curricula/units/pv-installation.yaml")]
    lines = text.split("\n")

    def line_of(fragment: str) -> int:
        return next(i for i, line in enumerate(lines, 1) if fragment in line)

    assert sorted(got) == sorted([
        ("SW102", line_of("eqf_level: 9")),
        ("SW102", line_of("ecvet_points: four")),
        ("SW202", line_of("site-materails")),
        ("SW107", [i for i, line in enumerate(lines, 1) if "- id: pv-installation-1" in line][1]),
    ]), got
    # the programme's points and levels are not judged on stand-ins, and the unit is not "unknown"
    programme = [d["code"] for d in report["diagnostics"] if d["file"].startswith("curricula/programmes/")]
    assert "SW304" not in programme and "SW202" not in programme and "SW302" not in programme


def test_a_number_too_long_to_read_is_one_diagnostic(demo_workspace):
    unit = demo_workspace / "curricula" / "units" / "pv-installation.yaml"
    lines = unit.read_text(encoding="utf-8").splitlines(keepends=True)
    n = next(i for i, line in enumerate(lines) if line.startswith("ecvet_points: "))
    lines[n] = "ecvet_points: " + "1" * 4301 + "\n"
    unit.write_text("".join(lines), encoding="utf-8")
    code, report = _check(demo_workspace)
    assert code == 1
    assert _codes_at(report, "curricula/units/pv-installation.yaml") == [(n + 1, 15, "SW102")]
    done = CliRunner().invoke(cli, ["build", str(demo_workspace)])
    assert done.exit_code == 1 and "Traceback" not in done.output


def test_import_and_schema_through_a_link_out_of_the_folder_are_one_line_exit_2(demo_workspace, tmp_path):
    elm = tmp_path / "elm.ttl"
    assert CliRunner().invoke(cli, ["export", "elm-turtle", str(demo_workspace), "-o", str(elm)]).exit_code == 0
    outside = tmp_path / "outside"
    outside.mkdir()
    target = tmp_path / "new"
    (target / "curricula").mkdir(parents=True)
    (target / "curricula" / "units").symlink_to(outside)
    done = CliRunner().invoke(cli, ["import", "elm", str(elm), "-o", str(target)])
    assert done.exit_code == 2, done.output
    assert done.output.startswith("skillweave: error: refusing to write outside") and done.output.count("\n") == 1
    assert list(outside.iterdir()) == [] and not (target / "curricula" / "programmes").exists()

    schemas = tmp_path / "schemas"
    assert CliRunner().invoke(cli, ["schema", "-o", str(schemas)]).exit_code == 0
    (schemas / "alliance.schema.json").unlink()
    (schemas / "alliance.schema.json").symlink_to(outside / "x.json")
    done = CliRunner().invoke(cli, ["schema", "-o", str(schemas)])
    assert done.exit_code == 2 and "refusing to write outside" in done.output and done.output.count("\n") == 1
    assert list(outside.iterdir()) == []


# --- nothing replaces a user's file without --force (skillweave.written) ------------------------

def _unit_title(ws: Path, title: str) -> None:
    unit = ws / "curricula" / "units" / "pv-installation.yaml"
    text = unit.read_text(encoding="utf-8")
    new = re.sub(r"(?m)^(title:\n  en: ).*$", lambda m: m.group(1) + title, text, count=1)
    assert new != text
    unit.write_text(new, encoding="utf-8")


def test_an_export_replaces_its_own_file_but_not_a_users(demo_workspace, tmp_path):
    mine = tmp_path / "notes.ttl"
    mine.write_text("my own notes\n")
    for command in (["export", "elm-turtle", str(demo_workspace), "-o", str(mine)],
                    ["coverage", str(demo_workspace), "-o", str(mine)]):
        done = CliRunner().invoke(cli, command)
        _one_line_exit_2(done)
        assert f"{mine} exists and was not written by skillweave" in done.output and "--force" in done.output
        assert mine.read_text() == "my own notes\n"
    done = CliRunner().invoke(cli, ["export", "elm-turtle", str(demo_workspace), "-o", str(mine), "--force"])
    assert done.exit_code == 0 and mine.read_text().startswith("@prefix")

    out = tmp_path / "elm.ttl"
    assert CliRunner().invoke(cli, ["export", "elm-turtle", str(demo_workspace), "-o", str(out)]).exit_code == 0
    _unit_title(demo_workspace, "Installing solar panels")  # the next export differs: its own file is replaced
    assert CliRunner().invoke(cli, ["export", "elm-turtle", str(demo_workspace), "-o", str(out)]).exit_code == 0
    assert "Installing solar panels" in out.read_text(encoding="utf-8")
    out.write_text(out.read_text(encoding="utf-8") + "# checked by hand\n", encoding="utf-8")  # now it is the user's
    _unit_title(demo_workspace, "Installing PV panels")
    _one_line_exit_2(CliRunner().invoke(cli, ["export", "elm-turtle", str(demo_workspace), "-o", str(out)]))
    assert out.read_text(encoding="utf-8").endswith("# checked by hand\n")


def test_a_unit_file_is_never_an_export_target_without_force(demo_workspace):
    unit = demo_workspace / "curricula" / "units" / "pv-design.yaml"
    before = unit.read_bytes()
    _one_line_exit_2(CliRunner().invoke(cli, ["export", "elm-turtle", str(demo_workspace), "-o", str(unit)]))
    assert unit.read_bytes() == before


def test_a_link_or_a_special_file_is_not_replaced(demo_workspace, tmp_path):
    target = tmp_path / "target.txt"
    target.write_text("theirs\n")
    link = tmp_path / "link.txt"
    link.symlink_to(target)
    _one_line_exit_2(CliRunner().invoke(cli, ["coverage", str(demo_workspace), "-o", str(link)]))
    assert link.is_symlink() and target.read_text() == "theirs\n"
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    done = CliRunner().invoke(cli, ["coverage", str(demo_workspace), "-o", str(fifo), "--force"])
    _one_line_exit_2(done)
    assert "is not a regular file" in done.output and fifo.is_fifo()


def test_documents_go_into_a_new_empty_or_own_folder_only(demo_workspace, tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "CG_2023.0101.html").write_text("mine\n")
    for command in (["transcripts", str(demo_workspace), "-o", str(folder)],
                    ["mobility", str(demo_workspace), "-o", str(folder)],
                    ["export", "html", str(demo_workspace), "-o", str(folder)]):
        done = CliRunner().invoke(cli, command)
        _one_line_exit_2(done)
        assert f"{folder} holds files that skillweave did not write" in done.output
        assert sorted(p.name for p in folder.iterdir()) == ["CG_2023.0101.html"]
    done = CliRunner().invoke(cli, ["transcripts", str(demo_workspace), "-o", str(folder), "--force"])
    assert done.exit_code == 0, done.output
    assert (folder / "CG_2023.0101.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    # a folder skillweave wrote into before (or a new one) is written into again without --force
    for command in (["transcripts", str(demo_workspace), "-o", str(folder)],
                    ["export", "html", str(demo_workspace), "-o", str(tmp_path / "handbook")],
                    ["export", "html", str(demo_workspace), "-o", str(tmp_path / "handbook")]):
        done = CliRunner().invoke(cli, command)
        assert done.exit_code == 0, done.output


def test_the_record_holds_paths_and_hashes_only(demo_workspace, tmp_path, monkeypatch):
    state = tmp_path / "state-home"
    monkeypatch.delenv("SKILLWEAVE_STATE_DIR")
    monkeypatch.setenv("XDG_STATE_HOME", str(state))
    out = tmp_path / "transcripts"
    assert CliRunner().invoke(cli, ["transcripts", str(demo_workspace), "-o", str(out)]).exit_code == 0
    assert CliRunner().invoke(cli, ["coverage", str(demo_workspace), "-o", str(tmp_path / "c.txt")]).exit_code == 0
    record = json.loads((state / "skillweave" / "written.json").read_text())
    assert record == {str(out): ["folder", "html transcripts", [out.stat().st_dev, out.stat().st_ino,
                                                                out.stat().st_mtime_ns]],
                      str(tmp_path / "c.txt"): [record[str(tmp_path / "c.txt")][0], record[str(tmp_path / "c.txt")][1],
                                                hashlib.sha256((tmp_path / "c.txt").read_bytes()).hexdigest()]}
    assert oct((state / "skillweave" / "written.json").stat().st_mode & 0o777) == "0o600"


def test_rdf_files_with_a_byte_order_mark_are_read_and_other_encodings_say_how_to_fix(demo_workspace, tmp_path):
    vocabulary = demo_workspace / "ontologies" / "esco-subset.ttl"
    original = vocabulary.read_bytes()
    vocabulary.write_bytes(b"\xef\xbb\xbf" + original)
    code, report = _check(demo_workspace)
    assert code == 0 and report["diagnostics"] == []
    vocabulary.write_bytes(original.decode("utf-8").encode("utf-16"))
    code, report = _check(demo_workspace)
    (found,) = [d for d in report["diagnostics"] if d["file"] == "ontologies/esco-subset.ttl"]
    assert (found["line"], found["column"], found["code"]) == (1, 1, "SW109") and "save it as UTF-8" in found["message"]
    vocabulary.write_bytes(b'@prefix x: <http://x.example/> .\nx:a x:b "caf\xe9" .\n')
    code, report = _check(demo_workspace)
    (found,) = [d for d in report["diagnostics"] if d["file"] == "ontologies/esco-subset.ttl"]
    assert (found["line"], found["column"], found["code"]) == (2, 13, "SW109") and "Latin-1" in found["message"]
    # an export saved by an editor that adds a byte order mark imports as it is
    vocabulary.write_bytes(original)
    exported = tmp_path / "elm.jsonld"
    assert CliRunner().invoke(cli, ["export", "elm-jsonld", str(demo_workspace), "-o", str(exported)]).exit_code == 0
    exported.write_bytes(b"\xef\xbb\xbf" + exported.read_bytes())
    done = CliRunner().invoke(cli, ["import", "elm", str(exported), "-o", str(tmp_path / "imported")])
    assert done.exit_code == 0, done.output


def test_an_import_of_the_wrong_format_is_a_coded_diagnostic(tmp_path):
    src = tmp_path / "other.xml"
    src.write_text('<?xml version="1.0"?>\n<html xmlns="http://www.w3.org/1999/xhtml"><body/></html>\n')
    done = CliRunner().invoke(cli, ["import", "loq-xml", str(src), "-o", str(tmp_path / "ws")])
    assert done.exit_code == 1
    assert done.output.startswith(f"{src}:2:1: error SW112 this is not LOQ XML: the root element is <html>")
    assert not (tmp_path / "ws").exists()


@pytest.mark.parametrize("args, says", [
    (["quality", "{ws}", "--format", "html", "--lang", "zz"], "--lang zz: not a language of the alliance (en, nl, de)"),
    (["quality", "{ws}", "--format", "json", "--lang", "nl"], "--lang applies to --format html only"),
    (["suggest", "Installs heat pumps", "--lang", "../../x", "--ranking", "lexical"], "two-letter ISO 639-1 code"),
])
def test_a_language_option_that_cannot_apply_is_one_line_exit_2(demo_workspace, tmp_path, args, says):
    page = tmp_path / "page.html"
    done = CliRunner().invoke(cli, [a.format(ws=demo_workspace) for a in args] + (["-o", str(page)] if args[0] == "quality" else []))
    _one_line_exit_2(done)
    assert says in done.output and not page.exists()


def test_a_file_that_init_wrote_is_replaced_by_a_later_command_without_force(tmp_path):
    ws = tmp_path / "new"
    assert CliRunner().invoke(cli, ["init", str(ws), "--no-input"]).exit_code == 0
    subset = ws / "ontologies" / "esco-subset.ttl"
    done = CliRunner().invoke(cli, ["vocab", "extract", "--vocabulary", str(REPO / "ontologies" / "esco-subset.ttl"),
                                    "--occupation", "solar energy technician", "--lang", "en", "-o", str(subset)])
    assert done.exit_code == 0, done.output
    subset.write_text(subset.read_text(encoding="utf-8") + "# mine\n", encoding="utf-8")
    done = CliRunner().invoke(cli, ["vocab", "extract", "--vocabulary", str(REPO / "ontologies" / "esco-subset.ttl"),
                                    "--occupation", "solar energy technician", "-o", str(subset)])
    _one_line_exit_2(done)
    assert subset.read_text(encoding="utf-8").endswith("# mine\n")


def test_a_path_through_a_link_and_dot_dot_is_judged_where_it_leads(demo_workspace, tmp_path):
    user = tmp_path / "user"
    (user / "sub").mkdir(parents=True)
    (user / "report.json").write_text("MY NOTES\n")
    (tmp_path / "w").mkdir()
    (tmp_path / "w" / "link").symlink_to(user / "sub")
    sneaky = tmp_path / "w" / "link" / ".." / "report.json"  # the kernel: user/report.json
    _one_line_exit_2(CliRunner().invoke(cli, ["coverage", str(demo_workspace), "--format", "json", "-o", str(sneaky)]))
    assert (user / "report.json").read_text() == "MY NOTES\n"
    os.mkfifo(user / "pipe")
    done = CliRunner().invoke(cli, ["coverage", str(demo_workspace), "--format", "json", "--force", "-o",
                                    str(tmp_path / "w" / "link" / ".." / "pipe")])
    _one_line_exit_2(done)
    assert (user / "pipe").is_fifo()


def test_a_file_written_through_a_linked_folder_is_known_by_either_name(tmp_path):
    (tmp_path / "real").mkdir()
    (tmp_path / "link").symlink_to(tmp_path / "real")
    assert CliRunner().invoke(cli, ["init", str(tmp_path / "link" / "ws"), "--no-input"]).exit_code == 0
    for base in (tmp_path / "link", tmp_path / "real"):
        done = CliRunner().invoke(cli, ["vocab", "extract", "--vocabulary", str(REPO / "ontologies" / "esco-subset.ttl"),
                                        "--occupation", "solar energy technician",
                                        *(["--lang", "en"] if base.name == "link" else []),
                                        "-o", str(base / "ws" / "ontologies" / "esco-subset.ttl")])
        assert done.exit_code == 0, done.output


def test_the_files_init_writes_for_the_user_to_edit_are_not_replaced(tmp_path):
    ws = tmp_path / "ws"
    assert CliRunner().invoke(cli, ["init", str(ws), "--no-input"]).exit_code == 0
    alliance = ws / "curricula" / "alliance.yaml"
    before = alliance.read_bytes()
    _one_line_exit_2(CliRunner().invoke(cli, ["coverage", str(ws), "--format", "json", "-o", str(alliance)]))
    assert alliance.read_bytes() == before


def test_a_folder_made_again_under_the_same_name_is_the_users(demo_workspace, tmp_path):
    handbook = tmp_path / "handbook"
    assert CliRunner().invoke(cli, ["export", "html", str(demo_workspace), "-o", str(handbook)]).exit_code == 0
    shutil.rmtree(handbook)
    handbook.mkdir()
    (handbook / "index.html").write_text("mine\n")
    _one_line_exit_2(CliRunner().invoke(cli, ["export", "html", str(demo_workspace), "-o", str(handbook)]))
    assert (handbook / "index.html").read_text() == "mine\n"
    notes = tmp_path / "notes"
    notes.write_text("a file, not a folder\n")
    _one_line_exit_2(CliRunner().invoke(cli, ["transcripts", str(demo_workspace), "-o", str(notes)]))
    assert notes.read_text() == "a file, not a folder\n"
    record = json.loads((Path(os.environ["SKILLWEAVE_STATE_DIR"]) / "written.json").read_text())
    assert str(notes) not in record


def _remember(args: tuple[str, str]) -> None:
    from skillweave import written

    os.environ["SKILLWEAVE_STATE_DIR"] = args[0]
    path = Path(args[1])
    path.write_text(path.name)
    written.remember([path], [path.name])


def test_commands_at_the_same_time_keep_every_record(tmp_path):
    import multiprocessing

    state = tmp_path / "state"
    paths = [str(tmp_path / f"f{i}.txt") for i in range(24)]
    with multiprocessing.get_context("spawn").Pool(8) as pool:
        pool.map(_remember, [(str(state), p) for p in paths])
    assert sorted(json.loads((state / "written.json").read_text())) == sorted(paths)


@pytest.mark.parametrize("damage", ["[" * 100000 + "]" * 100000, "not json", "[1, 2]", '{"x": 5}'])
def test_a_damaged_record_only_forgets(demo_workspace, tmp_path, damage):
    state = Path(os.environ["SKILLWEAVE_STATE_DIR"])
    state.mkdir(parents=True, exist_ok=True)
    (state / "written.json").write_text(damage)
    out = tmp_path / "c.json"
    for _ in range(2):  # the second run finds the first's record
        done = CliRunner().invoke(cli, ["coverage", str(demo_workspace), "--format", "json", "-o", str(out)])
        assert done.exit_code == 0, done.output
