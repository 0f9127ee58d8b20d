"""The code stays as the project wants it: ruff-clean, formatted, and mypy --strict."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from .conftest import ROOT


def tool(name: str) -> str:
    path = shutil.which(name, path=str(ROOT / ".venv" / "bin")) or shutil.which(name)
    if path is None:
        pytest.skip(f"{name} is not installed (make installs it)")
    return path


def test_ruff() -> None:
    for arguments in (["check"], ["format", "--check"]):
        result = subprocess.run(
            [tool("ruff"), *arguments, "src", "tests", "bench", "build.py"], cwd=ROOT, capture_output=True, text=True
        )
        assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.slow  # some 20 s of CPU without mypy's cache (a fresh clone); make lint runs it too
def test_mypy_strict() -> None:
    result = subprocess.run([sys.executable, "-m", "mypy"], cwd=ROOT, capture_output=True, text=True)
    if "No module named mypy" in result.stderr:
        pytest.skip("mypy is not installed (make installs it)")
    assert result.returncode == 0, result.stdout + result.stderr
