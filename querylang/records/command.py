"""``querylang records``: fetch a run's records, then show what was fetched.

The CLI's ``records`` command is a thin wrapper over :func:`records_command`:
resolve the run and line in the search log, plan (printed on standard error
before any request), refuse a plan above a cap or a daily quota unless
``--yes``, fetch (a progress bar per database on a terminal), and print the
summary on standard output in the chosen format.

Exit status: 0 every database's records fetched (as far as the caps and
paging limits allow); 2 usage error, or the plan was refused (say what to
change); 3 a database failed (its pages so far are kept: run again to
continue); 130 interrupted (pages so far kept).
"""

from __future__ import annotations

import asyncio
import csv
import io
import json
import os
import sys
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from querylang.records.fetch import (
    DEFAULT_MAX_RECORDS,
    FetchOutcome,
    FetchPlan,
    FetchSource,
    PageProgress,
    daily_quotas,
    fetch_records,
    plan_fetch,
    sources_from_run,
)
from querylang.responses import NAMES
from querylang.store import FetchState, LogError, SearchLog

__all__ = [
    "EXIT_OK",
    "EXIT_REFUSED",
    "EXIT_FAILED",
    "EXIT_INTERRUPTED",
    "FORMATS",
    "RecordsUsageError",
    "FetchSummary",
    "DatabaseSummary",
    "records_command",
    "render_plan",
    "render_fetch_summary",
    "summarise",
]

EXIT_OK = 0
EXIT_REFUSED = 2
EXIT_FAILED = 3
EXIT_INTERRUPTED = 130
FORMATS = ("table", "json", "csv", "markdown")


class RecordsUsageError(ValueError):
    """A bad option or reference: printed, exit status 2."""


# -- the summary -----------------------------------------------------------------


@dataclass(frozen=True)
class DatabaseSummary:
    database: str
    count: int | None          # records identified (the run's count)
    fetched: int
    complete: bool
    requests: int = 0          # made by this call
    error: str | None = None
    notes: tuple[str, ...] = ()

    @property
    def display(self) -> str:
        return NAMES.get(self.database, self.database)


@dataclass(frozen=True)
class FetchSummary:
    run_id: int
    line: int
    databases: tuple[DatabaseSummary, ...]
    skipped: tuple[str, ...] = ()

    @property
    def records_fetched(self) -> int:
        return sum(item.fetched for item in self.databases)

    @property
    def requests(self) -> int:
        return sum(item.requests for item in self.databases)

    def to_dict(self) -> dict[str, Any]:
        """The issue's JSON shape, fetch part (the overlap adds its keys)."""
        return {
            "run": self.run_id,
            "line": self.line,
            "databases": {
                item.database: {"count": item.count, "fetched": item.fetched,
                                "complete": item.complete, "requests": item.requests,
                                "error": item.error, "notes": list(item.notes)}
                for item in self.databases
            },
            "records_fetched": self.records_fetched,
            "requests": self.requests,
            "skipped": list(self.skipped),
        }


def summarise(run_id: int, line: int, states: Mapping[str, FetchState],
              counts: Mapping[str, int], outcomes: Mapping[str, FetchOutcome] | None = None,
              skipped: Sequence[str] = ()) -> FetchSummary:
    """What the log holds for this run's line, with this call's requests."""
    items = []
    for name, state in states.items():
        outcome = (outcomes or {}).get(name)
        items.append(DatabaseSummary(
            name, counts.get(name, state.total), state.fetched, state.complete,
            outcome.requests if outcome else 0, state.error, tuple(state.notes)))
    return FetchSummary(run_id, line, tuple(items), tuple(skipped))


def _status(item: DatabaseSummary) -> str:
    if item.error:
        return "stopped: " + item.error
    if item.complete:
        return "complete"
    return f"{(item.count or 0) - item.fetched:,} not fetched"


