"""Diagnostics: what querylang says about a strategy, and how it says it.

A :class:`Diagnostic` has a stable code, a severity, a message, the span it
points at and a hint. Every code is declared once in :mod:`querylang.codes`
(the registry) with a paragraph of explanation that ``querylang explain``
prints. Rendering follows ruff::

    strategy.qry:2:14: PM201 PubMed needs 4 letters before a wildcard (LLM*)
      |
    2 |    OR LLM* OR GPT*
      |       ^^^^
      = help: write the word out in full, or OR its variants

Exceptions (one tree)::

    QuerylangError            base of everything querylang raises on purpose
    └── StrategyError         the input has error diagnostics (exit status 1)
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence
from typing import Any

from querylang.ast import NO_SPAN, Span
from querylang.record import field, record

__all__ = [
    "Severity",
    "Diagnostic",
    "CodeInfo",
    "code_info",
    "CodeTable",
    "QuerylangError",
    "StrategyError",
    "has_errors",
    "render_text",
    "render_json",
    "to_dicts",
    "ONCE_PER_DATABASE",
    "once_per_database",
]


class Severity(str, enum.Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


_SEVERITY_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}


@record(frozen=True)
class Diagnostic:
    code: str
    severity: Severity
    message: str
    span: Span = NO_SPAN
    hint: str | None = None
    #: The database the diagnostic is about (None: the language itself).
    target: str | None = None

    def with_severity(self, severity: Severity) -> Diagnostic:
        return Diagnostic(self.code, severity, self.message, self.span, self.hint, self.target)

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "severity": self.severity.value,
            "message": self.message,
            "line": self.span.line,
            "column": self.span.column,
            "end_line": self.span.end_line,
            "end_column": self.span.end_column,
            "hint": self.hint,
            "target": self.target,
        }


@record(frozen=True)
class CodeInfo:
    """One entry of the registry: everything ``querylang explain`` prints."""

    code: str
    severity: Severity
    title: str
    explanation: str
    example: str
    instead: str
    #: Target-family codes that mark a change of meaning; --strict makes them errors.
    changes_meaning: bool = False
    aliases: tuple[str, ...] = field(default=())


def code_info(
    code: str,
    severity: Severity,
    title: str,
    explanation: str,
    example: str,
    instead: str,
    *,
    changes_meaning: bool = False,
) -> CodeInfo:
    """One code's entry as the code tables write it (the explanation is a
    triple-quoted block: its surrounding blank space is dropped)."""
    return CodeInfo(code, severity, title, explanation.strip(), example, instead, changes_meaning)


class CodeTable:
    """A database's code table as its ``codes.py`` declares it: one call per
    code, in order (the call reads like :func:`code_info`); ``codes`` is the
    tuple its registry entry's ``codes_path`` names."""

    def __init__(self) -> None:
        self._declared: list[CodeInfo] = []

    def __call__(
        self,
        code: str,
        severity: Severity,
        title: str,
        explanation: str,
        example: str,
        instead: str,
        *,
        changes_meaning: bool = False,
    ) -> None:
        self._declared.append(code_info(
            code, severity, title, explanation, example, instead, changes_meaning=changes_meaning
        ))

    @property
    def codes(self) -> tuple[CodeInfo, ...]:
        return tuple(self._declared)


class QuerylangError(Exception):
    """Base of every error querylang raises on purpose."""


class StrategyError(QuerylangError):
    """The strategy has errors; ``diagnostics`` says which."""

    def __init__(self, diagnostics: Sequence[Diagnostic]) -> None:
        self.diagnostics = list(diagnostics)
        first = next((d for d in self.diagnostics if d.severity is Severity.ERROR), None)
        summary = f"{first.code} {first.message}" if first else "invalid strategy"
        super().__init__(summary)


def has_errors(diagnostics: Iterable[Diagnostic]) -> bool:
    return any(d.severity is Severity.ERROR for d in diagnostics)


def sort_key(diagnostic: Diagnostic) -> tuple[int, int, int, str]:
    return (
        diagnostic.span.line,
        diagnostic.span.column,
        _SEVERITY_ORDER[diagnostic.severity],
        diagnostic.code,
    )


def _source_lines(source: str) -> list[str]:
    return source.splitlines() or [""]


def render_one(diagnostic: Diagnostic, source: str, filename: str = "<query>") -> str:
    """One diagnostic in ruff's layout: location line, source line, caret, help."""
    span = diagnostic.span
    where = diagnostic.target + ": " if diagnostic.target else ""
    severity = "" if diagnostic.severity is Severity.ERROR else f"[{diagnostic.severity.value}] "
    # A diagnostic about the whole source (an empty one) has no position
    # (line 0): "file:0:0:" would point at nothing.
    place = f"{filename}:{span.line}:{span.column}" if span.line >= 1 else filename
    head = f"{place}: {diagnostic.code} {severity}{where}{diagnostic.message}"
    out = [head]
    lines = _source_lines(source)
    if 1 <= span.line <= len(lines):
        text = lines[span.line - 1].expandtabs(1)
        gutter = str(span.line)
        pad = " " * len(gutter)
        if span.end_line == span.line:
            width = max(1, span.end_column - span.column)
        else:
            width = max(1, len(text) - span.column + 1)
        out.append(f"{pad} |")
        out.append(f"{gutter} | {text}")
        out.append(f"{pad} | {' ' * (span.column - 1)}{'^' * width}")
    if diagnostic.hint:
        prefix = "  = help: " if 1 <= span.line <= len(lines) else "  help: "
        out.append(prefix + diagnostic.hint)
    return "\n".join(out)


def render_text(diagnostics: Iterable[Diagnostic], source: str, filename: str = "<query>") -> str:
    """All diagnostics, sorted by position, separated by blank lines."""
    ordered = sorted(diagnostics, key=sort_key)
    return "\n\n".join(render_one(d, source, filename) for d in ordered)


def to_dicts(diagnostics: Iterable[Diagnostic]) -> list[dict[str, Any]]:
    return [d.to_dict() for d in sorted(diagnostics, key=sort_key)]


def render_json(diagnostics: Iterable[Diagnostic], filename: str = "<query>") -> str:
    import json

    return json.dumps({"file": filename, "diagnostics": to_dicts(diagnostics)}, indent=2)


#: Warnings that change nothing in the query and concern the database as a
#: whole (IEEE Xplore's documented limit on wildcard words, IE204): said once
#: per database, not once per line that compiles the same words again.
ONCE_PER_DATABASE = frozenset({"IE204"})


def once_per_database(diagnostics: Sequence[Diagnostic]) -> list[Diagnostic]:
    """``diagnostics`` with each :data:`ONCE_PER_DATABASE` code of a target
    kept once: the one of the latest line (the final line, references
    expanded, names the most words)."""
    last: dict[tuple[str, str | None], Diagnostic] = {}
    for diagnostic in diagnostics:
        if diagnostic.code in ONCE_PER_DATABASE:
            key = (diagnostic.code, diagnostic.target)
            if key not in last or sort_key(diagnostic) >= sort_key(last[key]):
                last[key] = diagnostic
    if not last:
        return list(diagnostics)
    kept = set(map(id, last.values()))
    return [d for d in diagnostics if d.code not in ONCE_PER_DATABASE or id(d) in kept]
