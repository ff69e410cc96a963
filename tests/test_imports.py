"""Every area's models and services import on their own, first, in a fresh interpreter.

The app factory imports the areas in one order; scripts (benchmarks, Alembic, a shell) import
them in another. A circular import shows only in some orders, so each is tried first.
"""
from __future__ import annotations

import pathlib
import subprocess
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent
MODULES = sorted(
    f"app.{path.parent.name}.{path.stem}" for path in ROOT.glob("app/*/*.py")
    if path.stem in ("models", "services", "admin_services", "queries"))


def test_there_are_modules_to_check():
    assert "app.ideas.models" in MODULES and "app.network.queries" in MODULES


@pytest.mark.parametrize("module", MODULES)
def test_module_imports_first(module):
    result = subprocess.run([sys.executable, "-c", f"import {module}"], cwd=ROOT,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