def render_fetch_summary(summary: FetchSummary, fmt: str = "table") -> str:
    """Per database: records identified, fetched, requests now, status (and notes)."""
    if fmt == "json":
        return json.dumps(summary.to_dict(), indent=2, ensure_ascii=False) + "\n"
    header = ["database", "identified", "fetched", "requests", "status"]
    number = "{:}" if fmt == "csv" else "{:,}"  # thousands separators for people only
    rows = [[item.display, "" if item.count is None else number.format(item.count),
             number.format(item.fetched), number.format(item.requests), _status(item)]
            for item in summary.databases]
    total = ["Total", "", number.format(summary.records_fetched),
             number.format(summary.requests), ""]
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)
        return out.getvalue()
    notes = [f"{item.display}: {note}" for item in summary.databases for note in item.notes]
    notes += [f"not fetched: {text}" for text in summary.skipped]
    if fmt == "markdown":
        lines = [f"Records of run {summary.run_id}, line {summary.line}", "",
                 "| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
        lines += ["| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |"
                  for row in [*rows, total]]
        lines += [""] + [f"- {note}" for note in notes]
        return "\n".join(lines).rstrip() + "\n"
    return _table(summary, header, [*rows, total], notes)


def _table(summary: FetchSummary, header: list[str], rows: list[list[str]],
           notes: list[str]) -> str:
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"Records of run {summary.run_id}, line {summary.line}",
                  title_justify="left")
    for index, name in enumerate(header):
        table.add_column(name, justify="right" if 0 < index < 4 else "left")
    for row in rows:
        table.add_row(*row)
    out = io.StringIO()
    console = Console(file=out, width=120, highlight=False, markup=False)
    console.print(table)
    for note in notes:
        console.print(f"note: {note}", soft_wrap=True)
    return out.getvalue()


# -- the plan ---------------------------------------------------------------------


def _duration(seconds: float) -> str:
    if seconds < 1:
        return "under 1 s"
    if seconds < 60:
        return f"{seconds:.0f} s"
    if seconds < 3600:
        return f"{seconds / 60:.0f} min"
    return f"{seconds / 3600:.1f} h"


def render_plan(plan: FetchPlan) -> str:
    """The plan, one line per database (printed before the first request)."""
    lines = [f"records of run {plan.run_id}, line {plan.line}:"]
    for item in plan.databases:
        kept = f"; {item.already:,} already in the log" if item.already else ""
        if item.requests == 0:
            lines.append(f"  {item.display}: nothing to fetch{kept}")
        else:
            lines.append(f"  {item.display}: {item.to_fetch:,} of {item.count:,} records to "
                         f"fetch in {item.requests:,} request(s), "
                         f"{_duration(item.seconds)} at its rate limit{kept}")
        lines += [f"    note: {note}" for note in item.notes]
    if plan.requests:
        lines.append(f"  in all: {plan.requests:,} request(s), "
                     f"{_duration(plan.seconds)} (the databases are asked at once)")
    return "\n".join(lines) + "\n"


# -- progress ---------------------------------------------------------------------


@contextmanager
def _progress_display(stream: IO[str], plan: FetchPlan) -> Iterator[Any]:
    """A rich bar per database (records fetched, time left) on ``stream`` when
    it is a terminal; nothing otherwise."""
    if not stream.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
    )

    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
               TimeRemainingColumn(), TextColumn("{task.fields[detail]}"))
    console = Console(file=stream, force_terminal=True)
    with Progress(*columns, console=console, transient=True) as progress:
        tasks = {item.database: progress.add_task(item.display, total=item.already
                                                  + item.to_fetch, completed=item.already,
                                                  detail="")
                 for item in plan.databases if item.requests}

        def update(event: PageProgress) -> None:
            task = tasks.get(event.database)
            if task is not None:
                progress.update(task, completed=event.fetched, total=max(event.goal, 1),
                                detail=event.detail[:50])

        yield update


# -- the command ----------------------------------------------------------------------


@dataclass
class RecordsOptions:
    run: str | None = None
    line: int | None = None
    databases: list[str] | None = None
    max_records: int = DEFAULT_MAX_RECORDS
    max_requests: int | None = None
    yes: bool = False
    fmt: str = "table"
    timeout: float | None = None
    env: Mapping[str, str] = field(default_factory=lambda: dict(os.environ))


