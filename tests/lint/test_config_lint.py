"""`[tool.mlaudit]`: found walking up, validated with messages naming file and key, merged with the CLI."""

from __future__ import annotations

from pathlib import Path

import pytest

from mlaudit_lint.config import ConfigError, ConfigFinder, load_pyproject, merge
from mlaudit_lint.ftypes import Config

KNOWN = frozenset({"MLA001", "MLA002", "XYZ100"})


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def test_all_keys_are_read_with_dashes_mapped_to_fields(tmp_path):
    pyproject = write(
        tmp_path / "pyproject.toml",
        '[tool.mlaudit]\nlabels = ["is_var"]\ntruth-sources = ["io.read_truth"]\n'
        'select = ["MLA001"]\nignore = ["MLA002"]\nexclude = ["legacy"]\n',
    )
    config = load_pyproject(pyproject, known_codes=KNOWN)
    assert config == Config(
        labels=("is_var",),
        truth_sources=("io.read_truth",),
        select=("MLA001",),
        ignore=("MLA002",),
        exclude=("legacy",),
    )
    assert config.root == tmp_path


def test_a_pyproject_without_the_table_is_passed_over(tmp_path):
    write(tmp_path / "pyproject.toml", '[tool.mlaudit]\nlabels = ["outer"]\n')
    write(tmp_path / "sub" / "pyproject.toml", '[project]\nname = "sub"\n')
    write(tmp_path / "sub" / "inner" / "pyproject.toml", '[tool.mlaudit]\nlabels = ["inner"]\n')
    finder = ConfigFinder(None, known_codes=KNOWN)
    assert finder.config_for(tmp_path / "sub" / "a.py").labels == ("outer",)
    assert finder.config_for(tmp_path / "sub" / "inner" / "deep" / "b.py").labels == ("inner",)
    assert finder.config_for(tmp_path / "sub" / "a.py").root == tmp_path


def test_no_pyproject_anywhere_gives_the_defaults_with_the_overrides(tmp_path):
    finder = ConfigFinder({"labels": ["cli_label"]}, known_codes=KNOWN)
    assert finder.config_for(tmp_path / "x.py").labels == ("cli_label",)


@pytest.mark.parametrize(
    ("table", "expected"),
    [
        ('lables = ["y"]', r"pyproject.toml: unknown key 'lables' in \[tool.mlaudit\]"),
        (
            'labels = "y"',
            r"pyproject.toml: \[tool.mlaudit\] labels must be a list of strings, got 'y'",
        ),
        ("truth-sources = [1]", r"truth-sources must be a list of strings, got \[1\]"),
        (
            'select = ["MLA9"]',
            r"pyproject.toml: select: unknown rule code 'MLA9' \(known: MLA001, MLA002, XYZ100\)",
        ),
        ('ignore = ["nope"]', r"pyproject.toml: ignore: unknown rule code 'nope'"),
    ],
)
def test_bad_tables_name_the_file_and_the_key(tmp_path, table, expected):
    pyproject = write(tmp_path / "pyproject.toml", f"[tool.mlaudit]\n{table}\n")
    with pytest.raises(ConfigError, match=expected) as raised:
        ConfigFinder(None, known_codes=KNOWN).config_for(tmp_path / "a.py")
    assert str(pyproject) in str(raised.value)


def test_invalid_toml_is_a_config_error_naming_the_file(tmp_path):
    pyproject = write(tmp_path / "pyproject.toml", "[tool.mlaudit\nlabels = [\n")
    with pytest.raises(ConfigError, match="invalid TOML") as raised:
        ConfigFinder(None, known_codes=KNOWN).config_for(tmp_path / "a.py")
    assert str(raised.value).startswith(str(pyproject))


def test_table_that_is_not_a_table(tmp_path):
    write(tmp_path / "pyproject.toml", '[tool]\nmlaudit = "on"\n')
    with pytest.raises(ConfigError, match=r"\[tool.mlaudit\] must be a table"):
        ConfigFinder(None, known_codes=KNOWN).config_for(tmp_path / "a.py")


def test_code_prefixes_expand_to_the_codes_they_name():
    config = merge(Config(), {"select": ["mla"]}, known_codes=KNOWN)
    assert config.select == ("MLA001", "MLA002")


def test_command_line_select_replaces_and_the_rest_extends():
    base = Config(labels=("a",), select=("MLA001",), ignore=("MLA002",))
    merged = merge(
        base, {"select": ["XYZ100"], "labels": ["b", "a"], "ignore": ["MLA001"]}, known_codes=KNOWN
    )
    assert merged.select == ("XYZ100",)
    assert merged.labels == ("a", "b")
    assert merged.ignore == ("MLA002", "MLA001")


def test_bad_command_line_overrides_fail_before_any_file_is_read():
    with pytest.raises(ConfigError, match="command line: select: unknown rule code 'MLA999'"):
        ConfigFinder({"select": ["MLA999"]}, known_codes=KNOWN)


def test_every_message_template_is_formatted(tmp_path):
    """Fixit once shipped `{value!r}` literally; no message here may contain a brace."""
    cases = ['lables = ["y"]', 'labels = "y"', 'select = ["Q"]']
    for table in cases:
        write(tmp_path / "pyproject.toml", f"[tool.mlaudit]\n{table}\n")
        with pytest.raises(ConfigError) as raised:
            load_pyproject(tmp_path / "pyproject.toml", known_codes=KNOWN)
        assert "{" not in str(raised.value) and "}" not in str(raised.value)
