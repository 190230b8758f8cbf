"""Rich tables for the search log: ``history``, ``show`` and ``diff``.

The comparison itself (:func:`compare_runs`) is plain data so it can be
tested without rendering; the ``render_*`` functions print to a rich
``Console`` the command hands in (stdout).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from rich.console import Console
from rich.table import Table
from rich.text import Text

from querylang.databases import REGISTRY
from querylang.report import database_info, ordered_targets
from querylang.results import LineResult, Source, Status
from querylang.store import RunSummary, StoredRun

__all__ = [
    "LineChange",
    "LinePair",
    "RunDiff",
    "align_lines",
    "canonical_lines",
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


#: Column headings of ``history``: short, so that a run fits 80 columns.
SHORT_NAMES = {name: entry.short for name, entry in REGISTRY.items()}
#: Marks after a count in ``history`` (explained under the table).
HISTORY_MARK = {Source.CACHED.value: " c", Source.MANUAL.value: " m"}
#: From this console width on, ``history`` shows seconds and the strategy hash.
WIDE_HISTORY = 100
#: The narrowest the strategy column of ``history`` gets before its
#: databases go to a table of their own (its file name folds, counts never).
HISTORY_STRATEGY_MIN = 12


def _history_count(count: int | None, status: str, source: str, whole_run_cached: bool) -> str:
    if count is None:
        return status if status != Status.OK.value else MISSING
    # a run answered wholly from the log says so once, beside its name
    mark = "" if whole_run_cached and source == Source.CACHED.value else HISTORY_MARK.get(source)
    return f"{count:,}{mark or ''}"


def render_history(console: Console, runs: list[RunSummary]) -> None:
    """One row per run. At 80 columns: id, start (to the minute), strategy
    file name (folded, never cut), the final counts under short names;
    a wider console adds seconds and the strategy hash."""
    wide = console.width >= WIDE_HISTORY
    targets = ordered_targets(name for run in runs for name in run.counts)
    # A count is never cut (a cut count reads as another number): when the
    # databases do not fit the console's width, the table is split into
    # several, each with the run's columns and as many databases as fit.
    groups: list[list[str]] = []
    for target in targets:
        if groups and _history_fits(console, runs, [*groups[-1], target], wide):
            groups[-1].append(target)
        else:
            groups.append([target])
    marks: set[str] = set()
    for number, group in enumerate(groups or [[]]):
        title = "Search log" if number == 0 else "Search log (continued)"
        table = _history_table(runs, group, wide, title, marks)
        console.print(table)
    legend = {" c": "c: count from the search log (cache)", " m": "m: count typed in by hand"}
    notes = [legend[mark] for mark in sorted(marks)]
    if any(run.from_cache and run.complete for run in runs):
        notes.append("all cached: every count from the search log, no database asked")
    for note in notes:
        console.print(note, highlight=False)


def _history_fits(console: Console, runs: list[RunSummary], targets: list[str],
                  wide: bool) -> bool:
    """Whether the run columns, a strategy column of at least
    ``HISTORY_STRATEGY_MIN`` and these databases' whole counts fit."""
    widths = [max([3, *(len(str(run.run_id)) for run in runs)]),
              19 if wide else 16, HISTORY_STRATEGY_MIN]
    if wide:
        widths.append(SHORT_HASH)
    for target in targets:
        cells = [_history_count(*run.counts[target], run.from_cache)
                 if target in run.counts else MISSING for run in runs]
        widths.append(max(len(text) for text in [SHORT_NAMES.get(target, target), *cells]))
    # box=None, pad_edge=False: one space each side of a column, none at the edges
    return sum(widths) + 2 * (len(widths) - 1) <= console.width


def _history_table(runs: list[RunSummary], targets: list[str], wide: bool, title: str,
                   marks: set[str]) -> Table:
    table = Table(title=title, title_justify="left", box=None, pad_edge=False,
                  header_style="bold")
    table.add_column("Run", justify="right", no_wrap=True)
    table.add_column("Started (UTC)", no_wrap=True)
    table.add_column("Strategy", overflow="fold", ratio=1)
    if wide:
        table.add_column("Hash", no_wrap=True)
    for target in targets:
        table.add_column(SHORT_NAMES.get(target, target), justify="right", no_wrap=True)
    for run in runs:
        name = Text(run.source_name if wide else _file_name(run.source_name))
        if not run.complete:
            name.append("\n(incomplete)", style="yellow")
        elif run.from_cache:
            name.append("\n(all cached)", style="cyan")
        cells = []
        for target in targets:
            cell = (_history_count(*run.counts[target], run.from_cache)
                    if target in run.counts else MISSING)
            marks.update(mark for mark in HISTORY_MARK.values() if cell.endswith(mark))
            cells.append(cell)
        started = _when(run.started) if wide else _when(run.started)[:16]
        hash_cell = [run.source_sha256[:SHORT_HASH]] if wide else []
        table.add_row(str(run.run_id), started, name, *hash_cell, *cells)
    return table


