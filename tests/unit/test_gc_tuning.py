"""`serve` keeps the start-up heap out of later collections and collects less often
(bot/app/serve.py explains the measurement)."""

from __future__ import annotations

import gc

from bot.app.serve import GC_THRESHOLDS, tune_gc


def test_serving_freezes_the_startup_heap_and_raises_the_thresholds() -> None:
    before = gc.get_threshold()
    try:
        tune_gc()
        assert gc.get_threshold() == GC_THRESHOLDS
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
        gc.set_threshold(*before)