def parse_databases(text: str | None) -> list[str] | None:
    if text is None:
        return None
    from querylang.databases import RUNNABLE
    from querylang.render_run import parse_databases as parse

    # Only a database with an API has records to fetch: naming one without
    # (its count typed in) is the usage error `check --db` and `run --db` give.
    return parse(text, list(RUNNABLE))


def records_command(log_path: Path, options: RecordsOptions, *, stdout: IO[str] | None = None,
                    stderr: IO[str] | None = None, client: Any = None) -> int:
    """Plan, fetch and summarise; the exit status (module doc)."""
    from querylang.runner import RunSettings

    out = stdout or sys.stdout
    err = stderr or sys.stderr
    if options.fmt not in FORMATS:
        raise RecordsUsageError(f"unknown format {options.fmt!r}; one of {', '.join(FORMATS)}")
    if not log_path.exists():
        raise RecordsUsageError(f"no search log at {log_path} yet: `querylang run` writes one "
                                "(or give --log PATH)")
    try:
        settings = RunSettings.from_env(options.env, timeout=options.timeout)
        quotas = daily_quotas(options.env)
    except ValueError as error:
        raise RecordsUsageError(str(error)) from None
    try:
        log = SearchLog(log_path)
    except LogError as error:
        raise RecordsUsageError(str(error)) from None
    with log:
        try:
            stored = log.load_run(log.resolve(options.run))
            line, sources, skipped = sources_from_run(stored, options.line, options.databases)
        except (LogError, ValueError) as error:
            raise RecordsUsageError(str(error)) from None
        for text in skipped:
            err.write(f"querylang: not fetched: {text}\n")
        states = log.fetch_states(stored.run_id, line)
        plan = plan_fetch(stored.run_id, line, sources, states, max_records=options.max_records,
                          max_requests=options.max_requests, settings=settings, quotas=quotas,
                          yes=options.yes)
        err.write(render_plan(plan))
        if plan.refusals and not options.yes:
            for reason in plan.refusals:
                err.write(f"querylang: not started: {reason}\n")
            return EXIT_REFUSED
        outcomes: dict[str, FetchOutcome] = {}
        if plan.requests:
            try:
                with _progress_display(err, plan) as progress:
                    outcomes = asyncio.run(fetch_records(
                        plan, sources, log, client=client, settings=settings, env=options.env,
                        pace_dir=log_path.parent, progress=progress))
            except KeyboardInterrupt:
                kept = sum(state.fetched for state in log.fetch_states(stored.run_id,
                                                                       line).values())
                err.write(f"querylang: interrupted; the {kept:,} records fetched so far are "
                          "kept in the search log: run `querylang records` again to continue\n")
                return EXIT_INTERRUPTED
        _log_empty_searches(log, stored.run_id, line, sources)
        states = log.fetch_states(stored.run_id, line)
        counts = {source.database: source.count for source in sources}
        summary = summarise(stored.run_id, line,
                            {name: states[name] for name in counts if name in states},
                            counts, outcomes, skipped)
        # the overlap of the deduplicated records after the fetch summary (h13dedup)
        from querylang.records.show import records_output

        out.write(records_output(log, stored, line, summary, options.fmt, err))
        failed = [item for item in summary.databases if item.error]
        for item in failed:
            err.write(f"querylang: {item.display}: stopped after {item.fetched:,} records "
                      f"({item.error}); run `querylang records` again to continue\n")
        return EXIT_FAILED if failed else EXIT_OK


def _log_empty_searches(log: SearchLog, run_id: int, line: int,
                        sources: Sequence[FetchSource]) -> None:
    """A search that found nothing is fetched without a request: say so in
    the log, so that its PRISMA flow (0 records) can be drawn."""
    states = log.fetch_states(run_id, line)
    for source in sources:
        if source.count == 0 and source.database not in states:
            log.save_records(run_id, line, FetchState(
                database=source.database, query=source.query, total=0, wanted=0,
                complete=True))
