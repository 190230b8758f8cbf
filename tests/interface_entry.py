"""A database without an API, injected into the registry for tests.

The real interface-only entries (Ovid, EBSCOhost, Cochrane, Embase.com:
issue 16) are added by their own modules; until they are in main, these
tests use this stand-in: ``spec=None``, compiled by a PubMed-like target,
counted by hand.
"""

from __future__ import annotations

import pytest

from querylang.databases import REGISTRY, Database, DatabaseInfo
from querylang.targets.pubmed import PubMed

NAME = "handsearch"


class Handsearch(PubMed):
    """PubMed's syntax under another name: enough to compile."""

    name = NAME
    title = "Hand Search Library"


ENTRY = Database(
    name=NAME,
    display="Hand Search Library",
    short="HandS",
    order=90,
    report=DatabaseInfo(
        "Hand Search Library",
        "",
        "Hand Search Library (handsearch.example), Advanced Search",
        "handsearch",
    ),
    target_path="tests.interface_entry:Handsearch",
)


def install(monkeypatch: pytest.MonkeyPatch) -> Database:
    """Register the entry (and its target) for one test."""
    from querylang import targets

    monkeypatch.setitem(REGISTRY, NAME, ENTRY)
    monkeypatch.setitem(targets.TARGETS, NAME, Handsearch)
    return ENTRY
