"""The shape of the package (docs: the README's Development section).

* no import cycle among skillweave's modules, counting every import: at module level, inside
  functions and under ``TYPE_CHECKING``;
* only ``cli/`` uses the command-line framework or ends the process;
* ``errors.py`` and ``model.py`` import nothing of skillweave; every exception class derives from
  :class:`skillweave.errors.SkillweaveError`;
* ``check`` builds no graph and does not even import networkx.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import subprocess
import sys
from pathlib import Path

from .conftest import REPO

SRC = REPO / "src"
PACKAGE = SRC / "skillweave"


def _modules() -> dict[str, tuple[Path, bool]]:
    """Dotted name -> (file, is a package's __init__)."""
    out = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(SRC).with_suffix("").parts)
        is_package = parts[-1] == "__init__"
        if is_package:
            parts.pop()
        out[".".join(parts)] = (path, is_package)
    return out


MODULES = _modules()


def _imports(name: str) -> set[str]:
    """The skillweave modules that module ``name`` imports anywhere in its text.

    ``from pkg import name`` is an import of the submodule ``pkg.name`` when there is one, else of
    ``pkg`` (its ``__init__``); relative imports are resolved against the module's package.
    """
    path, is_package = MODULES[name]
    package = name if is_package else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name in MODULES)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            for alias in node.names:
                if f"{target}.{alias.name}" in MODULES:
                    found.add(f"{target}.{alias.name}")
                elif target in MODULES:
                    found.add(target)
    return found


GRAPH = {name: _imports(name) for name in MODULES}


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module, or a module importing itself
    (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for succ in sorted(graph[node]):
            if succ not in index:
                visit(succ)
                low[node] = min(low[node], low[succ])
            elif succ in on_stack:
                low[node] = min(low[node], index[succ])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1 or node in graph[node]:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_the_import_reader_sees_every_kind_of_import():
    assert "skillweave.model" in GRAPH["skillweave.pipeline"]  # module level
    assert "skillweave.rules.registry" in GRAPH["skillweave.pipeline"]  # `from pkg import submodule`, in a function
    assert "skillweave.analyses.eqavet" in GRAPH["skillweave.pipeline"]  # inside a function
    assert "skillweave.model" in GRAPH["skillweave.analyses.eqavet"]  # under TYPE_CHECKING too
    assert "skillweave.vocab" in GRAPH["skillweave.cli.common"]  # a package: its __init__
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"d"}, "e": {"a"}}) == [["a", "b", "c"], ["d"]]


def test_no_import_cycles():
    cycles = _cycles(GRAPH)
    assert cycles == [], "import cycles:\n" + "\n".join(
        " ⇄ ".join(c) + "\n    " + "\n    ".join(f"{m} imports {', '.join(sorted(GRAPH[m] & set(c)))}" for m in c)
        for c in cycles)


def test_errors_and_model_import_nothing_of_skillweave():
    assert GRAPH["skillweave.errors"] == set()
    assert GRAPH["skillweave.model"] == set()


def _outside_cli():
    for name, (path, _) in MODULES.items():
        if not name.startswith("skillweave.cli"):
            yield name, ast.parse(path.read_text(encoding="utf-8"))


def test_only_the_cli_uses_click():
    users = []
    for name, tree in _outside_cli():
        for node in ast.walk(tree):
            if isinstance(node, ast.Import) and any(a.name.split(".")[0] == "click" for a in node.names):
                users.append(name)
            elif isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "click":
                users.append(name)
    assert users == []


def test_only_the_cli_ends_the_process():
    callers = []
    for name, tree in _outside_cli():
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                f = node.func
                if isinstance(f, ast.Attribute) and f.attr in ("exit", "_exit") and \
                        isinstance(f.value, ast.Name) and f.value.id in ("sys", "os"):
                    callers.append(f"{name}:{node.lineno}")
                elif isinstance(f, ast.Name) and f.id in ("exit", "quit"):
                    callers.append(f"{name}:{node.lineno}")
            elif isinstance(node, ast.ImportFrom) and node.module == "sys" and any(a.name == "exit" for a in node.names):
                callers.append(f"{name}:{node.lineno}")
            elif isinstance(node, ast.Raise) and node.exc is not None and "SystemExit" in ast.unparse(node.exc):
                callers.append(f"{name}:{node.lineno}")
    assert callers == []


def test_every_exception_derives_from_skillweave_error():
    from skillweave.errors import SkillweaveError

    others = []
    for name in MODULES:
        module = importlib.import_module(name)
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ == name and issubclass(cls, BaseException) and not issubclass(cls, SkillweaveError):
                others.append(f"{name}.{cls.__qualname__}")
    assert others == []


def test_check_builds_no_graph():
    code = ("import sys; from skillweave.pipeline import check; p = check(sys.argv[1]); "
            "assert not p.diagnostics; assert 'networkx' not in sys.modules, 'networkx imported'; "
            "assert not p.__dict__.get('_analyses'), p.__dict__.get('_analyses')")
    done = subprocess.run([sys.executable, "-c", code, str(REPO)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_the_command_line_starts_without_the_model():
    """The names the command line offers come from skillweave.terms, which matches the model, so
    that `skillweave --help` or a query does not pay for loading the pydantic model first."""
    import subprocess
    import sys
    import typing

    from skillweave import model, terms
    from skillweave.formats.json_schema import SCHEMAS

    assert terms.PARTNER_TYPES == typing.get_args(model.PartnerType)
    assert terms.SCHEMA_FILES == tuple((s.name, tuple(s.globs)) for s in SCHEMAS)
    loaded = subprocess.run([sys.executable, "-c", "import sys, skillweave.cli.main; "
                             "print(' '.join(m for m in ('skillweave.model', 'pydantic', 'networkx', 'rdflib', 'lxml') "
                             "if m in sys.modules))"], capture_output=True, text=True, check=True).stdout.split()
    assert loaded == [], loaded
