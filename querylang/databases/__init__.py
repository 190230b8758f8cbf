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

from types import ModuleType

from querylang.databases import (
    arxiv,
    cochrane,
    ebsco,
    embase,
    europepmc,
    ieee,
    openalex,
    ovid,
    pubmed,
    scopus,
    wos,
)
from querylang.databases.base import Database, DatabaseInfo, DatabaseSpec, LimitWords

__all__ = [
    "REGISTRY",
    "RUNNABLE",
    "Database",
    "DatabaseInfo",
    "DatabaseSpec",
    "LimitWords",
    "import_dialects",
    "names",
    "runnable_names",
]

#: Database name -> entry, in the order databases are listed everywhere.
#: A new database is one more module in this package and one more name here.
#: (A module that declares several, such as one interface's databases,
#: declares ``DATABASES = (...)`` instead of ``DATABASE``.)
_MODULES: tuple[ModuleType, ...] = (
    pubmed,
    wos,
    arxiv,
    ieee,
    scopus,
    europepmc,
    openalex,
    ovid,
    ebsco,
    cochrane,
    embase,
)


def _entries(module: ModuleType) -> tuple[Database, ...]:
    several: tuple[Database, ...] | None = getattr(module, "DATABASES", None)
    return several if several is not None else (module.DATABASE,)


REGISTRY: dict[str, Database] = {
    entry.name: entry
    for entry in sorted(
        (entry for module in _MODULES for entry in _entries(module)),
        key=lambda entry: entry.order,
    )
}

#: The databases ``querylang run`` can search (they have an API spec), in order.
RUNNABLE: dict[str, Database] = {name: entry for name, entry in REGISTRY.items() if entry.runnable}


def names() -> list[str]:
    """Every database's name, in the usual order."""
    return list(REGISTRY)


def runnable_names() -> list[str]:
    """The names of the databases ``querylang run`` can search, in order."""
    return list(RUNNABLE)


def import_dialects() -> dict[str, Database]:
    """The names ``--from`` takes, in the registry's order, each with the
    entry whose importer reads it: a database's own name, or the one name
    several databases of one interface share (``Database.import_as``)."""
    found: dict[str, Database] = {}
    for entry in REGISTRY.values():
        if entry.importer_path is not None:
            found.setdefault(entry.import_name, entry)
    return found
