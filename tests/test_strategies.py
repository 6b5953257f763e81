"""The workspace strategy draws only valid workspaces (so round-trip tests start from valid input)."""

from __future__ import annotations

import shutil

from hypothesis import HealthCheck, given, settings

from skillweave.formats import workspace_yaml as writer
from skillweave.pipeline import check

from .conftest import FIXTURES
from .strategies import workspaces


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(files=workspaces())
def test_generated_workspaces_check_clean(tmp_path_factory, files):
    ws = tmp_path_factory.mktemp("gen")
    shutil.copytree(FIXTURES / "base" / "ontologies", ws / "ontologies")
    writer.write_workspace(ws, files)
    errors = [d for d in check(ws).diagnostics if d.severity.value == "error"]
    assert errors == []
