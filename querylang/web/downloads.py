"""The report formats the page offers for a logged run.

One registry: each :class:`Download` names a format, its media type, the
file name it is saved under and the function that writes it from a
:class:`~querylang.store.StoredRun`. The page lists whatever is registered
(``GET /api/status``), so a format added elsewhere (the PRISMA diagram,
the overlap picture, the RIS export) is one ``register`` call away::

    from querylang.web.downloads import Download, register
    register(Download("ris", "RIS export", "application/x-research-info-systems",
                      lambda stored: f"run-{stored.run_id}.ris", produce_ris))
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
    from querylang.store import StoredRun


@dataclass(frozen=True)
class Download:
    """One format: ``produce`` returns its text or bytes for a run."""

    name: str
    label: str
    media_type: str
    filename: Callable[[StoredRun], str]
    produce: Callable[[StoredRun], str | bytes]


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


def _markdown(stored: StoredRun) -> str:
    from querylang.report import render_markdown

    return render_markdown(stored)


def _csv(stored: StoredRun) -> str:
    from querylang.report import render_csv

    return render_csv(stored)


def _json(stored: StoredRun) -> str:
    from querylang.report import render_json

    return render_json(stored)


def _searchfiles(stored: StoredRun) -> bytes:
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
                  lambda s: f"{stem(s)}.md", _markdown))
register(Download("csv", "Counts per line (CSV)", "text/csv; charset=utf-8",
                  lambda s: f"{stem(s)}.csv", _csv))
register(Download("json", "The run (JSON)", "application/json",
                  lambda s: f"{stem(s)}.json", _json))
register(Download("searchfile", "SearchFiles, one per database (zip)", "application/zip",
                  lambda s: f"{stem(s)}-searchfiles.zip", _searchfiles))