def _file_name(source_name: str) -> str:
    """``examples/x.qry`` -> ``x.qry``; ``<stdin>`` and the like as they are."""
    return source_name.replace("\\", "/").rsplit("/", 1)[-1] or source_name


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
    """One line in one database, in both runs (None: not in that run)."""

    target: str
    number_a: int | None
    number_b: int | None
    count_a: int | None
    count_b: int | None
    query_changed: bool

    @property
    def number(self) -> int:
        """The line's number in the later run (the earlier one for a removed line)."""
        number = self.number_b if self.number_b is not None else self.number_a
        assert number is not None
        return number

    @property
    def change(self) -> int | None:
        if self.count_a is None or self.count_b is None:
            return None
        return self.count_b - self.count_a


@dataclass(frozen=True)
class LinePair:
    """A strategy line matched across the two runs by its text.

    ``kind``: ``same`` (same text), ``changed`` (matched, text differs),
    ``removed`` (only in the earlier run), ``added`` (only in the later one).
    """

    number_a: int | None
    number_b: int | None
    text_a: str | None
    text_b: str | None
    kind: str


@dataclass(frozen=True)
class RunDiff:
    run_a: int
    run_b: int
    changes: list[LineChange]
    #: line numbers (in the later run, else the earlier) whose text differs
    text_changed: list[int]
    lines_a: dict[int, str]
    lines_b: dict[int, str]
    #: the two runs searched the same strategy text
    same_strategy: bool = True
    pairs: list[LinePair] = field(default_factory=list)
    names: tuple[str, str] = ("", "")
    hashes: tuple[str, str] = ("", "")


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


def canonical_lines(source_text: str) -> dict[int, str]:
    """Line number -> the line in ``fmt``'s canonical form (references as
    written); the collapsed text when the strategy does not parse."""
    from querylang import analyze
    from querylang.printer import format_node

    strategy = analyze(source_text).strategy
    if strategy is None:
        return strategy_lines(source_text)
    out = {}
    for line in strategy.lines:
        try:
            out[line.number] = format_node(line.expr)
        except TypeError:  # a node the printer does not know: the text as written
            out[line.number] = strategy_lines(source_text).get(line.number, "")
    return out


_REFERENCE = re.compile(r'"[^"]*"|#(\d+)')


def _with_references(text: str, rename: Callable[[int], str]) -> str:
    """``text`` with each ``#n`` outside a phrase replaced by ``rename(n)``."""
    return _REFERENCE.sub(
        lambda m: m.group(0) if m.group(1) is None else rename(int(m.group(1))), text
    )


def align_lines(lines_a: dict[int, str], lines_b: dict[int, str]) -> list[LinePair]:
    """Match the lines of two strategies by their canonical text.

    Lines are compared with their references blanked (``#1 AND #3`` matches
    ``#1 AND #2`` once a line was inserted), in order (difflib); a block of
    lines replaced by as many lines is matched line by line as ``changed``,
    otherwise its lines are ``removed`` and ``added``. A matched pair whose
    references point at lines not matched with each other is ``changed``.
    """
    numbers_a, numbers_b = sorted(lines_a), sorted(lines_b)

    def shape(text: str) -> str:
        return _with_references(text, lambda _: "#")

    matcher = difflib.SequenceMatcher(
        a=[shape(lines_a[n]) for n in numbers_a],
        b=[shape(lines_b[n]) for n in numbers_b],
        autojunk=False,
    )
    pairs: list[LinePair] = []
    b_to_a: dict[int, int] = {}
    for tag, a0, a1, b0, b1 in matcher.get_opcodes():
        if tag == "equal" or (tag == "replace" and a1 - a0 == b1 - b0):
            for na, nb in zip(numbers_a[a0:a1], numbers_b[b0:b1], strict=True):
                b_to_a[nb] = na
                pairs.append(LinePair(na, nb, lines_a[na], lines_b[nb], "pending"))
            continue
        pairs += [LinePair(n, None, lines_a[n], None, "removed") for n in numbers_a[a0:a1]]
        pairs += [LinePair(None, n, None, lines_b[n], "added") for n in numbers_b[b0:b1]]
    out = []
    for pair in pairs:
        if pair.kind == "pending" and pair.text_a is not None and pair.text_b is not None:
            # B's references renamed to the A lines they were matched with
            renamed = _with_references(
                pair.text_b, lambda n: f"#{b_to_a[n]}" if n in b_to_a else f"#b{n}"
            )
            kind = "same" if renamed == pair.text_a else "changed"
            pair = LinePair(pair.number_a, pair.number_b, pair.text_a, pair.text_b, kind)
        out.append(pair)
    return out


