"""What the records modules need to know about each database, from the registry.

Dedup, export and the overlap tables know databases only through these
tables (built once from :data:`querylang.databases.REGISTRY`): which are
preprint servers, which give a PMID or an arXiv id as their own record id,
what each calls its record id, how its records write a person, and which
CSV column holds its record ids. A name not in the registry (a search log
from a later version) gets the plain defaults.
"""

from __future__ import annotations

from querylang.databases import REGISTRY
from querylang.records.model import KIND_ARXIV, KIND_PMID

__all__ = ["PREPRINTS", "NATIVE_PMID", "NATIVE_ARXIV", "CSV_ID_COLUMNS", "short_name",
           "database_name", "id_label", "author_style", "is_preprint"]

#: Preprint servers: a journal version's details come first in a merged work.
PREPRINTS: frozenset[str] = frozenset(name for name, entry in REGISTRY.items()
                                      if entry.preprints)
#: Databases whose own record id is a PMID ...
NATIVE_PMID: frozenset[str] = frozenset(name for name, entry in REGISTRY.items()
                                        if entry.native_id_kind == KIND_PMID)
#: ... or an arXiv id.
NATIVE_ARXIV: frozenset[str] = frozenset(name for name, entry in REGISTRY.items()
                                         if entry.native_id_kind == KIND_ARXIV)
#: (CSV column, database) for the databases whose record ids get a column.
CSV_ID_COLUMNS: tuple[tuple[str, str], ...] = tuple(
    (entry.csv_column, name) for name, entry in REGISTRY.items() if entry.csv_column)


def is_preprint(database: str) -> bool:
    return database in PREPRINTS


def short_name(database: str) -> str:
    """A short column heading ("WoS")."""
    entry = REGISTRY.get(database)
    return entry.short if entry is not None else database


def database_name(database: str) -> str:
    """The database's name as a reference manager's "name of database" says it."""
    entry = REGISTRY.get(database)
    return entry.report.name if entry is not None else database


def id_label(database: str) -> str:
    """What the database calls its record id ("PMID", "UT")."""
    entry = REGISTRY.get(database)
    return entry.id_label if entry is not None else "id"


def author_style(database: str) -> str:
    """How the database's records write a person (see ``Database.author_style``)."""
    entry = REGISTRY.get(database)
    return entry.author_style if entry is not None else "given-first"
