"""Every sub-command listed in ``cli.main.COMMANDS`` exists and has a parser."""

import importlib

import pytest

from cli.main import COMMANDS, build_parser


@pytest.mark.parametrize("module_name", sorted(COMMANDS.values()))
def test_subcommand_module_has_parser_and_run(module_name: str) -> None:
    module = importlib.import_module(module_name)
    assert callable(module.add_parser)
    assert callable(module.run)


def test_unknown_subcommand_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        build_parser().parse_args(["dance"])
    assert exc.value.code == 2
    assert "invalid choice" in capsys.readouterr().err
