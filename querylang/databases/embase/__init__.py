"""Embase on Embase.com (Elsevier): interface strings only.

Embase.com has no API querylang can call: the strategy is compiled to
Embase.com's own syntax (``'asthma'/exp``, ``asthma:ti,ab``, ``NEAR/n``,
``[english]/lim``, ``[2013-2023]/py``), pasted into its search history, and
its counts are typed in (``querylang run --count embase=N``).
"""

from __future__ import annotations

from querylang.databases.base import Database, DatabaseInfo

DATABASE = Database(
    name="embase",
    display="Embase.com",
    short="Embase.com",
    order=15,
    report=DatabaseInfo(
        "Embase (Embase.com)",
        "Embase via Embase.com (Elsevier), Advanced Search (searched by hand: no API)",
        "Embase via Embase.com (Elsevier), Advanced Search",
        "embase",
    ),
    history_interface="Embase.com's search history (Advanced Search)",
    target_path="querylang.databases.embase.target:Embase",
    codes_path="querylang.databases.embase.codes:CODES",
    cannot=(
        "MeSH (Emtree instead: headings to check)",
        "MeSH subheadings",
        "$ wildcard (written *)",
    ),
)
