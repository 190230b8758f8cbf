"""Helpers of ``querylang run``: option parsing, progress, and the four output formats.

Kept out of :mod:`querylang.cli` so the command stays thin and so rich is
imported only when a run happens (``lint`` must start fast).

Formats:

* ``table``: rich; one row per database (count, status, notes); with
  ``--lines`` first a matrix of lines by databases.
* ``json``: ``{"targets": {name: {"query", "status", "count", "error",
  "lines": [...], "api_notes": [...], ...}}, ...}`` (extra keys allowed).
* ``markdown``: the same tables as pipe tables, for a report.
* ``csv``: one row per database and line, for a spreadsheet.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from querylang.responses import NAMES  # display names, one table for the run's output
from querylang.results import LineResult, RunResult, Status, TargetResult

if TYPE_CHECKING:
    from rich.console import Console

    from querylang.runner import ProgressCallback, TargetPlan

__all__ = [
    "UsageError",
    "parse_databases",
    "parse_counts",
    "resolve_counts",
    "check_counts_have_strings",
    "exit_status",
    "render",
    "progress_display",
]

#: ``wos=1234`` (final line) or ``wos:3=567`` (line 3); thousands separators allowed.
#: A database's name may hold digits and hyphens (``ovid-medline``).
COUNT_SYNTAX = re.compile(
    r"^\s*([A-Za-z][A-Za-z0-9-]*)\s*(?::\s*(\d+))?\s*=\s*([\d,_ ]+)\s*$")
DEFAULT_TABLE_WIDTH = 120  # when stdout is not a terminal
FINAL_LINE = 0  # key of a --count without a line number: the final line


class UsageError(ValueError):
    """A bad option value; the CLI prints it and exits with status 2."""


def _unknown(name: str, known: Sequence[str]) -> UsageError:
    from querylang.databases import REGISTRY

    entry = REGISTRY.get(name.lower())
    if entry is not None and not entry.runnable:
        # A database without an API (Ovid, the Cochrane Library...): say so, not "unknown".
        return UsageError(f"{entry.display} has no API querylang can search: it is compiled "
                          f"(querylang compile --to {entry.name}) and its counts are typed in "
                          f"(querylang run --count {entry.name}=N); here choose among: "
                          f"{', '.join(known)}")
    from querylang.targets import did_you_mean

    hint = did_you_mean(name, known)
    return UsageError(f"unknown database {name!r}{hint}; known: {', '.join(known)}")


def parse_databases(text: str | None, known: Sequence[str]) -> list[str]:
    """``--db pubmed,wos`` -> names in the registry's order; all when None."""
    if text is None:
        return list(known)
    wanted = [part.strip().lower() for part in text.split(",") if part.strip()]
    if not wanted:
        raise UsageError("--db needs at least one database: " + ",".join(known))
    for name in wanted:
        if name not in known:
            raise _unknown(name, known)
    return [name for name in known if name in wanted]


#: The largest --count: what the search log stores (SQLite's 64-bit integer).
MAX_COUNT = 2**63 - 1


def parse_counts(values: Sequence[str], databases: Sequence[str],
                 known: Sequence[str]) -> dict[str, dict[int, int]]:
    """``--count wos=1234 --count wos:2=56`` -> ``{"wos": {0: 1234, 2: 56}}`` (0 = final)."""
    counts: dict[str, dict[int, int]] = {}
    written: dict[tuple[str, int], str] = {}  # (db, line) -> the --count that set it
    for value in values:
        match = COUNT_SYNTAX.match(value)
        if match is None:
            raise UsageError(f"--count {value!r}: write DB=N or DB:LINE=N, e.g. --count wos=1234")
        name, line, number = match.group(1).lower(), match.group(2), match.group(3)
        if name not in known:
            raise _unknown(name, known)
        if name not in databases:
            raise UsageError(f"--count {value!r}: {name} is not among --db {','.join(databases)}")
        digits = re.sub(r"[,_ ]", "", number)
        if not digits:
            raise UsageError(f"--count {value!r}: the count must be a whole number")
        if int(digits) > MAX_COUNT:
            raise UsageError(f"--count {value!r}: {digits} is more records than any database "
                             f"holds (the log stores counts up to {MAX_COUNT:,}); check the "
                             "number read off the web interface")
        if line and int(line) == FINAL_LINE:
            # Line 0 is how the final line is kept here, never a line to type.
            raise UsageError(f"--count {value!r}: there is no line 0: the strategy's lines "
                             f"are numbered from 1 (write {name}={number} for the final line)")
        key = int(line) if line else FINAL_LINE
        if (name, key) in written:
            # Two counts for one line: neither can be chosen silently.
            raise UsageError(f"--count {written[name, key]!r} and --count {value!r} give "
                             f"the same line two counts: keep the one read off the web "
                             f"interface")
        written[name, key] = value
        counts.setdefault(name, {})[key] = int(digits)
    return counts


