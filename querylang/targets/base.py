"""What every target produces: the contract between compiler and runner.

A compiled line has two faces (issue 3): the *interface string* a librarian
pastes into the database's own advanced search, and the *API request* a run
sends. The request never holds a key's value: it names the environment
variable and where the key goes, and the runner adds it at send time.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from querylang.diagnostics import Diagnostic, Severity, has_errors

__all__ = ["ApiRequest", "Compiled"]


@dataclass(frozen=True)
class ApiRequest:
    """An HTTP request without secrets.

    ``params`` are the query parameters (for POST, the form body). The key,
    when there is one, is read from ``key_env`` at send time and placed in
    the parameter ``key_param`` or the header ``key_header``.
    """

    method: str
    url: str
    params: dict[str, str]
    headers: tuple[str, ...] = ()
    key_env: str | None = None
    key_param: str | None = None
    key_header: str | None = None
    key_required: bool = False

    def to_dict(self) -> dict[str, Any]:
        """JSON view; header names only, never values."""
        return {
            "method": self.method,
            "url": self.url,
            "params": dict(self.params),
            "headers": list(self.headers),
            "key_env": self.key_env,
        }


@dataclass(frozen=True)
class Compiled:
    """One line of a strategy compiled for one target.

    ``query`` is the interface string (None when the target refused the
    line); ``api_query`` is the query text inside the API request (differs
    from ``query`` for Web of Science); ``notes`` are instructions for the
    interface user (e.g. IEEE: set the year filter to 2013-2023).
    """

    target: str
    line: int
    query: str | None
    api: ApiRequest | None
    api_query: str | None
    diagnostics: tuple[Diagnostic, ...] = ()
    notes: tuple[str, ...] = field(default=())

    @property
    def ok(self) -> bool:
        return self.query is not None and not has_errors(self.diagnostics)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity is Severity.ERROR]

    def to_dict(self) -> dict[str, Any]:
        return {
            "target": self.target,
            "line": self.line,
            "query": self.query,
            "api_query": self.api_query,
            "api": self.api.to_dict() if self.api else None,
            "notes": list(self.notes),
            "diagnostics": [d.to_dict() for d in self.diagnostics],
        }
