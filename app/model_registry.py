"""Imports every domain's models so Base.metadata knows all tables (Alembic, create_all)."""

from __future__ import annotations

import importlib

MODEL_MODULES = ("chat.models", "knowledge_base.models", "handover.models", "staff.models")


def import_all_models() -> None:
    for module in MODEL_MODULES:
        importlib.import_module(module)