def resolve_counts(counts: Mapping[str, Mapping[int, int]],
                   final: int) -> dict[str, dict[int, int]]:
    """Replace the final-line key by the final line's number; check line numbers."""
    resolved: dict[str, dict[int, int]] = {}
    for name, by_line in counts.items():
        for line, count in by_line.items():
            number = final if line == FINAL_LINE else line
            if not 1 <= number <= final:
                raise UsageError(f"--count {name}:{line}: the strategy has lines 1 to {final}")
            if number in resolved.get(name, {}):
                # DB=N is the final line: DB:<final>=M counts it a second time.
                raise UsageError(
                    f"--count {name}={by_line[FINAL_LINE]} and --count {name}:{number}="
                    f"{by_line[number]} give line {number} (the final line) two counts: "
                    "keep the one read off the web interface")
            resolved.setdefault(name, {})[number] = count
    return resolved


def check_counts_have_strings(plans: Sequence[TargetPlan]) -> None:
    """Refuse a --count for a line the database has no search string for.

    A report must never show a count without the string it counts (PRISMA-S
    asks for both), and a line the target refused has no string: whatever
    was typed into the web interface, querylang cannot say what it was.
    """
    for plan in plans:
        for compiled in plan.lines:
            if compiled.line not in plan.manual or compiled.ok:
                continue
            name = NAMES.get(plan.target, plan.target)
            codes = [d.code for d in compiled.errors]
            why = "; ".join(f"{d.code} {d.message}" for d in compiled.errors) or "refused"
            explain = f" (querylang explain {codes[0]})" if codes else ""
            raise UsageError(
                f"--count {plan.target}:{compiled.line}={plan.manual[compiled.line]}: "
                f"{name} has no search string for line {compiled.line} ({why}), and a count "
                f"is never reported without the string it counts; fix the line{explain} "
                f"or leave this --count out"
            )


def exit_status(result: RunResult) -> int:
    """0 when every requested count (each line's with --lines) was obtained or
    typed in; 3 otherwise."""
    failed = (Status.ERROR, Status.SKIPPED)
    return 3 if any(
        t.status in failed or any(line.status in failed for line in t.lines)
        for t in result.targets.values()
    ) else 0


# -- text pieces --------------------------------------------------------------


def _count_text(count: int | None) -> str:
    return f"{count:,}" if count is not None else "-"


def _cell(line: LineResult) -> str:
    if line.status in (Status.OK, Status.MANUAL) and line.count is not None:
        suffix = " (manual)" if line.status is Status.MANUAL else ""
        suffix = " (cached)" if line.source.value == "cached" else suffix
        return _count_text(line.count) + suffix
    return line.status.value


def target_notes(result: TargetResult, *, query_below: bool = False) -> list[str]:
    """What to show beside a database's count, most important first."""
    notes: list[str] = []
    if result.error:
        notes.append(result.error)
    if result.status in (Status.SKIPPED, Status.MANUAL) and result.query:
        if query_below:
            notes.append("query for the web interface: below the table")
        else:
            notes.append(f"query for the web interface: {result.query}")
    codes = sorted({d.code for d in result.diagnostics})
    if codes:
        notes.append("diagnostics: " + ", ".join(codes) + " (querylang explain CODE)")
    notes.extend(result.api_notes)
    notes.extend(result.notes)
    return notes


def _line_numbers(result: RunResult) -> list[int]:
    return sorted({line.number for t in result.targets.values() for line in t.lines})


def _matrix_rows(result: RunResult) -> Iterator[tuple[str, list[str]]]:
    numbers = _line_numbers(result)
    final = numbers[-1] if numbers else 0
    for number in numbers:
        cells = []
        for target in result.targets.values():
            line = next((x for x in target.lines if x.number == number), None)
            cells.append(_cell(line) if line is not None else "")
        yield (f"#{number} (final)" if number == final else f"#{number}"), cells


# -- formats -------------------------------------------------------------------


def render_json(result: RunResult) -> str:
    return json.dumps(result.to_dict(), indent=2, ensure_ascii=False) + "\n"


