"""Every subcommand's --help says what it does and gives examples that the command line accepts."""
from __future__ import annotations

import shlex

import pytest

from crawler.cli import build_parser
from crawler.commands.help_texts import HELP


@pytest.mark.parametrize("name", sorted(HELP))
def test_each_subcommand_has_a_description_and_examples_that_parse(name, capsys):
    with pytest.raises(SystemExit):
        build_parser().parse_args([name, "--help"])
    help_text = capsys.readouterr().out
    description, examples = HELP[name]
    assert " ".join(description.split()[:6]) in " ".join(help_text.split())
    assert "examples:\n  mobicrawl " + name in help_text
    for example in examples:
        assert example in help_text
        assert build_parser().parse_args(shlex.split(example)[1:]).command == name
