"""What a known-item check found: per database, which known records it
holds ("indexed") and which each line retrieves; the recall and matrix
views are computed from that, never stored twice."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from querylang.known.items import KnownItem

__all__ = ["LineCheck", "DatabaseCheck", "CheckResult", "FOUND", "MISSED", "NOT_INDEXED",
           "NOT_SEARCHABLE", "NOT_CHECKED"]

FOUND = "found"
MISSED = "missed"
NOT_INDEXED = "not indexed"
NOT_SEARCHABLE = "not searchable"
NOT_CHECKED = "not checked"


@dataclass
class LineCheck:
    """One line in one database: the indexed known records it retrieves."""

    number: int
    found: list[str] = field(default_factory=list)
    error: str | None = None
    requests: int = 0
    cached: int = 0


@dataclass
class DatabaseCheck:
    """One database: ``indexed`` is None when it could not be learnt (error, skipped)."""

    target: str
    indexed: list[str] | None = None
    not_searchable: list[str] = field(default_factory=list)
    lines: dict[int, LineCheck] = field(default_factory=dict)
    error: str | None = None
    skipped: bool = False
    requests: int = 0
    cached: int = 0
    #: Each held known record's own id in this database (PMID, UT, arXiv id,
    #: article number), learnt from the "indexed" answers.
    native: dict[str, str] = field(default_factory=dict)
    #: Known records looked up by exact title (no identifier to search).
    by_title: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.error is None and all(line.error is None for line in self.lines.values())

    @property
    def final(self) -> LineCheck | None:
        return self.lines[max(self.lines)] if self.lines else None

    def missed(self, number: int) -> list[str]:
        line = self.lines.get(number)
        if self.indexed is None or line is None or line.error is not None:
            return []
        return [item for item in self.indexed if item not in line.found]

    def recall(self, number: int) -> float | None:
        line = self.lines.get(number)
        if self.indexed is None or line is None or line.error is not None or not self.indexed:
            return None
        return round(len(line.found) / len(self.indexed), 4)

    @property
    def final_recall(self) -> float | None:
        final = self.final
        return None if final is None else self.recall(final.number)

    def cell(self, item: str) -> str:
        """The matrix cell of one known record in this database (the final line)."""
        if item in self.not_searchable:
            return NOT_SEARCHABLE
        if self.indexed is None:
            return NOT_CHECKED
        if item not in self.indexed:
            return NOT_INDEXED
        final = self.final
        if final is None or final.error is not None:
            return NOT_CHECKED
        return FOUND if item in final.found else MISSED


@dataclass
class CheckResult:
    """A whole check: the known set, the strategy, each database's findings."""

    source_name: str
    source_text: str
    known_name: str
    items: list[KnownItem]
    databases: dict[str, DatabaseCheck]
    #: line number -> the line numbers it refers to (#n)
    references: dict[int, list[int]] = field(default_factory=dict)
    #: line number -> the line as written (one line, white space collapsed)
    line_texts: dict[int, str] = field(default_factory=dict)
    started: str = ""
    finished: str = ""
    unreadable: list[dict[str, Any]] = field(default_factory=list)

    def item(self, item_id: str) -> KnownItem | None:
        return next((item for item in self.items if item.id == item_id), None)

    def total_missed(self) -> int:
        return sum(len(db.missed(db.final.number)) for db in self.databases.values()
                   if db.final is not None)

    def worst_recall(self) -> float | None:
        values = [db.final_recall for db in self.databases.values()
                  if db.final_recall is not None]
        return min(values) if values else None

    def failed(self) -> list[str]:
        return [name for name, db in self.databases.items() if not db.ok or db.skipped]

    def lost_at(self, target: str, item_id: str) -> list[int]:
        """The lines that miss the record although every line they refer to
        retrieves it: where the strategy loses it."""
        db = self.databases[target]
        lost = []
        for number in sorted(db.lines):
            line = db.lines[number]
            if line.error is not None or item_id in line.found:
                continue
            refs = self.references.get(number, [])
            if all(item_id in db.lines[ref].found for ref in refs if ref in db.lines):
                lost.append(number)
        return lost