def compare_runs(a: StoredRun, b: StoredRun) -> RunDiff:
    """Counts of two runs per database and strategy line. The lines are
    matched by their text (:func:`align_lines`), so two different
    strategies are compared line for line only where the lines agree."""
    lines_a = canonical_lines(a.run.source_text)
    lines_b = canonical_lines(b.run.source_text)
    same_strategy = a.source_sha256 == b.source_sha256 or a.run.source_text == b.run.source_text
    pairs = align_lines(lines_a, lines_b)
    text_changed = sorted(
        pair.number_b if pair.number_b is not None else pair.number_a or 0
        for pair in pairs
        if pair.kind != "same"
    )
    changes = []
    for target in ordered_targets(set(a.run.targets) | set(b.run.targets)):
        by_a = _lines_by_number(a, target)
        by_b = _lines_by_number(b, target)
        for pair in pairs:
            line_a = by_a.get(pair.number_a) if pair.number_a is not None else None
            line_b = by_b.get(pair.number_b) if pair.number_b is not None else None
            if line_a is None and line_b is None:
                continue
            # A line counted in one run only is not a changed search: say
            # "changed" only when both runs have the line and its query differs.
            query_changed = (
                line_a is not None and line_b is not None and line_a.query != line_b.query
            )
            changes.append(
                LineChange(
                    target,
                    pair.number_a if line_a is not None or pair.number_b is None else None,
                    pair.number_b if line_b is not None or pair.number_a is None else None,
                    line_a.count if line_a else None,
                    line_b.count if line_b else None,
                    query_changed,
                )
            )
    return RunDiff(
        a.run_id, b.run_id, changes, text_changed, lines_a, lines_b, same_strategy, pairs,
        (a.run.source_name, b.run.source_name),
        (a.source_sha256[:SHORT_HASH], b.source_sha256[:SHORT_HASH]),
    )


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


def _number(value: int | None) -> str:
    return MISSING if value is None else str(value)


def render_diff(console: Console, diff: RunDiff) -> None:
    if not diff.same_strategy:
        console.print(
            f"The strategies differ: run {diff.run_a} searched {diff.names[0]} "
            f"(sha256 {diff.hashes[0]}, {len(diff.lines_a)} lines), run {diff.run_b} "
            f"searched {diff.names[1]} (sha256 {diff.hashes[1]}, {len(diff.lines_b)} lines). "
            "Lines are matched by their text, not their number; a line of one strategy "
            "only has no count in the other run.",
            markup=False, highlight=False,
        )
        console.print()
    table = Table(title=f"Run {diff.run_a} -> run {diff.run_b}", title_justify="left")
    table.add_column("Database")
    if diff.same_strategy:
        table.add_column("Line", justify="right")
    else:
        table.add_column(f"Line (run {diff.run_a})", justify="right")
        table.add_column(f"Line (run {diff.run_b})", justify="right")
    table.add_column(f"Run {diff.run_a}", justify="right")
    table.add_column(f"Run {diff.run_b}", justify="right")
    table.add_column("Change", justify="right")
    table.add_column("Search changed")
    for change in diff.changes:
        numbers = (
            [str(change.number)]
            if diff.same_strategy
            else [_number(change.number_a), _number(change.number_b)]
        )
        table.add_row(
            database_info(change.target).name,
            *numbers,
            MISSING if change.count_a is None else f"{change.count_a:,}",
            MISSING if change.count_b is None else f"{change.count_b:,}",
            _change_text(change),
            "yes" if change.query_changed else "",
        )
    console.print(table)
    changed = [pair for pair in diff.pairs if pair.kind != "same"]
    if not changed:
        console.print("Strategy text: unchanged.")
        return
    console.print("Strategy lines whose text changed:")
    for pair in changed:
        _print_pair(console, diff, pair)


def _print_pair(console: Console, diff: RunDiff, pair: LinePair) -> None:
    def say(text: str) -> None:
        console.print(text, markup=False, highlight=False)

    if pair.kind == "removed":
        say(f"  {pair.number_a}. - {pair.text_a}   (only in run {diff.run_a})")
    elif pair.kind == "added":
        say(f"  {pair.number_b}. + {pair.text_b}   (only in run {diff.run_b})")
    else:
        label = (
            f"{pair.number_b}."
            if pair.number_a == pair.number_b
            else f"{pair.number_a} -> {pair.number_b}."
        )
        say(f"  {label} - {pair.text_a}")
        say(f"  {' ' * len(label)} + {pair.text_b}")