def render_csv(result: RunResult) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["database", "line", "final", "status", "count", "source", "query",
                     "error", "notes"])
    for name, target in result.targets.items():
        final = target.lines[-1].number if target.lines else None
        for line in target.lines:
            writer.writerow([
                name, line.number, "yes" if line.number == final else "no", line.status.value,
                "" if line.count is None else line.count, line.source.value, line.query or "",
                line.error or "", " | ".join(line.api_notes),
            ])
    return out.getvalue()


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render_markdown(result: RunResult, all_lines: bool) -> str:
    parts: list[str] = []
    names = list(result.targets)
    if all_lines:
        header = "| Line | " + " | ".join(NAMES.get(n, n) for n in names) + " |"
        parts += [header, "|---|" + "---:|" * len(names)]
        for label, cells in _matrix_rows(result):
            parts.append(f"| {label} | " + " | ".join(_md(c) for c in cells) + " |")
        parts.append("")
    parts += ["| Database | Count | Status | Notes |", "|---|---:|---|---|"]
    for name, target in result.targets.items():
        notes = "<br>".join(_md(n) for n in target_notes(target))
        parts.append(f"| {NAMES.get(name, name)} | {_count_text(target.count)} | "
                     f"{target.status.value} | {notes} |")
    return "\n".join(parts) + "\n"


_STATUS_STYLE = {Status.OK: "green", Status.MANUAL: "cyan", Status.SKIPPED: "yellow",
                 Status.ERROR: "bold red"}


def print_table(result: RunResult, all_lines: bool, console: Console) -> None:
    from rich.table import Table

    if all_lines:
        matrix = Table(title="Hits per line", title_justify="left")
        matrix.add_column("Line", no_wrap=True)
        for name in result.targets:
            matrix.add_column(NAMES.get(name, name), justify="right")
        for label, cells in _matrix_rows(result):
            matrix.add_row(label, *cells)
        console.print(matrix)
    table = Table(title=f"Hits: {result.source_name}", title_justify="left")
    table.add_column("Database", no_wrap=True)
    table.add_column("Count", justify="right", no_wrap=True)
    table.add_column("Status", no_wrap=True)
    table.add_column("Notes", overflow="fold")
    for name, target in result.targets.items():
        status = f"[{_STATUS_STYLE[target.status]}]{target.status.value}[/]"
        notes = "\n".join(target_notes(target, query_below=True))
        table.add_row(NAMES.get(name, name), _count_text(target.count), status,
                      _escape(notes))
    console.print(table)
    # A query to paste must survive copy and paste: print it on lines of its
    # own, never wrapped inside a table cell.
    for name, target in result.targets.items():
        if target.status in (Status.SKIPPED, Status.MANUAL) and target.query:
            console.print(f"{NAMES.get(name, name)} web interface query:", highlight=False)
            console.print(_escape(target.query), soft_wrap=True, highlight=False)


def _escape(text: str) -> str:
    from rich.markup import escape

    return escape(text)  # a query like "[tiab]" is not rich markup


def render(result: RunResult, fmt: str, all_lines: bool, *, stdout: Any) -> None:
    """Write ``result`` to ``stdout`` in format ``fmt``."""
    if fmt == "json":
        stdout.write(render_json(result))
    elif fmt == "csv":
        stdout.write(render_csv(result))
    elif fmt == "markdown":
        stdout.write(render_markdown(result, all_lines))
    else:
        from rich.console import Console

        terminal = hasattr(stdout, "isatty") and stdout.isatty()
        console = Console(file=stdout, width=None if terminal else DEFAULT_TABLE_WIDTH,
                          force_terminal=terminal, no_color=not terminal, highlight=False)
        print_table(result, all_lines, console)


# -- progress ---------------------------------------------------------------------


@contextmanager
def progress_display(enabled: bool, totals: Mapping[str, int]) -> Iterator[ProgressCallback | None]:
    """A rich progress bar per database on stderr, or nothing (not a terminal)."""
    if not enabled:
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    console = Console(stderr=True)
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
               TextColumn("{task.fields[detail]}"))
    with Progress(*columns, console=console, transient=True) as progress:
        tasks = {name: progress.add_task(NAMES.get(name, name), total=total, detail="")
                 for name, total in totals.items()}

        def update(event: Any) -> None:
            task = tasks.get(event.target)
            if task is None:
                return
            if event.kind == "done":
                progress.update(task, advance=1, detail="")
            elif event.kind == "retry":
                progress.update(task, detail=_escape(event.detail[:60]))

        yield update
