"""``querylang report --format prisma|overlap``: the PRISMA 2020 flow's
identification part or the overlap chart of a run's records, as SVG."""

from __future__ import annotations

import os
from pathlib import Path
from typing import IO, TYPE_CHECKING

from querylang.records.export_command import no_records_message
from querylang.records.figures import overlap_svg, prisma_numbers, prisma_svg
from querylang.records.overlap import Overlap, overlap_diagnostics, render_diagnostics

if TYPE_CHECKING:
    from querylang.store import StoredRun

__all__ = ["FigureError", "figure_svg", "write_figure"]


class FigureError(ValueError):
    """No records to draw, or the file cannot be written (exit 2)."""


def figure_svg(stored: StoredRun, overlap: Overlap, kind: str) -> str:
    caption = (
        f"Numbers from querylang run {stored.run_id}, line {overlap.line} "
        f"({os.path.basename(stored.run.source_name)}), searched {stored.run.started[:10]}."
    )
    if kind == "prisma":
        return prisma_svg(prisma_numbers(overlap), caption)
    return overlap_svg(overlap, caption)


def write_figure(
    stored: StoredRun,
    overlap: Overlap | None,
    kind: str,
    output: str | None,
    stdout: IO[str],
    stderr: IO[str],
) -> None:
    if overlap is None:
        raise FigureError(no_records_message(stored, None))
    stderr.write(render_diagnostics(overlap_diagnostics(overlap)))
    text = figure_svg(stored, overlap, kind)
    if output is None or output == "-":
        stdout.write(text)
        return
    try:
        Path(output).write_text(text, encoding="utf-8")
    except OSError as error:
        raise FigureError(f"cannot write {output}: {error.strerror}") from None
    stderr.write(f"wrote {output}\n")
