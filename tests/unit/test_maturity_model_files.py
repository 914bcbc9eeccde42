"""Model data files: an unchanged copy loads, and malformed ones fail with messages that
name the file, the line where there is one, and what is wrong."""

from __future__ import annotations

import re
from importlib.resources import files
from pathlib import Path

import pytest

from bot.maturity import ModelDataError, load_model


def packaged_text() -> str:
    return (files("bot.maturity") / "model.toml").read_text(encoding="utf-8")


def write_variant(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "model.toml"
    path.write_text(text, encoding="utf-8")
    return path


def replace_once(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, f"expected {old!r} exactly once in model.toml"
    return text.replace(old, new)


def cell_block(aspect: str, level: int) -> str:
    """The `[[cells]]` table header and keys that open one cell in model.toml."""
    return f'[[cells]]\naspect = "{aspect}"\nlevel = {level}\n'


def load_error(tmp_path: Path, text: str) -> str:
    path = write_variant(tmp_path, text)
    with pytest.raises(ModelDataError) as caught:
        load_model(path)
    message = str(caught.value)
    assert message.startswith(f"{path}: "), message
    return message


def test_an_unchanged_copy_loads_from_a_path(tmp_path: Path) -> None:
    assert load_model(write_variant(tmp_path, packaged_text())) == load_model()


# --- malformed files ----------------------------------------------------------------------------


def test_missing_cell_is_named(tmp_path: Path) -> None:
    text = packaged_text()
    start = text.index(cell_block("operations", 3))
    end = text.index("[[cells]]", start + 1)
    message = load_error(tmp_path, text[:start] + text[end:])
    assert message.endswith(': missing cell for aspect "operations" at level 3')


def test_duplicate_level_is_named(tmp_path: Path) -> None:
    text = replace_once(packaged_text(), 'number = 3\nname = "Scalable"', 'number = 2\nname = "S"')
    message = load_error(tmp_path, text)
    assert 'levels[2] (level 2 "S"): level 2 is already levels[1]' in message
    assert message.splitlines()[-1].endswith(": missing level 3")


def test_too_long_description_is_named(tmp_path: Path) -> None:
    text = packaged_text()
    start = text.index(cell_block("adoption", 2))
    old = re.search(r'description = ".*"', text[start:]).group(0)
    message = load_error(tmp_path, replace_once(text, old, f'description = "{"x" * 281}"'))
    assert message.endswith(
        ': cells[5] (aspect "adoption", level 2): description: '
        "String should have at most 280 characters"
    )


def test_too_long_cell_name_is_named(tmp_path: Path) -> None:
    long_name = "Quantitative and qualitative and then some"
    text = replace_once(packaged_text(), '"Quantitative and qualitative"', f'"{long_name}"')
    message = load_error(tmp_path, text)
    assert 'cells[19] (aspect "measurement", level 4): name: String should have at most 40' in (
        message
    )


def test_cell_naming_an_unknown_aspect_is_named(tmp_path: Path) -> None:
    text = replace_once(packaged_text(), cell_block("investment", 3), cell_block("budget", 3))
    message = load_error(tmp_path, text)
    lines = message.splitlines()
    assert lines[0].endswith(
        ': cells[2] (aspect "budget", level 3): unknown aspect "budget"; '
        "known: investment, adoption, interfaces, operations, measurement"
    )
    assert lines[1].endswith(': missing cell for aspect "investment" at level 3')


def test_duplicate_cell_is_named(tmp_path: Path) -> None:
    text = replace_once(packaged_text(), cell_block("adoption", 4), cell_block("adoption", 3))
    message = load_error(tmp_path, text)
    assert 'cells[7] (aspect "adoption", level 3): this aspect and level already has cells[6]' in (
        message
    )
    assert 'missing cell for aspect "adoption" at level 4' in message


def test_too_long_level_summary_is_named(tmp_path: Path) -> None:
    text = packaged_text()
    start = text.index('name = "Operational"')
    old = re.search(r'summary = ".*"', text[start:]).group(0)
    message = load_error(tmp_path, replace_once(text, old, f'summary = "{"y" * 301}"'))
    assert message.endswith(
        ': levels[1] (level 2 "Operational"): summary: String should have at most 300 characters'
    )


def test_uppercase_aspect_key_is_named(tmp_path: Path) -> None:
    text = replace_once(packaged_text(), 'key = "interfaces"', 'key = "Interfaces"')
    message = load_error(tmp_path, text)
    assert ': aspects[2] (aspect "Interfaces"): key: String should match pattern' in message


def test_alias_claimed_by_two_levels_is_named(tmp_path: Path) -> None:
    text = replace_once(packaged_text(), "aliases = []", 'aliases = ["Ad hoc"]')
    message = load_error(tmp_path, text)
    assert message.endswith(
        ': levels[2] (level 3 "Scalable"): name or alias "Ad hoc" already names level 1'
    )


def test_string_level_number_is_rejected(tmp_path: Path) -> None:
    text = replace_once(
        packaged_text(),
        cell_block("operations", 1),
        cell_block("operations", 1).replace("level = 1", 'level = "1"'),
    )
    message = load_error(tmp_path, text)
    assert ': cells[12] (aspect "operations", level 1): level: Input should be a valid integer' in (
        message
    )


def test_unknown_top_level_table_is_named(tmp_path: Path) -> None:
    message = load_error(tmp_path, packaged_text() + '\n[extra]\nnote = "hi"\n')
    assert message.endswith(": extra: Extra inputs are not permitted")


def test_framing_without_points_is_named(tmp_path: Path) -> None:
    text = replace_once(packaged_text(), "[framing]\npoints = [", "[framing]\nbullets = [")
    message = load_error(tmp_path, text)
    assert "[framing] should be a table holding only a `points` list" in message


def test_broken_toml_names_the_file_and_line(tmp_path: Path) -> None:
    text = replace_once(packaged_text(), 'name = "Erratic"', 'name = "Erratic')
    line = text[: text.index('name = "Erratic')].count("\n") + 1
    message = load_error(tmp_path, text)
    assert "not valid TOML" in message
    assert f"line {line}" in message


def test_missing_file_is_a_model_data_error(tmp_path: Path) -> None:
    path = tmp_path / "absent.toml"
    with pytest.raises(ModelDataError, match=r"absent\.toml: cannot read the file"):
        load_model(path)
