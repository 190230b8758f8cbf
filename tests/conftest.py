"""Shared pytest configuration.

- The loopback fake APIs as fixtures (tests/fakes/fixtures.py).
- Every test gets its own QUERYLANG_HOME, so no test writes a search log
  into the real user data folder.
"""

from __future__ import annotations

from pathlib import Path

import pytest

pytest_plugins = ["tests.fakes.fixtures"]


@pytest.fixture(autouse=True)
def _isolated_querylang_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path_factory.mktemp("querylang-home")
    monkeypatch.setenv("QUERYLANG_HOME", str(home))
    return home
