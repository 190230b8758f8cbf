"""A logged run's report with everything the log holds for it.

``querylang report`` and the web page's downloads both write a run's
PRISMA-S report from the counts, the PRISMA 2020 flow when records were
fetched (:mod:`querylang.records`) and the known-item recall when a check
of the same strategy exists (:mod:`querylang.known`). One function, so the
two never disagree.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from querylang.records.overlap import Overlap
    from querylang.store import SearchLog, StoredRun

__all__ = ["TEXT_FORMATS", "report_text", "run_overlap"]

#: The report formats written as one text.
TEXT_FORMATS = ("markdown", "csv", "json")


def run_overlap(log: SearchLog, stored: StoredRun) -> Overlap | None:
    """The deduplicated records of the run's records line (every database
    searched counted in the PRISMA flow); None when none were fetched."""
    from querylang.records.from_log import overlap_from_log

    return overlap_from_log(log, stored, every_database=True)


def report_text(log: SearchLog, stored: StoredRun, output_format: str) -> str:
    """The report of ``stored`` in ``markdown``, ``csv`` or ``json``."""
    from querylang import report as reports

    if output_format == "csv":  # counts per line: neither flow nor recall fits its rows
        return reports.render_csv(stored)
    overlap = run_overlap(log, stored)
    if output_format == "markdown":
        text = reports.render_markdown(stored, overlap)
    elif output_format == "json":
        text = reports.render_json(stored, overlap)
    else:
        raise ValueError(f"not a text report format: {output_format!r}")
    known_check = log.latest_check(stored.run.source_text)
    if known_check is not None:
        from querylang.known.render import with_check

        text = with_check(text, output_format, known_check[2])
    return text
