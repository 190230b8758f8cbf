"""The compiler of tests/interface_entry.py's stand-in database."""

from __future__ import annotations

from querylang.databases.pubmed.target import PubMed


class Handsearch(PubMed):
    """PubMed's syntax under another name: enough to compile."""

    name = "handsearch"
    title = "Hand Search Library"
