"""Diagnostics in brief: one line per code and database, for ``compile`` and ``run``.

Rendered one by one (:func:`querylang.diagnostics.render_text`), the
diagnostics of an ordinary strategy fill several screens: a MeSH heading
used once gives one warning per database, a wildcard phrase one per
target that cannot truncate it, each with four lines of source, caret and
help. Here the warnings and notes of each database are grouped by code, the
terms they concern listed on one line, with the search lines (``1.``,
``2.``: the numbers the tables use, not the file's line numbers) they sit
on::

    Web of Science: 4 warnings (WS102 x3, WS113)
      WS102 (warning) Web of Science has no MeSH: ...: mesh:"Asthma" — lines 1, 2
      WS113 (warning) The Starter API has no language filter: ...: lang:english — line 4

Errors are never grouped: the caller prints them in full, since each one
stops a query and needs its own fix. ``--verbose`` and ``--format json``
keep every diagnostic in full.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

from querylang.diagnostics import ONCE_PER_DATABASE, Diagnostic, Severity, sort_key

if TYPE_CHECKING:
    from querylang.ast import Strategy

__all__ = ["RUN_HINT", "VERBOSE_HINT", "render_grouped", "search_line_map", "search_lines_text", "summarize"]

#: Most terms listed on a group's line; the rest are counted ("+3 more").
MAX_TERMS = 4
#: Longest term shown as written; a longer one is cut with an ellipsis.
MAX_TERM_WIDTH = 32

#: The last line under the grouped diagnostics: where the detail is.
VERBOSE_HINT = (
    "each in full (source line, caret, help): --verbose or --format json; "
    "querylang explain CODE"
)

#: The same for ``run``, whose --format json is the counts' format.
RUN_HINT = "each in full (source line, caret, help): --verbose; querylang explain CODE"

_ORDER = (Severity.ERROR, Severity.WARNING, Severity.INFO)


def search_line_map(strategy: Strategy | None) -> dict[int, int]:
    """File line -> number of the search line written there (continuation
    lines included), so that a diagnostic can name the line as tables do."""
    found: dict[int, int] = {}
    if strategy is None:
        return found
    for line in strategy.lines:
        first = line.label_span.line if line.label_span is not None else line.span.line
        for number in range(min(first, line.span.line), line.span.end_line + 1):
            found.setdefault(number, line.number)
    return found


def search_lines_text(numbers: Iterable[int]) -> str:
    """``line 3`` or ``lines 1, 2`` (empty when there is none)."""
    ordered = sorted(set(numbers))
    if not ordered:
        return ""
    label = "line" if len(ordered) == 1 else "lines"
    return f"{label} {', '.join(map(str, ordered))}"


def summarize(diagnostics: Sequence[Diagnostic]) -> str:
    """``2 warnings (WS102 x3, WS113), 1 info (AX106)``: counts per severity,
    the codes behind each."""
    parts = []
    for severity in _ORDER:
        chosen = [d.code for d in diagnostics if d.severity is severity]
        if not chosen:
            continue
        codes = list(dict.fromkeys(chosen))
        listed = ", ".join(c if chosen.count(c) == 1 else f"{c} x{chosen.count(c)}" for c in codes)
        noun = severity.value if len(chosen) == 1 or severity is Severity.INFO else (
            severity.value + "s"
        )
        parts.append(f"{len(chosen)} {noun} ({listed})")
    return ", ".join(parts)


def render_grouped(
    sections: Sequence[tuple[str, Sequence[Diagnostic]]],
    source: str,
    line_map: Mapping[int, int],
    detail: str = VERBOSE_HINT,
) -> str:
    """Per section (a database, or the strategy itself): a summary line, then
    one line per code with its terms and search lines. Empty sections are
    left out; the result is empty when every section is. ``detail`` ends
    it: where the full diagnostics are."""
    from querylang.codes import lookup  # the registry imports this module's neighbours

    out: list[str] = []
    for name, diagnostics in sections:
        if not diagnostics:
            continue
        ordered = sorted(diagnostics, key=lambda d: (_ORDER.index(d.severity), sort_key(d)))
        out.append(f"{name}: {summarize(ordered)}")
        groups: dict[tuple[str, Severity], list[Diagnostic]] = {}
        for diagnostic in ordered:
            groups.setdefault((diagnostic.code, diagnostic.severity), []).append(diagnostic)
        for (code, severity), members in groups.items():
            info = lookup(code)
            out.append("  " + _group_line(code, severity, members, info.title if info else None,
                                          source, line_map))
    if out:
        out.append(detail)
    return "\n".join(out)


def _group_line(
    code: str,
    severity: Severity,
    members: Sequence[Diagnostic],
    title: str | None,
    source: str,
    line_map: Mapping[int, int],
) -> str:
    if code in ONCE_PER_DATABASE:
        # About the line's words as a whole (IE204): its span is the line,
        # which may hold none of them ("#11 AND lang:english"), so the
        # message, naming the words, is the brief.
        where = search_lines_text(line_map[d.span.line] for d in members[-1:]
                                  if d.span.line in line_map)
        return f"{code} ({severity.value}) {members[-1].message}" + (f" — {where}" if where else "")
    terms = list(dict.fromkeys(t for t in (_term(d, source) for d in members) if t))
    messages = {d.message for d in members}
    if terms or title is None:
        what = title or members[0].message
        if terms:
            shown = terms[:MAX_TERMS]
            more = len(terms) - len(shown)
            what += ": " + ", ".join(shown) + (f" (+{more} more)" if more else "")
    else:
        what = members[0].message if len(messages) == 1 else title
    where = search_lines_text(line_map[d.span.line] for d in members if d.span.line in line_map)
    return f"{code} ({severity.value}) {what}" + (f" — {where}" if where else "")


def _term(diagnostic: Diagnostic, source: str) -> str:
    """The text the diagnostic points at, on one line and cut to a readable width."""
    span = diagnostic.span
    if span.end <= span.start or span.end > len(source):
        return ""
    text = " ".join(source[span.start:span.end].split())
    if len(text) > MAX_TERM_WIDTH:
        text = text[: MAX_TERM_WIDTH - 1] + "…"
    return text
