"""The CNCF Platform Engineering Maturity Model as validated data (see `model.toml`)."""

from bot.maturity.model import (
    LEVEL_NUMBERS,
    Aspect,
    Cell,
    Level,
    MaturityModel,
    ModelDataError,
    Source,
    default_model,
    load_model,
)

__all__ = [
    "LEVEL_NUMBERS",
    "Aspect",
    "Cell",
    "Level",
    "MaturityModel",
    "ModelDataError",
    "Source",
    "default_model",
    "load_model",
]
