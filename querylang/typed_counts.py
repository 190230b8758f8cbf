"""Counts typed in for databases without an API (interfaces such as Ovid).

``querylang run STRATEGY --count ovid-medline=1234 --count cochrane:3=56``:
a database that querylang cannot search (its registry entry has no API
spec) is still compiled, and its lines are logged with the counts read off
its web interface, never sent anywhere. This module decides which
databases a run holds and writes those lines; the runner, the search log,
``history``, ``diff`` and ``report`` then treat them as any other search.

The rules (docs/running.md, "Databases without an API"):

- without ``--db``, a run holds the databases with an API and every
  database without one that a ``--count`` names;
- ``--db`` may name a database without an API only with a ``--count`` for
  it (a usage error otherwise: no count could come from anywhere);
- a line of such a database without a count typed in is listed "not
  counted", with the ``--count`` that would give it (like a database
  skipped for want of a key: exit status 3);
- a run of such databases only is a valid run: no request is made.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from querylang.databases import REGISTRY, RUNNABLE
from querylang.results import LineResult, Source, Status

if TYPE_CHECKING:
    from querylang.runner import TargetPlan
    from querylang.targets.base import Compiled

__all__ = ["count_option", "run_databases", "typed_in_line"]


def run_databases(
    db: str | None, counts: Sequence[str]
) -> tuple[list[str], dict[str, dict[int, int]]]:
    """The databases a run holds, in registry order, and the counts typed in
    (``render_run.parse_counts``'s form). ValueError (a usage error) on a
    bad name, count, or a database without an API that nothing counts."""
    from querylang import render_run as rr

    known = list(REGISTRY)
    if db is None:
        typed = rr.parse_counts(counts, known, known)
        databases = [name for name in known if name in RUNNABLE or name in typed]
    else:
        databases = rr.parse_databases(db, known)
        typed = rr.parse_counts(counts, databases, known)
    uncounted = [name for name in databases if name not in RUNNABLE and name not in typed]
    if uncounted:
        raise rr.UsageError("; ".join(_no_api_text(name) for name in uncounted))
    return databases, typed


def _no_api_text(name: str) -> str:
    entry = REGISTRY[name]
    return (f"--db {name}: {entry.display} has no API querylang can search; type the count "
            f"its web interface shows with --count {name}=N (the final line) or "
            f"--count {name}:LINE=N ({entry.report.web_interface})")


def count_option(name: str, line: int, final: int) -> str:
    """The ``--count`` that gives line ``line`` of database ``name`` a count."""
    return f"--count {name}=N" if line == final else f"--count {name}:{line}=N"


def typed_in_line(plan: TargetPlan, compiled: Compiled,
                  manual: Mapping[int, int] | None = None) -> LineResult:
    """Line ``compiled`` of a database without an API: its count typed in
    (status ``manual``), else "not counted" (status ``skipped``). No request:
    the line's string is what was (or is to be) pasted into the interface."""
    manual = plan.manual if manual is None else manual
    entry = REGISTRY[plan.target]
    line = LineResult(number=compiled.line, query=compiled.query, api_query=None,
                      request=None, diagnostics=list(compiled.diagnostics))
    if compiled.query is None or not compiled.ok:
        # The CLI refuses a --count for such a line before the run: a count
        # is never logged without the string it counts.
        line.error = f"not counted: {entry.display} has no search string for this line"
        return line
    count = manual.get(compiled.line)
    if count is None:
        final = plan.final.line
        line.error = (f"not counted: no count typed in ({entry.display} has no API: "
                      f"{count_option(plan.target, compiled.line, final)})")
        return line
    line.count, line.status, line.source = count, Status.MANUAL, Source.MANUAL
    return line
