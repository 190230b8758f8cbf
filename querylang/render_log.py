"""Rich tables for the search log: ``history``, ``show`` and ``diff``.

The comparison itself (:func:`compare_runs`) is plain data so it can be
tested without rendering; the ``render_*`` functions print to a rich
``Console`` the command hands in (stdout).
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.console import Console
from rich.table import Table
from rich.text import Text

from querylang.report import database_info, ordered_targets
from querylang.results import LineResult, Source, Status
from querylang.store import RunSummary, StoredRun

__all__ = [
    "LineChange",
    "RunDiff",
    "compare_runs",
    "strategy_lines",
    "render_history",
    "render_run",
    "render_diff",
]

#: Characters of the strategy hash shown in tables (like a short git hash).
SHORT_HASH = 8
MISSING = "–"
#: Suffix marking a count answered from the log or typed in by hand.
SOURCE_MARK = {Source.CACHED.value: " (cached)", Source.MANUAL.value: " (manual)"}


def _when(iso: str | None) -> str:
    return MISSING if not iso else iso[:19].replace("T", " ")


def _count_text(count: int | None, status: str, source: str) -> str:
    if count is None:
        return status if status != Status.OK.value else MISSING
    return f"{count:,}{SOURCE_MARK.get(source, '')}"


# -- history ----------------------------------------------------------------------


def render_history(console: Console, runs: list[RunSummary]) -> None:
    targets = ordered_targets(name for run in runs for name in run.counts)
    table = Table(title="Search log", title_justify="left")
    table.add_column("Run", justify="right")
    table.add_column("Started (UTC)")
    table.add_column("Strategy")
    table.add_column("Hash")
    for target in targets:
        table.add_column(database_info(target).name, justify="right")
    for run in runs:
        run_cell = Text(str(run.run_id))
        if not run.complete:
            run_cell.append(" incomplete", style="yellow")
        cells = [
            _count_text(*run.counts[target]) if target in run.counts else MISSING
            for target in targets
        ]
        table.add_row(
            run_cell, _when(run.started), run.source_name, run.source_sha256[:SHORT_HASH], *cells
        )
    console.print(table)


# -- show -------------------------------------------------------------------------


def _line_notes(line: LineResult) -> str:
    parts = [d.code for d in line.diagnostics]
    parts += line.api_notes
    if line.error:
        parts.append(line.error)
    return "; ".join(parts)


def render_run(console: Console, stored: StoredRun) -> None:
    run = stored.run
    state = "complete" if stored.complete else "INCOMPLETE (the run was interrupted)"
    console.print(f"Run {run.run_id}: {run.source_name}  [{state}]", markup=False)
    console.print(
        f"started {_when(run.started)} UTC, finished {_when(run.finished)} UTC, "
        f"querylang {run.version}, sha256 {stored.source_sha256}",
        markup=False,
    )
    console.print()
    console.print(run.source_text.rstrip("\n"), markup=False, highlight=False)
    for target in ordered_targets(run.targets):
        result = run.targets[target]
        table = Table(
            title=f"{database_info(target).name}: {result.status.value}"
            + ("" if result.count is None else f", {result.count:,} records"),
            title_justify="left",
        )
        table.add_column("Line", justify="right")
        table.add_column("Search")
        table.add_column("Count", justify="right")
        table.add_column("Status")
        table.add_column("Source")
        table.add_column("Searched (UTC)")
        table.add_column("Notes")
        for line in sorted(result.lines, key=lambda item: item.number):
            meta = stored.line_meta.get((target, line.number))
            fetched = _when(meta.fetched_at) if meta else MISSING
            source = line.source.value
            if meta and meta.cached_from is not None:
                source += f" (run {meta.cached_from})"
            table.add_row(
                str(line.number),
                Text(line.query or MISSING),
                MISSING if line.count is None else f"{line.count:,}",
                line.status.value,
                source,
                fetched,
                Text(_line_notes(line)),
            )
        console.print()
        console.print(table)
        extra = [f"error: {result.error}"] if result.error else []
        extra += [f"{d.code} ({d.severity.value}): {d.message}" for d in result.diagnostics]
        extra += [f"note: {note}" for note in result.notes + result.api_notes]
        for item in extra:
            console.print("  " + item, markup=False, highlight=False)


# -- diff -------------------------------------------------------------------------


@dataclass(frozen=True)
class LineChange:
    """One line in one database, in both runs."""

    target: str
    number: int
    count_a: int | None
    count_b: int | None
    query_changed: bool

    @property
    def change(self) -> int | None:
        if self.count_a is None or self.count_b is None:
            return None
        return self.count_b - self.count_a


@dataclass(frozen=True)
class RunDiff:
    run_a: int
    run_b: int
    changes: list[LineChange]
    #: line numbers whose strategy text differs (added or removed lines too)
    text_changed: list[int]
    lines_a: dict[int, str]
    lines_b: dict[int, str]


def strategy_lines(source_text: str) -> dict[int, str]:
    """Line number -> the line's text (whitespace collapsed, comments dropped)."""
    from querylang import analyze

    strategy = analyze(source_text).strategy
    if strategy is None:
        return {}
    out = {}
    for line in strategy.lines:
        span = getattr(line.expr, "span", line.span)
        text = source_text[span.start : span.end] if span.end > span.start else ""
        out[line.number] = " ".join(text.split())
    return out


