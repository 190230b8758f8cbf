"""``querylang export [RUN] --format ris|bibtex|csv -o FILE``: the
deduplicated records of a run for a screening tool (docs/overlap.md).

The command line (querylang/cli.py) opens the log and finds the run; this
module finds the records, deduplicates them and writes the file.
"""

from __future__ import annotations

from pathlib import Path
from typing import IO, TYPE_CHECKING

from querylang.records.export import EXPORT_FORMATS, export_text
from querylang.records.from_log import overlap_from_log
from querylang.records.overlap import overlap_diagnostics, render_diagnostics

if TYPE_CHECKING:
    from querylang.store import SearchLog, StoredRun

__all__ = ["ExportError", "export_run", "no_records_message"]


class ExportError(ValueError):
    """Nothing to export, or the file cannot be written (exit 2)."""


def no_records_message(stored: StoredRun, line: int | None) -> str:
    where = f"line {line} of run {stored.run_id}" if line else f"run {stored.run_id}"
    again = f" --line {line}" if line else ""
    return (
        f"RD001 no records fetched for {where}: run `querylang records "
        f"{stored.run_id}{again}` first"
    )


def export_run(
    log: SearchLog,
    stored: StoredRun,
    output_format: str,
    output: str | None,
    *,
    line: int | None = None,
    stdout: IO[str],
    stderr: IO[str],
) -> int:
    """Write the run's deduplicated records; the number written."""
    if output_format not in EXPORT_FORMATS:
        raise ExportError(
            f"unknown format {output_format!r}; one of {', '.join(EXPORT_FORMATS)}"
        )
    overlap = overlap_from_log(log, stored, line)
    if overlap is None:
        raise ExportError(no_records_message(stored, line))
    stderr.write(render_diagnostics(overlap_diagnostics(overlap)))
    text = export_text(overlap.dedup.works, output_format)
    if output is None or output == "-":
        stdout.write(text)
    else:
        try:
            Path(output).write_text(text, encoding="utf-8")
        except OSError as error:
            raise ExportError(f"cannot write {output}: {error.strerror}") from None
        stderr.write(
            f"wrote {output}: {overlap.unique_records:,} records (run {stored.run_id}, "
            f"line {overlap.line}; {overlap.duplicates_removed:,} duplicates removed)\n"
        )
    return overlap.unique_records
