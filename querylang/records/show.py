"""What ``querylang records`` prints after fetching: the fetch summary and
the overlap of the deduplicated records (issue 13 item 5).

* table, markdown: the fetch summary (requests, status), then the overlap
  table;
* json: one object, the fetch summary's keys with the overlap's added
  (per database ``only_here``, ``shared``...; ``unique_records``,
  ``duplicates_removed``, ``possible_duplicates``...);
* csv: the overlap table (one CSV table per output).

The RD diagnostics about the numbers go to stderr.
"""

from __future__ import annotations

import io
import json
from typing import IO, TYPE_CHECKING, Any

from querylang.records.from_log import overlap_from_log
from querylang.records.overlap import overlap_diagnostics, render_diagnostics
from querylang.records.render import render_csv, render_markdown, render_table

if TYPE_CHECKING:
    from querylang.records.command import FetchSummary
    from querylang.store import SearchLog, StoredRun

__all__ = ["records_output"]


def records_output(
    log: SearchLog, stored: StoredRun, line: int, summary: FetchSummary, fmt: str, err: IO[str]
) -> str:
    from querylang.records.command import render_fetch_summary

    overlap = overlap_from_log(log, stored, line)
    if overlap is None:
        return render_fetch_summary(summary, fmt)
    err.write(render_diagnostics(overlap_diagnostics(overlap)))
    if fmt == "json":
        data: dict[str, Any] = summary.to_dict()
        joined = overlap.to_dict()
        databases = data.setdefault("databases", {})
        for name, numbers in joined.pop("databases").items():
            databases.setdefault(name, {}).update(numbers)
        data.update(joined)
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    if fmt == "csv":
        return render_csv(overlap)
    if fmt == "markdown":
        return render_fetch_summary(summary, "markdown") + "\n" + render_markdown(overlap)
    from rich.console import Console

    out = io.StringIO()
    render_table(overlap, Console(file=out, width=120, highlight=False))
    return render_fetch_summary(summary, "table") + "\n" + out.getvalue()