def compare_runs(a: StoredRun, b: StoredRun) -> RunDiff:
    lines_a = strategy_lines(a.run.source_text)
    lines_b = strategy_lines(b.run.source_text)
    text_changed = sorted(
        number
        for number in set(lines_a) | set(lines_b)
        if lines_a.get(number) != lines_b.get(number)
    )
    changes = []
    for target in ordered_targets(set(a.run.targets) | set(b.run.targets)):
        by_a = _lines_by_number(a, target)
        by_b = _lines_by_number(b, target)
        for number in sorted(set(by_a) | set(by_b)):
            line_a, line_b = by_a.get(number), by_b.get(number)
            # A line counted in one run only is not a changed search: say
            # "changed" only when both runs have the line and its query differs.
            query_changed = (
                line_a is not None and line_b is not None and line_a.query != line_b.query
            )
            changes.append(
                LineChange(
                    target,
                    number,
                    line_a.count if line_a else None,
                    line_b.count if line_b else None,
                    query_changed,
                )
            )
    return RunDiff(a.run_id, b.run_id, changes, text_changed, lines_a, lines_b)


def _lines_by_number(stored: StoredRun, target: str) -> dict[int, LineResult]:
    result = stored.run.targets.get(target)
    return {} if result is None else {line.number: line for line in result.lines}


def _change_text(change: LineChange) -> Text:
    delta = change.change
    if delta is None:
        return Text(MISSING)
    if delta == 0:
        return Text("0")
    percent = f" ({delta / change.count_a:+.1%})" if change.count_a else ""
    return Text(f"{delta:+,}{percent}", style="green" if delta > 0 else "red")


def render_diff(console: Console, diff: RunDiff) -> None:
    table = Table(title=f"Run {diff.run_a} -> run {diff.run_b}", title_justify="left")
    table.add_column("Database")
    table.add_column("Line", justify="right")
    table.add_column(f"Run {diff.run_a}", justify="right")
    table.add_column(f"Run {diff.run_b}", justify="right")
    table.add_column("Change", justify="right")
    table.add_column("Search changed")
    for change in diff.changes:
        table.add_row(
            database_info(change.target).name,
            str(change.number),
            MISSING if change.count_a is None else f"{change.count_a:,}",
            MISSING if change.count_b is None else f"{change.count_b:,}",
            _change_text(change),
            "yes" if change.query_changed else "",
        )
    console.print(table)
    if not diff.text_changed:
        console.print("Strategy text: unchanged.")
        return
    console.print("Strategy lines whose text changed:")
    for number in diff.text_changed:
        before = diff.lines_a.get(number, "(no such line)")
        after = diff.lines_b.get(number, "(no such line)")
        console.print(f"  {number}. - {before}", markup=False, highlight=False)
        console.print(f"  {' ' * len(str(number))}  + {after}", markup=False, highlight=False)
