"""The registry of outputs (skillweave.emitters.REGISTRY): every export, report format and learner
document is found there, and the commands offer exactly what it lists."""

from __future__ import annotations

import inspect

import click
import pytest

from skillweave import emitters
from skillweave.cli.main import cli


def _command(path: str) -> click.Command:
    command: click.Command = cli
    for name in path.split():
        command = command.commands[name]  # type: ignore[attr-defined]
    return command


def test_every_output_names_a_function_of_its_module():
    for o in emitters.REGISTRY:
        fn = o.load()
        assert callable(fn), o
        params = list(inspect.signature(fn).parameters)
        assert len(params) == (1 if o.kind == emitters.DOCUMENT else 2), (o, params)
        if o.notes:
            assert callable(getattr(inspect.getmodule(fn), o.notes))


def test_names_are_unique_per_command():
    seen = [(o.command, o.name) for o in emitters.REGISTRY]
    assert len(seen) == len(set(seen))
    assert {o.kind for o in emitters.REGISTRY} == {emitters.EXPORT, emitters.REPORT, emitters.DOCUMENT}


@pytest.mark.parametrize("path", sorted({o.command for o in emitters.REGISTRY
                                         if o.kind != emitters.DOCUMENT or o.command == "transcripts"}
                                        - {"export"}))
def test_format_choices_and_default_come_from_the_registry(path):
    option = next(p for p in _command(path).params if p.name == "fmt")
    assert list(option.type.choices) == emitters.names(path)
    assert option.default == emitters.names(path)[0]


def test_export_offers_every_export():
    argument = next(p for p in _command("export").params if p.name == "fmt")
    assert list(argument.type.choices) == [o.name for o in emitters.EXPORTS]
    assert all(o.command == "export" for o in emitters.EXPORTS)


def test_documents_name_their_folder():
    assert [o.folder for o in emitters.outputs("mobility")] == ["mou", "agreements"]
    assert {o.folder for o in emitters.outputs("transcripts")} == {""}


def test_a_period_that_is_not_one_is_an_option_error():
    assert emitters.Options(period="2024").period == "2024-25"
    with pytest.raises(emitters.OptionError):
        emitters.Options(period="last year")
