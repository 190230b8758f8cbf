"""The overlap of a run's fetched records, read from the search log.

Shared by ``querylang records`` (after fetching), ``report`` (the PRISMA
section, ``--format prisma|overlap``) and ``export``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from querylang.records.overlap import Overlap, compute_overlap
from querylang.results import Status

if TYPE_CHECKING:
    from querylang.store import SearchLog, StoredRun

__all__ = ["records_line", "overlap_from_log", "run_counts"]


def _final_line(stored: StoredRun) -> int | None:
    numbers = [ln.number for result in stored.run.targets.values() for ln in result.lines]
    return max(numbers) if numbers else None


def records_line(log: SearchLog, stored: StoredRun, line: int | None = None) -> int | None:
    """The line whose records to use: ``line`` if records were fetched for
    it, else (no ``line``) the run's final line if it has records, else the
    last line that has some; None when nothing was fetched."""
    lines = log.fetched_lines(stored.run_id)
    if line is not None:
        return line if line in lines else None
    if not lines:
        return None
    final = _final_line(stored)
    return final if final in lines else max(lines)


def run_counts(stored: StoredRun, line: int, *, manual: bool = False) -> dict[str, int]:
    """Per database, the count the run logged for ``line`` (answered ones;
    with ``manual``, counts typed in by hand too: a database searched in its
    web page is in the PRISMA flow, though its records cannot be fetched)."""
    wanted = {Status.OK, Status.MANUAL} if manual else {Status.OK}
    counts: dict[str, int] = {}
    for name, result in stored.run.targets.items():
        for found in result.lines:
            if found.number == line and found.status in wanted and found.count is not None:
                counts[name] = int(found.count)
    return counts


def overlap_from_log(
    log: SearchLog, stored: StoredRun, line: int | None = None, *, every_database: bool = False
) -> Overlap | None:
    """Deduplicate and count the records fetched for the run's line (see
    :func:`records_line`); None when no records were fetched for it.

    ``every_database``: also list the databases that counted the line but
    whose records were not fetched (a count typed in, ``records --db``
    leaving them out), with 0 fetched: the PRISMA flow counts every
    database searched."""
    chosen = records_line(log, stored, line)
    if chosen is None:
        return None
    states = log.fetch_states(stored.run_id, chosen)
    records = log.load_records(stored.run_id, chosen)
    logged = run_counts(stored, chosen, manual=every_database)
    counts: dict[str, int | None] = {
        name: logged.get(name, state.total) for name, state in states.items()
    }
    complete = {name: state.complete for name, state in states.items()}
    if every_database:
        for name, count in logged.items():
            if name not in states:
                counts[name] = count
                complete[name] = count == 0
    return compute_overlap(
        {name: records.get(name, []) for name in states},
        counts=counts,
        complete=complete,
        run=stored.run_id,
        line=chosen,
    )
