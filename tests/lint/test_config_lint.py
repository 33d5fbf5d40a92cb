"""`[tool.mlaudit]`: found walking up, validated with messages naming file and key, merged with the CLI."""

from __future__ import annotations

import os
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
        load_pyproject(pyproject, known_codes=KNOWN)
    assert str(pyproject) in str(raised.value)
    # Found while linting, the file is recorded with that message and passed over.
    finder = ConfigFinder(None, known_codes=KNOWN)
    assert finder.config_for(tmp_path / "a.py") == Config()
    assert finder.errors == {pyproject: str(raised.value)}


def test_a_broken_pyproject_gives_its_files_the_configuration_above_it(tmp_path):
    write(tmp_path / "pyproject.toml", '[tool.mlaudit]\nlabels = ["outer"]\n')
    inner = write(tmp_path / "sub" / "pyproject.toml", '[tool.mlaudit]\nlables = ["typo"]\n')
    finder = ConfigFinder(None, known_codes=KNOWN)
    assert finder.config_for(tmp_path / "sub" / "a.py").labels == ("outer",)
    assert list(finder.errors) == [inner]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b'[tool.mlaudit]\nlabels = ["\xff\xfe"]\n', r"not UTF-8 \(byte 0xff at offset 26\)"),
        (b"a = " + b"[" * 5000 + b"]" * 5000 + b"\n", "nested too deeply to read"),
        (b"[tool.mlaudit\nlabels = [\n", "invalid TOML"),
        (b"x" * (1024 * 1024 + 1), r"too large to analyse \(1.0 MB; the limit is 1.0 MB\)"),
    ],
    ids=["not-utf8", "5000-deep", "invalid-toml", "huge"],
)
def test_unreadable_pyprojects_are_one_line_errors(tmp_path, content, expected):
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_bytes(content)
    with pytest.raises(ConfigError, match=expected) as raised:
        load_pyproject(pyproject, known_codes=KNOWN)
    message = str(raised.value)
    assert message.startswith(f"{pyproject}: ") and "\n" not in message


def test_a_pyproject_that_is_a_fifo_is_never_opened(tmp_path):
    os.mkfifo(tmp_path / "pyproject.toml")
    finder = ConfigFinder(None, known_codes=KNOWN)
    assert finder.config_for(tmp_path / "a.py") == Config()  # returns: nothing blocked
    assert "not a regular file" in finder.errors[tmp_path / "pyproject.toml"]


def test_table_that_is_not_a_table(tmp_path):
    write(tmp_path / "pyproject.toml", '[tool]\nmlaudit = "on"\n')
    with pytest.raises(ConfigError, match=r"\[tool.mlaudit\] must be a table"):
        load_pyproject(tmp_path / "pyproject.toml", known_codes=KNOWN)


def test_extend_select_extend_exclude_per_file_ignores_and_bare_noqa(tmp_path):
    pyproject = write(
        tmp_path / "pyproject.toml",
        "[tool.mlaudit]\n"
        'select = ["MLA001"]\nextend-select = ["XYZ100"]\n'
        'exclude = ["legacy"]\nextend-exclude = ["vendored"]\n'
        "bare-noqa = true\n"
        '[tool.mlaudit.per-file-ignores]\n"notebooks/*" = ["MLA002"]\n"tests/*" = ["mla"]\n',
    )
    config = load_pyproject(pyproject, known_codes=KNOWN)
    assert config.select == ("MLA001", "XYZ100")
    assert config.exclude == ("legacy", "vendored")
    assert config.per_file_ignores == (
        ("notebooks/*", ("MLA002",)),
        ("tests/*", ("MLA001", "MLA002")),
    )
    assert config.bare_noqa is True


def test_extend_select_without_select_extends_every_rule(tmp_path):
    pyproject = write(tmp_path / "pyproject.toml", '[tool.mlaudit]\nextend-select = ["XYZ100"]\n')
    assert load_pyproject(pyproject, known_codes=KNOWN).select == ("MLA001", "MLA002", "XYZ100")


@pytest.mark.parametrize(
    ("table", "expected"),
    [
        ("per-file-ignores = 3", "per-file-ignores must be a table of glob = \\[codes\\]"),
        (
            '[tool.mlaudit.per-file-ignores]\n"a/*" = ["MLA404"]',
            "per-file-ignores 'a/\\*': unknown rule code 'MLA404'",
        ),
        ('[tool.mlaudit.per-file-ignores]\n"a/*" = "MLA001"', "must be a list of strings"),
        ('bare-noqa = "yes"', "bare-noqa must be true or false, got 'yes'"),
        ('extend-select = ["nope"]', "extend-select: unknown rule code 'nope'"),
    ],
)
def test_new_keys_are_validated(tmp_path, table, expected):
    pyproject = write(tmp_path / "pyproject.toml", f"[tool.mlaudit]\n{table}\n")
    with pytest.raises(ConfigError, match=expected):
        load_pyproject(pyproject, known_codes=KNOWN)


def test_selecting_and_ignoring_the_same_rules_is_an_error(tmp_path):
    with pytest.raises(ConfigError, match=r"command line: select \(MLA001\) and ignore"):
        ConfigFinder({"select": ["MLA001"], "ignore": ["MLA001"]}, known_codes=KNOWN)
    with pytest.raises(ConfigError, match="leave no rule to run"):
        ConfigFinder({"select": ["MLA"], "ignore": ["mla"]}, known_codes=KNOWN)
    # Ignoring one code of a selected prefix is what prefixes are for.
    finder = ConfigFinder({"select": ["MLA"], "ignore": ["MLA002"]}, known_codes=KNOWN)
    assert finder.config_for(tmp_path / "a.py").select == ("MLA001", "MLA002")
    # Across sources: the file selects MLA001, the command line ignores it.
    write(tmp_path / "pyproject.toml", '[tool.mlaudit]\nselect = ["MLA001"]\n')
    finder = ConfigFinder({"ignore": ["MLA001"]}, known_codes=KNOWN)
    with pytest.raises(ConfigError, match="leave no rule to run"):
        finder.config_for(tmp_path / "a.py")


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
