"""Batch engines; ``get_engine`` picks one by name or by the LABORWATCH_BATCH_ENGINE setting."""

from __future__ import annotations

import importlib

from laborwatch.screen.engines.base import BatchEngine
from laborwatch.settings import load_settings

ENGINES = {
    "local": ("laborwatch.screen.engines.local", "LocalEngine"),
    "spark": ("laborwatch.screen.engines.spark", "SparkEngine"),
}


class EngineError(RuntimeError):
    """The requested batch engine is unknown or cannot start here."""


def get_engine(name: str | None = None) -> BatchEngine:
    chosen = (name or load_settings().batch_engine).lower()
    if chosen not in ENGINES:
        raise EngineError(f"unknown batch engine {chosen!r}; expected one of {', '.join(ENGINES)}")
    module_name, class_name = ENGINES[chosen]
    try:
        module = importlib.import_module(module_name)
    except ImportError as exc:
        raise EngineError(f"batch engine {chosen!r} is not available: {exc}") from exc
    engine: BatchEngine = getattr(module, class_name)()
    return engine


__all__ = ["BatchEngine", "EngineError", "get_engine"]
