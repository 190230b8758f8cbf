"""The registry of databases: one module per database, one line each here.

Each module (``pubmed.py``, ``wos.py``, ...) declares ``DATABASE =
Database(...)``: its names, the PRISMA-S words, its run settings and where
its compiler and readers live. The generic modules (compiler, runner,
responses, records, report, CLI) build their tables from :data:`REGISTRY`;
``docs/databases.md`` ("Adding a database") has the checklist.

Light on purpose: importing this package loads no target, reader, HTTP or
SQLite code (``querylang lint`` starts through it).
"""

from __future__ import annotations

from querylang.databases import arxiv, ieee, pubmed, wos
from querylang.databases.base import Database, DatabaseInfo, DatabaseSpec

__all__ = ["REGISTRY", "Database", "DatabaseInfo", "DatabaseSpec", "names"]

#: Database name -> entry, in the order databases are listed everywhere.
#: A new database is one more module in this package and one more name here.
REGISTRY: dict[str, Database] = {
    entry.name: entry
    for entry in sorted(
        (pubmed.DATABASE, wos.DATABASE, arxiv.DATABASE, ieee.DATABASE),
        key=lambda entry: entry.order,
    )
}


def names() -> list[str]:
    """Every database's name, in the usual order."""
    return list(REGISTRY)
