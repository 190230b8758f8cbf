"""What a run produces: hit counts per database and line.

The runner (:mod:`querylang.runner`) fills these; the search log
(:mod:`querylang.store`) saves them; the renderers and the report read them.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Any

from querylang.diagnostics import Diagnostic

__all__ = ["Status", "Source", "LineResult", "TargetResult", "RunResult"]


class Status(str, enum.Enum):
    OK = "ok"  # the database answered with a count of the query sent
    ERROR = "error"  # the database failed or answered with an error
    SKIPPED = "skipped"  # not run: no key, or the target refused the line
    MANUAL = "manual"  # a count entered by hand (--count wos=1234)


class Source(str, enum.Enum):
    FETCHED = "fetched"  # asked the database now
    CACHED = "cached"  # answered from the search log (--max-age)
    MANUAL = "manual"  # typed in by the user
    NONE = "none"  # no count


@dataclass
class LineResult:
    """One line in one database."""

    number: int
    query: str | None  # interface string
    api_query: str | None  # query text actually sent
    request: dict[str, Any] | None  # ApiRequest.to_dict(): no secrets
    status: Status = Status.SKIPPED
    count: int | None = None
    error: str | None = None
    source: Source = Source.NONE
    api_notes: list[str] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    elapsed: float = 0.0  # seconds spent on the network (0 when cached)

    def to_dict(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "query": self.query,
            "api_query": self.api_query,
            "count": self.count,
            "status": self.status.value,
            "error": self.error,
            "source": self.source.value,
            "api_notes": list(self.api_notes),
            "diagnostics": [d.to_dict() for d in self.diagnostics],
        }


@dataclass
class TargetResult:
    """One database: the final line's figures plus every counted line."""

    target: str
    query: str | None
    status: Status
    count: int | None = None
    error: str | None = None
    lines: list[LineResult] = field(default_factory=list)
    api_notes: list[str] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # interface instructions

    def to_dict(self) -> dict[str, Any]:
        return {
            "query": self.query,
            "status": self.status.value,
            "count": self.count,
            "error": self.error,
            "lines": [line.to_dict() for line in self.lines],
            "api_notes": list(self.api_notes),
            "notes": list(self.notes),
            "diagnostics": [d.to_dict() for d in self.diagnostics],
        }


@dataclass
class RunResult:
    """A whole run. Times are ISO 8601 UTC strings."""

    started: str
    finished: str | None
    version: str
    source_text: str
    source_name: str
    targets: dict[str, TargetResult] = field(default_factory=dict)
    run_id: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "run_id": self.run_id,
            "started": self.started,
            "finished": self.finished,
            "version": self.version,
            "source": self.source_name,
            "targets": {name: result.to_dict() for name, result in self.targets.items()},
        }
