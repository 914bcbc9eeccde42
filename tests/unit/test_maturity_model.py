"""The packaged maturity model loads whole: four levels, five aspects, twenty cells, aliases."""

from __future__ import annotations

import pytest

from bot.maturity import (
    LEVEL_NUMBERS,
    MaturityModel,
    default_model,
    load_model,
)

ASPECT_KEYS = ["investment", "adoption", "interfaces", "operations", "measurement"]
LEVEL_NAMES = {1: "Provisional", 2: "Operational", 3: "Scalable", 4: "Optimizing"}
CELL_NAMES = {
    "investment": ["Voluntary or temporary", "Dedicated team", "As product", "Enabled ecosystem"],
    "adoption": ["Erratic", "Extrinsic push", "Intrinsic pull", "Participatory"],
    "interfaces": [
        "Custom processes",
        "Standard tooling",
        "Self-service solutions",
        "Integrated services",
    ],
    "operations": ["By request", "Centrally tracked", "Centrally enabled", "Managed services"],
    "measurement": ["Ad hoc", "Consistent collection", "Insights", "Quantitative and qualitative"],
}


# --- the packaged model ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def model() -> MaturityModel:
    return load_model()


def test_packaged_model_has_four_levels_in_order(model: MaturityModel) -> None:
    assert [(level.number, level.name) for level in model.levels] == list(LEVEL_NAMES.items())
    assert LEVEL_NUMBERS == (1, 2, 3, 4)


def test_packaged_model_has_five_aspects_in_order(model: MaturityModel) -> None:
    assert [aspect.key for aspect in model.aspects] == ASPECT_KEYS
    assert [aspect.name for aspect in model.aspects] == [key.title() for key in ASPECT_KEYS]
    assert all(aspect.question.endswith("?") for aspect in model.aspects)


def test_packaged_model_has_twenty_cells_with_the_official_names(model: MaturityModel) -> None:
    assert len(model.cells) == 20
    for key, names in CELL_NAMES.items():
        assert [cell.name for cell in model.cells_for_aspect(key)] == names


def test_packaged_texts_fit_their_limits(model: MaturityModel) -> None:
    assert 3 <= len(model.framing_points) <= 4
    assert all(0 < len(level.summary) <= 300 for level in model.levels)
    assert all(0 < len(cell.description) <= 280 for cell in model.cells)
    assert all(len(cell.name) <= 40 for cell in model.cells)


def test_source_credits_the_cncf_under_cc_by(model: MaturityModel) -> None:
    assert model.source.version == "v1"
    assert model.source.licence == "CC BY 4.0"
    assert model.source.url.startswith("https://tag-app-delivery.cncf.io/")
    assert "The CNCF Authors" in model.source.credit
    assert "CC BY 4.0" in model.source.credit


def test_level_aliases_map_common_names(model: MaturityModel) -> None:
    assert "ad-hoc" in model.level(1).aliases
    assert "operationalized" in model.level(2).aliases
    assert model.level(3).aliases == []
    assert "optimized" in model.level(4).aliases


# --- lookups ------------------------------------------------------------------------------------


def test_lookups_by_number_and_key(model: MaturityModel) -> None:
    assert model.level(3).name == "Scalable"
    assert model.aspect("measurement").name == "Measurement"
    cell = model.cell("adoption", 2)
    assert (cell.aspect, cell.level, cell.name) == ("adoption", 2, "Extrinsic push")


def test_cells_for_level_follow_aspect_order(model: MaturityModel) -> None:
    cells = model.cells_for_level(4)
    assert [cell.aspect for cell in cells] == ASPECT_KEYS
    assert [cell.name for cell in cells] == [names[3] for names in CELL_NAMES.values()]


def test_cells_for_aspect_follow_level_order(model: MaturityModel) -> None:
    cells = model.cells_for_aspect("operations")
    assert [cell.level for cell in cells] == [1, 2, 3, 4]
    assert cells[2].name == "Centrally enabled"


@pytest.mark.parametrize(
    ("lookup", "argument"),
    [("level", 5), ("level", 0), ("aspect", "funding"), ("cells_for_aspect", "Investment")],
)
def test_unknown_lookups_raise_key_error(model: MaturityModel, lookup: str, argument) -> None:
    with pytest.raises(KeyError):
        getattr(model, lookup)(argument)


def test_unknown_cell_and_level_lookups_raise_key_error(model: MaturityModel) -> None:
    with pytest.raises(KeyError):
        model.cell("adoption", 5)
    with pytest.raises(KeyError):
        model.cells_for_level(7)


def test_default_model_is_cached_but_load_model_is_not() -> None:
    assert default_model() is default_model()
    first, second = load_model(), load_model()
    assert first is not second
    assert first == second
