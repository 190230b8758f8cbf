"""The report formats the page offers for a logged run.

One registry: each :class:`Download` names a format, its media type, the
file name it is saved under and the function that writes it from a
:class:`~querylang.store.StoredRun`. The page lists whatever is registered
(``GET /api/status``), so a format added elsewhere (the PRISMA diagram,
the overlap picture, the RIS export) is one ``register`` call away::

    from querylang.web.downloads import Download, register
    register(Download("ris", "RIS export", "application/x-research-info-systems",
                      lambda stored: f"run-{stored.run_id}.ris", produce_ris))

``produce`` gets the open search log as well, for what the log holds beside
the run (fetched records, known-item checks); a format that has nothing to
give for a run (no records fetched yet) raises :class:`Unavailable`.
"""

from __future__ import annotations

import io
import json
import os
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from querylang.records.overlap import Overlap
    from querylang.store import SearchLog, StoredRun


class Unavailable(Exception):
    """The format has nothing for this run yet; ``hint`` says what to do."""

    def __init__(self, message: str, hint: str) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


@dataclass(frozen=True)
class Download:
    """One format: ``produce`` returns its text or bytes for a run."""

    name: str
    label: str
    media_type: str
    filename: Callable[[StoredRun], str]
    produce: Callable[[SearchLog, StoredRun], str | bytes]


#: name -> download, in the order the page lists them.
REGISTRY: dict[str, Download] = {}


def register(download: Download) -> Download:
    """Add (or replace) a format; returns it, so it can decorate a table."""
    REGISTRY[download.name] = download
    return download


def get(name: str) -> Download | None:
    return REGISTRY.get(name)


def stem(stored: StoredRun) -> str:
    """``<strategy file stem>-run<N>``, or ``run<N>`` for text typed in."""
    name = Path(stored.run.source_name).stem
    if name.startswith("<"):  # <web page>, <query>, <stdin>: no file name
        return f"run{stored.run_id}"
    safe = "".join(ch if ch.isalnum() or ch in "-_." else "-" for ch in name).strip("-.")
    return f"{safe}-run{stored.run_id}" if safe else f"run{stored.run_id}"


def _report(output_format: str) -> Callable[[SearchLog, StoredRun], str]:
    """The report as ``querylang report --format FORMAT`` writes it (the
    PRISMA flow and the known-item recall included where the log has them)."""

    def produce(log: SearchLog, stored: StoredRun) -> str:
        from querylang.full_report import report_text

        return report_text(log, stored, output_format)

    return produce


def _from_records(
    render: Callable[[StoredRun, Overlap], str],
) -> Callable[[SearchLog, StoredRun], str]:
    """A format drawn from the run's deduplicated records; Unavailable (409,
    with the command that fetches them) before ``querylang records``."""

    def produce(log: SearchLog, stored: StoredRun) -> str:
        from querylang.full_report import run_overlap

        overlap = run_overlap(log, stored)
        if overlap is None:
            raise Unavailable(f"no records fetched for run {stored.run_id}",
                              f"fetch them first: querylang records {stored.run_id}")
        return render(stored, overlap)

    return produce


def _figure(kind: str) -> Callable[[SearchLog, StoredRun], str]:
    """The PRISMA 2020 flow or the overlap picture (``report --format prisma|overlap``)."""

    def render(stored: StoredRun, overlap: Overlap) -> str:
        from querylang.records.report_figures import figure_svg

        return figure_svg(stored, overlap, kind)

    return _from_records(render)


def _export(output_format: str) -> Callable[[SearchLog, StoredRun], str]:
    """The deduplicated records for a screening tool (``querylang export``)."""

    def render(stored: StoredRun, overlap: Overlap) -> str:
        from querylang.records.export import export_text

        return export_text(overlap.dedup.works, output_format)

    return _from_records(render)


def _searchfiles(log: SearchLog, stored: StoredRun) -> bytes:
    """A zip of one SearchFile per database, named as ``report --format
    searchfile -o DIR/`` names them."""
    from querylang.report import AUTHOR_ENV, DEFAULT_AUTHOR, ordered_targets, searchfile

    authors = [os.environ.get(AUTHOR_ENV) or DEFAULT_AUTHOR]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for target in ordered_targets(stored.run.targets):
            data = searchfile(stored, target, authors)
            archive.writestr(f"{stem(stored)}-{target}.json",
                             json.dumps(data, indent=2, ensure_ascii=False) + "\n")
    return buffer.getvalue()


register(Download("markdown", "PRISMA-S appendix (Markdown)", "text/markdown; charset=utf-8",
                  lambda s: f"{stem(s)}.md", _report("markdown")))
register(Download("csv", "Counts per line (CSV)", "text/csv; charset=utf-8",
                  lambda s: f"{stem(s)}.csv", _report("csv")))
register(Download("json", "The run (JSON)", "application/json",
                  lambda s: f"{stem(s)}.json", _report("json")))
register(Download("searchfile", "SearchFiles, one per database (zip)", "application/zip",
                  lambda s: f"{stem(s)}-searchfiles.zip", _searchfiles))
register(Download("prisma", "PRISMA 2020 flow (SVG)", "image/svg+xml",
                  lambda s: f"{stem(s)}-prisma.svg", _figure("prisma")))
register(Download("overlap", "Overlap between databases (SVG)", "image/svg+xml",
                  lambda s: f"{stem(s)}-overlap.svg", _figure("overlap")))
register(Download("ris", "Deduplicated records (RIS)", "application/x-research-info-systems",
                  lambda s: f"{stem(s)}.ris", _export("ris")))
register(Download("bibtex", "Deduplicated records (BibTeX)", "application/x-bibtex",
                  lambda s: f"{stem(s)}.bib", _export("bibtex")))
