"""The overlap between databases, after duplicates are removed (issue 13
item 5).

Per database: records identified (the count the run logged), fetched,
whether the fetch is complete, how many deduplicated records only it found,
and how many it shares with each other database (``shared[a][b]``: the
deduplicated records found in both a and b). Then the total fetched, the
unique records after deduplication and the duplicates removed. The numbers
feed the table of ``querylang records``, the PRISMA 2020 flow and the
overlap figure.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from querylang.databases import REGISTRY
from querylang.records.dedup import MAX_NEAR_BLOCK, Deduplication, deduplicate
from querylang.records.model import FetchedRecord

if TYPE_CHECKING:
    from querylang.diagnostics import Diagnostic

__all__ = [
    "DatabaseOverlap",
    "Overlap",
    "compute_overlap",
    "ordered_databases",
    "overlap_diagnostics",
    "render_diagnostics",
]

_USUAL_ORDER = tuple(REGISTRY)


def ordered_databases(names: Sequence[str]) -> list[str]:
    """The usual four first, in their usual order, then others by name."""
    known = [name for name in _USUAL_ORDER if name in names]
    return known + sorted(set(names) - set(_USUAL_ORDER))


@dataclass(frozen=True)
class DatabaseOverlap:
    name: str
    #: the count the run logged for the line (None: no count)
    count: int | None
    fetched: int
    complete: bool
    only_here: int
    shared: dict[str, int]
    #: deduplicated records with a record from this database
    unique: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "count": self.count,
            "fetched": self.fetched,
            "complete": self.complete,
            "only_here": self.only_here,
            "shared": dict(self.shared),
            "unique": self.unique,
        }


@dataclass(frozen=True)
class Overlap:
    run: int | None
    line: int | None
    databases: tuple[DatabaseOverlap, ...]
    dedup: Deduplication
    #: deduplicated records per exact combination of databases
    combinations: dict[tuple[str, ...], int]

    @property
    def records_fetched(self) -> int:
        return self.dedup.records_in

    @property
    def unique_records(self) -> int:
        return len(self.dedup.works)

    @property
    def duplicates_removed(self) -> int:
        return self.dedup.duplicates_removed

    @property
    def complete(self) -> bool:
        return all(database.complete for database in self.databases)

    @property
    def not_fetched(self) -> int:
        """Records counted but not fetched, over incomplete fetches."""
        return sum(
            max(0, (db.count or 0) - db.fetched) for db in self.databases if not db.complete
        )

    def database(self, name: str) -> DatabaseOverlap:
        for database in self.databases:
            if database.name == name:
                return database
        raise KeyError(name)

    def to_dict(self) -> dict[str, Any]:
        return {
            "run": self.run,
            "line": self.line,
            "databases": {db.name: db.to_dict() for db in self.databases},
            "records_fetched": self.records_fetched,
            "unique_records": self.unique_records,
            "duplicates_removed": self.duplicates_removed,
            "possible_duplicates": [
                [pair.first, pair.second, pair.score] for pair in self.dedup.possible
            ],
            "possible_duplicate_reasons": [pair.why for pair in self.dedup.possible],
            "merges": dict(Counter(m.reason for m in self.dedup.merges())),
            "complete": self.complete,
        }


def compute_overlap(
    records: Mapping[str, Sequence[FetchedRecord]],
    *,
    counts: Mapping[str, int | None] | None = None,
    complete: Mapping[str, bool] | None = None,
    run: int | None = None,
    line: int | None = None,
) -> Overlap:
    """Deduplicate ``records`` (by database, each in position order) and
    count. A database in ``counts`` without records is listed with 0
    fetched; ``complete`` defaults to true."""
    counts = counts or {}
    complete = complete or {}
    names = ordered_databases(list(dict.fromkeys([*records, *counts])))
    dedup = deduplicate(record for name in names for record in records.get(name, ()))
    combinations: Counter[tuple[str, ...]] = Counter(
        tuple(name for name in names if name in work.databases) for work in dedup.works
    )
    rows = []
    for name in names:
        shared = {
            other: sum(n for combo, n in combinations.items() if name in combo and other in combo)
            for other in names
            if other != name
        }
        rows.append(
            DatabaseOverlap(
                name,
                counts.get(name),
                len(records.get(name, ())),
                complete.get(name, True),
                combinations.get((name,), 0),
                shared,
                sum(n for combo, n in combinations.items() if name in combo),
            )
        )
    return Overlap(run, line, tuple(rows), dedup, dict(combinations))


def overlap_diagnostics(overlap: Overlap) -> list[Diagnostic]:
    """What a person should know about these numbers (RD002-RD004)."""
    from querylang.codes import make
    from querylang.records.figures import typed_in

    found: list[Diagnostic] = []
    for database in overlap.databases:
        if not database.complete and typed_in(database.name):
            found.append(make(
                "RD002",
                f"{database.name}: {database.count or 0:,} records counted in its interface "
                "(no API: the count was typed in); querylang cannot fetch them, and the "
                f"overlap counts the {database.fetched:,} fetched",
                hint="export the records from the database's interface (RIS) and "
                "deduplicate them with the others there",
                target=database.name,
            ))
        elif not database.complete:
            missing = (
                f"{max(0, database.count - database.fetched):,} of {database.count:,}"
                if database.count is not None
                else "some"
            )
            found.append(make(
                "RD002",
                f"{database.name}: {missing} records not fetched; the overlap counts the "
                f"{database.fetched:,} fetched",
                hint="run `querylang records` again to continue, or raise --max-records",
                target=database.name,
            ))
    possible = overlap.dedup.possible
    skipped = overlap.dedup.oversized_near_blocks
    if possible or skipped:
        message = (
            f"{len(possible):,} possible duplicates not merged (similar titles, or the same "
            "title without the evidence to merge)"
        )
        if skipped:
            message += (
                f"; {skipped:,} groups of over {MAX_NEAR_BLOCK:,} titles sharing their first "
                "or last characters were not compared for similar titles"
            )
        found.append(make(
            "RD003",
            message,
            hint="the pairs are listed by `querylang records --format json` "
            "(possible_duplicates)",
        ))
    for title in overlap.dedup.oversized_titles:
        found.append(make(
            "RD004",
            f"too many records titled {title!r} to compare: merged by identifiers only",
        ))
    return found


def render_diagnostics(diagnostics: Sequence[Diagnostic]) -> str:
    """One line each (and its hint), for stderr."""
    lines = []
    for diagnostic in diagnostics:
        lines.append(
            f"querylang: {diagnostic.code} {diagnostic.severity.value}: {diagnostic.message}"
        )
        if diagnostic.hint:
            lines.append(f"  = help: {diagnostic.hint}")
    return "".join(line + "\n" for line in lines)
