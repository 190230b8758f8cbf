"""A database without an API, added to the registry for tests.

The real interface-only entries (Ovid, EBSCOhost, Cochrane, Embase.com:
issue 16) come with their own modules; these tests use this stand-in:
``spec=None``, compiled by a PubMed-like target, counted by hand.

In the test process, :func:`install` adds it to the registry and the
target table for one test. The generic modules build further tables from
the registry when first imported (display names, report words, column
headings), so end-to-end tests run the command line in a child process
that adds the entry before anything else reads the registry::

    python -m tests.interface_entry run STRATEGY --count handsearch=12
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from querylang.databases import REGISTRY, Database, DatabaseInfo

if TYPE_CHECKING:
    import pytest

NAME = "handsearch"
DISPLAY = "Hand Search Library"
WEB = "Hand Search Library (handsearch.example), Advanced Search"

ENTRY = Database(
    name=NAME,
    display=DISPLAY,
    short="HandS",
    order=90,
    report=DatabaseInfo(DISPLAY, "", WEB, NAME),
    target_path="tests.interface_target:Handsearch",
)


def install(monkeypatch: pytest.MonkeyPatch) -> Database:
    """Register the entry (and its target) for one test."""
    from querylang import targets

    monkeypatch.setitem(REGISTRY, NAME, ENTRY)
    if NAME not in targets.TARGETS:  # a table copied from the registry, not a view of it
        monkeypatch.setitem(targets.TARGETS, NAME, ENTRY.target)
    return ENTRY


def register() -> None:
    """Add the entry for the rest of this process: call before any other
    querylang module is imported."""
    REGISTRY[NAME] = ENTRY


def command(*args: str) -> list[str]:
    """The argv of ``querylang ARGS`` in a child process that knows the entry."""
    return [sys.executable, "-m", "tests.interface_entry", *args]


if __name__ == "__main__":
    register()
    from querylang.cli import main

    sys.argv[0] = "querylang"
    main()
