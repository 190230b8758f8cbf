"""The ``querylang`` command line: thin commands over the library.

Results go to standard output; diagnostics and progress to standard error.

Exit status:
    0  success
    1  the strategy has errors (with --strict: errors or warnings)
    2  usage error (bad option, missing file, unknown code)
    3  ``run``: a database failed or was skipped
    4  ``run``: the counts were printed but the search log could not hold
       the run (wins over 3: the printed counts are then the only record)

Heavy modules (httpx, rich tables, sqlite) are imported inside the commands
that need them, so that ``lint`` and ``fmt`` start fast.
"""

from __future__ import annotations

import enum
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

from querylang import __version__, analyze, commands
from querylang.commands import (
    EXIT_DATABASE,
    EXIT_INPUT,
    EXIT_OK,
    EXIT_UNLOGGED,
    EXIT_USAGE,
    emit_diagnostics,
    emit_in_brief,
)
from querylang.databases import REGISTRY, RUNNABLE, import_dialects
from querylang.diagnostics import has_errors

if TYPE_CHECKING:
    from rich.console import Console

    from querylang.store import SearchLog, StoredRun

__all__ = ["app", "main", "EXIT_OK", "EXIT_INPUT", "EXIT_USAGE", "EXIT_DATABASE",
           "EXIT_UNLOGGED"]

#: ``run --max-age`` default; equals querylang.store.DEFAULT_MAX_AGE_HOURS (a test
#: checks), repeated here so that startup does not import sqlite3.
DEFAULT_MAX_AGE_HOURS = 24.0

#: The databases the help names, from the registry (in its order).
_DATABASE_LIST = ",".join(RUNNABLE)
_DISPLAYS = [entry.display for entry in RUNNABLE.values()]
_DISPLAY_LIST = ", ".join(_DISPLAYS[:-1]) + " and " + _DISPLAYS[-1] if len(_DISPLAYS) > 1 \
    else "".join(_DISPLAYS)
#: What ``--from`` takes: "pubmed or wos" (the entries with an importer).
_IMPORTABLE = " or ".join(import_dialects())
#: ``run --help``'s key variables: "NCBI_API_KEY (optional), WOS_API_KEY, ...".
_KEY_LIST = ", ".join(
    f"{spec.key_env}{'' if spec.key_required else ' (optional)'}"
    for spec in (entry.spec for entry in RUNNABLE.values())
    if spec is not None and spec.key_env
)

#: The databases a daily quota limits (``records``, ``check``), with the quota.
_QUOTAS = [(entry.display, entry.paging.daily_quota) for entry in REGISTRY.values()
           if entry.paging is not None and entry.paging.daily_quota]
_QUOTA_NAMES = " or ".join(display for display, _ in _QUOTAS)
#: "Read a native PubMed or Web of Science query": what ``import`` reads.
_IMPORT_TITLES = [entry.import_title for entry in import_dialects().values()]
_IMPORT_DISPLAYS = (", ".join(_IMPORT_TITLES[:-1]) + " or " + _IMPORT_TITLES[-1]
                    if len(_IMPORT_TITLES) > 1 else "".join(_IMPORT_TITLES))

_EPILOG = (
    "Exit status: 0 success; 1 the strategy has errors (with --strict, warnings too); "
    "2 usage error; 3 (run) a database failed or was skipped; 4 (run) the search log "
    "could not be written."
)

app = typer.Typer(
    name="querylang",
    help=(
        f"Write a search strategy once; compile it to {_DISPLAY_LIST}; run it and "
        "compare hit counts; document it (PRISMA-S)."
    ),
    epilog=_EPILOG,
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


class OutputFormat(str, enum.Enum):
    text = "text"
    json = "json"


SourceArg = Annotated[
    str | None,
    typer.Argument(
        help="Strategy file (*.qry), or - for standard input.",
        show_default=False,
    ),
]
QueryOpt = Annotated[
    str | None,
    typer.Option(
        "--query", "-q", help="The strategy as text instead of a file.", show_default=False
    ),
]

VerboseOpt = Annotated[
    bool,
    typer.Option(
        "--verbose",
        help="Every diagnostic in full (source line, caret, help), not grouped by code.",
    ),
]


FromOpt = Annotated[
    str | None,
    typer.Option(
        "--from",
        help=f"The source is a native strategy of this database ({_IMPORTABLE}): "
        "imported first, as querylang import does.",
        show_default=False,
    ),
]


def fail_usage(message: str) -> NoReturn:
    sys.stderr.write(f"querylang: error: {message}\n")
    raise typer.Exit(EXIT_USAGE)


def read_source(source: str | None, query: str | None) -> tuple[str, str]:
    """The strategy text and the name to show in diagnostics (exit 2 when unreadable)."""
    try:
        return commands.read_source(source, query)
    except commands.UsageError as error:
        fail_usage(str(error))


def finish(status: int) -> NoReturn:
    raise typer.Exit(status)


def run_shared(command: Callable[[], int]) -> NoReturn:
    """Run one of :mod:`querylang.commands` and exit with its status."""
    try:
        status = command()
    except commands.UsageError as error:
        fail_usage(str(error))
    finish(status)


def version_callback(value: bool) -> None:
    if value:
        sys.stdout.write(f"querylang {__version__}\n")
        raise typer.Exit()


@app.callback()
def main_options(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=version_callback, is_eager=True, help="Print the version."
        ),
    ] = False,
) -> None:
    """querylang: one search strategy, four databases."""


@app.command()
def parse(
    source: SourceArg = None,
    query: QueryOpt = None,
    output: Annotated[
        OutputFormat, typer.Option("--format", help="Tree as text or JSON.")
    ] = OutputFormat.text,
) -> None:
    """Print the parsed tree of a strategy."""
    run_shared(lambda: commands.parse_command(source, query, output.value))


@app.command()
def fmt(source: SourceArg = None, query: QueryOpt = None) -> None:
    """Print the strategy in canonical form."""
    run_shared(lambda: commands.fmt_command(source, query))


@app.command()
def lint(
    source: SourceArg = None,
    query: QueryOpt = None,
    output: Annotated[
        OutputFormat, typer.Option("--format", help="Diagnostics as text or JSON.")
    ] = OutputFormat.text,
    strict: Annotated[bool, typer.Option("--strict", help="Fail on warnings too.")] = False,
) -> None:
    """Check a strategy. Exit 0 when it has no error (with --strict, no warning)."""
    run_shared(lambda: commands.lint_command(source, query, output.value, strict))


@app.command()
def explain(
    code: Annotated[str, typer.Argument(help="A diagnostic code, e.g. QL112 or PM201.")],
) -> None:
    """Explain a diagnostic code: what it means, an example, what to write instead."""
    from querylang.codes import closest_codes, lookup

    info = lookup(code)
    if info is None:
        close = closest_codes(code)
        suffix = f" (did you mean {', '.join(close)}?)" if close else ""
        fail_usage(f"unknown code {code!r}{suffix}; see docs/language.md and docs/databases.md")
    sys.stdout.write(
        f"{info.code} ({info.severity.value}): {info.title}\n\n{info.explanation}\n\n"
        f"Example:\n    {info.example.replace(chr(10), chr(10) + '    ')}\n\n"
        f"Write instead:\n    {info.instead.replace(chr(10), chr(10) + '    ')}\n"
    )
    if info.changes_meaning:
        sys.stdout.write("\nThis is a change of meaning: --strict turns it into an error.\n")


class DatabasesFormat(str, enum.Enum):
    table = "table"
    json = "json"


@app.command()
def databases(
    output: Annotated[
        DatabasesFormat, typer.Option("--format", help="A table, or JSON for programs.")
    ] = DatabasesFormat.table,
) -> None:
    """Every database querylang knows: its interfaces, API key variable, rate limit
    and what its syntax cannot express."""
    from querylang.databases_command import databases_command

    finish(databases_command(output.value, stdout_console() if output.value == "table" else None))


LogOpt = Annotated[
    Path | None,
    typer.Option(
        "--log",
        help="Search log file (default: $QUERYLANG_HOME/log.sqlite3, else the user data folder).",
        show_default=False,
    ),
]


class RunFormat(str, enum.Enum):
    table = "table"
    json = "json"
    markdown = "markdown"
    csv = "csv"


_RUN_HELP = f"""Run the strategy in each database and compare hit counts.

    Keys: {_KEY_LIST}; a database whose
    key is missing is skipped. Endpoints: QUERYLANG_<DB>_URL; pace:
    QUERYLANG_<DB>_RATE (requests/s). Exit status: 0 every count obtained or
    typed in; 1 the strategy has errors; 2 usage error (also a setting out of
    range); 3 a database failed or was skipped, or the --deadline passed; 4
    the search log could not be written. An answer saying the database did
    not search part of the query (PubMed's errorlist: terms dropped) counts as
    failed. querylang databases lists each database's variables.
    """


@app.command(help=_RUN_HELP)
def run(
    source: SourceArg = None,
    query: QueryOpt = None,
    db: Annotated[
        str | None,
        typer.Option("--db", "--to", help=f"Databases, comma-separated (default: {_DATABASE_LIST}).",
                     show_default=False),
    ] = None,
    lines: Annotated[
        bool, typer.Option("--lines", help="Count every line, not only the final one.")
    ] = False,
    count: Annotated[
        list[str] | None,
        typer.Option("--count", help="A count read off a web interface: DB=N (final line) or "
                     "DB:LINE=N; that database is then not queried. Repeatable. The way to "
                     "log a database without an API (querylang databases).",
                     show_default=False),
    ] = None,
    output: Annotated[
        RunFormat, typer.Option("--format", help="table, json, markdown or csv.")
    ] = RunFormat.table,
    timeout: Annotated[
        float | None,
        typer.Option("--timeout", help="Seconds per request, the whole answer included "
                     "(default 30; 0.01 to 3600).", show_default=False),
    ] = None,
    deadline: Annotated[
        float | None,
        typer.Option("--deadline", metavar="SECONDS",
                     help="Seconds for the whole run (default 900, up to 86400); lines not "
                     "answered by then are errors.", show_default=False),
    ] = None,
    strict: Annotated[
        bool, typer.Option("--strict", help="Refuse to run when a translation changes meaning.")
    ] = False,
    log: LogOpt = None,
    no_log: Annotated[
        bool, typer.Option("--no-log", help="Do not save this run in the search log.")
    ] = False,
    max_age: Annotated[
        float,
        typer.Option("--max-age", min=0, metavar="HOURS",
                     help="Answer a request from the log when the same request got a count "
                     "less than HOURS ago (0: never)."),
    ] = DEFAULT_MAX_AGE_HOURS,
    refresh: Annotated[
        bool, typer.Option("--refresh", help="Ask every database again (ignore cached counts).")
    ] = False,
    verbose: VerboseOpt = False,
    from_dialect: FromOpt = None,
) -> None:
    """Run the strategy in each database and compare hit counts (help: _RUN_HELP)."""
    import os

    from querylang import render_run as rr
    from querylang.runner import RunSettings, build_plans, run_started, run_strategy
    from querylang.settings import MAX_AGE_RANGE, check_number
    from querylang.store import RunRecorder
    from querylang.summary import RUN_HINT
    from querylang.typed_counts import run_databases

    try:
        databases, wanted_counts = run_databases(db, count or [])
        settings = RunSettings.from_env(os.environ, timeout=timeout, deadline=deadline)
        check_number("--max-age", max_age, MAX_AGE_RANGE)
    except ValueError as error:
        fail_usage(str(error))
    text, filename = read_source(source, query)
    if from_dialect is not None:
        from querylang.imports.command import imported_source

        try:
            imported = imported_source(text, filename, from_dialect, strict)
        except commands.UsageError as error:
            fail_usage(str(error))
        if imported is None:
            raise typer.Exit(EXIT_INPUT)
        text, filename = imported
    analysis = analyze(text)
    emit_in_brief([("strategy", analysis.diagnostics)], text, filename, analysis.strategy,
                  verbose=verbose, detail=RUN_HINT)
    if analysis.strategy is None or has_errors(analysis.diagnostics):
        raise typer.Exit(EXIT_INPUT)
    try:
        manual = rr.resolve_counts(wanted_counts, len(analysis.strategy.lines))
    except ValueError as error:
        fail_usage(str(error))
    plans = build_plans(analysis.strategy, databases, all_lines=lines, manual=manual,
                        strict=strict)
    # With --lines a term is compiled in its own line and again in every line
    # that expands it (#n): say each error once per code, place and database.
    refused = list({(d.code, d.span.start, d.span.end, d.target): d
                    for p in plans for c in p.lines for d in c.errors}.values())
    if strict and refused:
        emit_diagnostics(refused, text, filename)
        raise typer.Exit(EXIT_INPUT)
    try:
        rr.check_counts_have_strings(plans)
    except ValueError as error:
        fail_usage(str(error))
    # With --no-log an unusable log place only costs the shared pacing.
    where = None if no_log and log_problem(log) else log_location(log)
    search_log = None if no_log or where is None else open_run_log(where)
    cache = search_log.cache(max_age) if search_log is not None and not refresh else None
    started = run_started()
    recorder = None
    if search_log is not None:
        # Saved as it goes, line by line: an interrupted run keeps every
        # count it fetched, and the next run reuses them.
        recorder = RunRecorder(search_log, started=started, version=__version__,
                               source_text=text, source_name=filename, warn=_warn,
                               planned={p.target: [c.line for c in p.lines] for p in plans})
    totals = {p.target: len(p.lines) for p in plans}
    try:
        with rr.progress_display(sys.stderr.isatty(), totals) as progress:
            result = run_strategy(plans, source_text=text, source_name=filename,
                                  started=started, settings=settings, cache=cache,
                                  progress=progress,
                                  on_result=recorder.target_done if recorder else None,
                                  on_line=recorder.line_done if recorder else None,
                                  pace_dir=where.parent if where is not None else None)
    except KeyboardInterrupt:
        kept = ""
        if recorder is not None and recorder.run_id is not None:
            kept = (f"; the lines that had answered are in run {recorder.run_id}, "
                    "marked incomplete (querylang history --all)")
        sys.stderr.write(f"querylang: interrupted{kept}\n")
        raise typer.Exit(130) from None
    run_id = None
    if recorder is not None:
        run_id = recorder.finish(result)
        recorder.log.close()
        if run_id is not None:
            sys.stderr.write(
                f"logged as run {run_id} in {recorder.log.path} (querylang show {run_id})\n"
            )
    # A line given a count is shown beside the final line even without
    # --lines (docs/running.md): no count typed in is dropped from the output.
    matrix = lines or any(len(target.lines) > 1 for target in result.targets.values())
    rr.render(result, output.value, matrix, stdout=sys.stdout)
    if not no_log and run_id is None:
        # The counts are printed, but nothing records them: a script must
        # be able to tell (docs/running.md, "Exit status").
        sys.stderr.write(f"querylang: error: this run is not in the search log {where} "
                         f"(see the warning above); exit status {EXIT_UNLOGGED}\n")
        raise typer.Exit(EXIT_UNLOGGED)
    raise typer.Exit(rr.exit_status(result))


# -- the search log: history, show, diff, report ---------------------------------

class ReportFormat(str, enum.Enum):
    markdown = "markdown"
    csv = "csv"
    json = "json"
    searchfile = "searchfile"
    prisma = "prisma"
    overlap = "overlap"


def log_location(path: Path | None) -> Path:
    """Where the log is (``--log``, else the default), refusing (exit 2) a
    place that cannot hold one (:func:`log_problem`)."""
    from querylang.store import default_log_path

    problem = log_problem(path)
    if problem is not None:
        fail_usage(problem)
    return path if path is not None else default_log_path()


def log_problem(path: Path | None) -> str | None:
    """Why the log cannot be at ``path`` (``--log``, else the default): a
    folder given as ``--log``, or a ``QUERYLANG_HOME`` (or a folder above
    it, or above ``--log``) that is a file. None when it can."""
    import os

    from querylang.store import LOG_FILE_NAME

    if path is not None:
        if path.is_dir():
            return f"--log {path} is a folder: give a file, e.g. --log {path / LOG_FILE_NAME}"
        blocker = _file_in_the_way(path.parent)
        return None if blocker is None else f"--log {path}: {blocker} is a file, not a folder"
    home = os.environ.get("QUERYLANG_HOME")
    blocker = _file_in_the_way(Path(home).expanduser()) if home else None
    if blocker is None:
        return None
    return (
        f"QUERYLANG_HOME is {home}, but {blocker} is a file, not a folder: point "
        f"QUERYLANG_HOME at a folder (the log is QUERYLANG_HOME/{LOG_FILE_NAME}), "
        "or give --log FILE"
    )


def _file_in_the_way(folder: Path) -> Path | None:
    """The first existing path at or above ``folder`` when it is not a folder."""
    for candidate in (folder, *folder.parents):
        if candidate.exists():
            return None if candidate.is_dir() else candidate
    return None


def open_run_log(path: Path) -> SearchLog | None:
    """The log ``run`` writes to, or None (with a warning) when it cannot be opened:
    a broken log must never cost the run itself (it exits 4)."""
    from querylang.store import LogError, open_log

    try:
        return open_log(path)
    except LogError as error:
        sys.stderr.write(f"querylang: warning: {error}; this run will not be logged\n")
        return None


def _warn(message: str) -> None:
    sys.stderr.write(f"querylang: warning: {message}\n")


def open_existing_log(path: Path | None) -> SearchLog:
    """The log for a reading command, opened read-only: never created, never
    written (exit 2 when missing, damaged or unreadable)."""
    from querylang.store import LogError, SearchLog

    where = log_location(path)
    if not where.exists():
        fail_usage(f"no search log at {where} yet: `querylang run` writes one (or give --log PATH)")
    try:
        return SearchLog(where, read_only=True)
    except LogError as error:
        fail_usage(str(error))


def load_stored_run(log: SearchLog, reference: str | None) -> StoredRun:
    from querylang.store import LogError

    try:
        return log.load_run(log.resolve(reference))
    except LogError as error:  # no such run, or the log is damaged
        fail_usage(str(error))


def stdout_console() -> Console:
    from rich.console import Console

    return Console(file=sys.stdout, highlight=False)


@app.command()
def history(
    strategy: Annotated[
        str | None,
        typer.Option(
            "--strategy",
            help="Only runs of this strategy (same name or file name, or same text as this file).",
            show_default=False,
        ),
    ] = None,
    log: LogOpt = None,
    show_all: Annotated[
        bool, typer.Option("--all", help="Also list incomplete (interrupted) runs.")
    ] = False,
) -> None:
    """Past runs: when, which strategy, the final count per database."""
    from querylang.render_log import render_history
    from querylang.store import LogError

    with open_existing_log(log) as search_log:
        try:
            runs = search_log.runs(strategy=strategy, include_incomplete=show_all)
        except LogError as error:
            fail_usage(str(error))
        if not runs:
            sys.stderr.write(
                f"no runs in {search_log.path}" + (f" for {strategy}" if strategy else "") + "\n"
            )
            return
        render_history(stdout_console(), runs)


@app.command()
def show(
    run: Annotated[
        str, typer.Argument(help="Run id from `querylang history`, or latest, latest~1.")
    ],
    log: LogOpt = None,
    output: Annotated[
        RunFormat,
        typer.Option("--format", help="table (the run in full), or json, markdown or csv "
                     "as `run --format` prints them."),
    ] = RunFormat.table,
) -> None:
    """One run in full: strategy, every line's count, status, source and notes."""
    from querylang.render_log import render_run

    with open_existing_log(log) as search_log:
        stored = load_stored_run(search_log, run)
    if output is RunFormat.table:
        render_run(stdout_console(), stored)
        return
    from querylang import render_run as rr

    # The formats of `run`, from the log: no search is sent again to change
    # the format. Lines are shown when the run counted more than the final one.
    all_lines = any(len(target.lines) > 1 for target in stored.run.targets.values())
    rr.render(stored.run, output.value, all_lines, stdout=sys.stdout)


@app.command()
def diff(
    run_a: Annotated[str, typer.Argument(help="The earlier run (id, latest, latest~1).")],
    run_b: Annotated[str, typer.Argument(help="The later run (id, latest).")],
    log: LogOpt = None,
) -> None:
    """Counts of two runs side by side per line and database, and which lines changed."""
    from querylang.render_log import compare_runs, render_diff

    with open_existing_log(log) as search_log:
        first = load_stored_run(search_log, run_a)
        second = load_stored_run(search_log, run_b)
    render_diff(stdout_console(), compare_runs(first, second))


@app.command()
def report(
    run: Annotated[
        str | None,
        typer.Argument(help="Run id (default: the latest complete run).", show_default=False),
    ] = None,
    output_format: Annotated[
        ReportFormat,
        typer.Option("--format", help="markdown (PRISMA-S appendix), csv, json, searchfile; "
                     "prisma (PRISMA 2020 flow, SVG), overlap (overlap chart, SVG): both need "
                     "`querylang records` first."),
    ] = ReportFormat.markdown,
    output: Annotated[
        str | None,
        typer.Option(
            "--output",
            "-o",
            help="Write to FILE. searchfile: a folder (DIR/<strategy>-<db>.json) or a prefix "
            "(PREFIX-<db>.json), required.",
            show_default=False,
        ),
    ] = None,
    authors: Annotated[
        list[str] | None,
        typer.Option(
            "--author",
            help="searchfile author (repeatable; default $QUERYLANG_AUTHOR).",
            show_default=False,
        ),
    ] = None,
    log: LogOpt = None,
) -> None:
    """Document a run: methods-section appendix (PRISMA-S), CSV, JSON or SearchFiles."""
    import os

    from querylang import report as reports
    from querylang.full_report import report_text, run_overlap

    with open_existing_log(log) as search_log:
        stored = load_stored_run(search_log, run)
        if output_format in (ReportFormat.prisma, ReportFormat.overlap):
            from querylang.records.report_figures import FigureError, write_figure

            try:
                write_figure(stored, run_overlap(search_log, stored), output_format.value,
                             output, sys.stdout, sys.stderr)
            except FigureError as error:
                fail_usage(str(error))
            return
        text = (report_text(search_log, stored, output_format.value)
                if output_format is not ReportFormat.searchfile else "")
    if output_format is ReportFormat.searchfile:
        if not output:
            fail_usage(
                "--format searchfile writes one file per database: give -o DIR/ or -o PREFIX"
            )
        names = authors or [os.environ.get(reports.AUTHOR_ENV) or reports.DEFAULT_AUTHOR]
        try:
            written = reports.write_searchfiles(stored, output, names)
        except OSError as error:
            fail_usage(f"cannot write {output}: {error.strerror}")
        for path in written:
            sys.stderr.write(f"wrote {path}\n")
        return
    if output is None:
        sys.stdout.write(text)
        return
    try:
        Path(output).write_text(text, encoding="utf-8")
    except OSError as error:
        fail_usage(f"cannot write {output}: {error.strerror}")
    sys.stderr.write(f"wrote {output}\n")


@app.command(name="compile")
def compile_command(
    source: SourceArg = None,
    query: QueryOpt = None,
    to: Annotated[
        str, typer.Option("--to", "--db", help=f"Targets, comma-separated: {_DATABASE_LIST}.")
    ] = _DATABASE_LIST,
    line: Annotated[
        int | None,
        typer.Option("--line", help="Compile line N (default: the last line).", show_default=False),
    ] = None,
    strict: Annotated[
        bool, typer.Option("--strict", help="Every change of meaning is an error: no query.")
    ] = False,
    output: Annotated[
        OutputFormat, typer.Option("--format", help="Queries as text or JSON.")
    ] = OutputFormat.text,
    plain: Annotated[
        bool, typer.Option("--plain", help="Bare query strings, one line per target "
                           "(with --history: one line per search, a blank line between targets).")
    ] = False,
    history: Annotated[
        bool, typer.Option("--history", help="Every line as each database's own numbered "
                           "search history (#1 AND #2 where its interface combines searches).")
    ] = False,
    verbose: VerboseOpt = False,
    from_dialect: FromOpt = None,
) -> None:
    """Compile a strategy to each database's native query (and API request).

    Exit 1 when the strategy has errors or a target refused the line (with
    --history: any line; with --strict, every change of meaning is a refusal).
    """
    run_shared(
        lambda: commands.compile_command(
            source, query, to, line, strict, output.value, plain, history, verbose,
            from_dialect,
        )
    )


# -- the `import` command (branch h12pubmed) --

_IMPORT_HELP = f"""Read a native {_IMPORT_DISPLAYS} query or search history (#1 ..., 1. ...,
    with or without the history's counts column, or its CSV download) and print it in
    the portable language, saying what could not be carried exactly.

    Exit status: 0 imported; 1 the native strategy has errors (with --strict, or
    changes meaning; nothing written); 2 usage error.
    """


@app.command(name="import", help=_IMPORT_HELP)
def import_native(
    source: Annotated[
        str | None,
        typer.Argument(help="The native strategy: a text file, PubMed's history download "
                       "(CSV), or - for standard input.", show_default=False),
    ] = None,
    query: QueryOpt = None,
    from_dialect: Annotated[
        str,
        typer.Option("--from", help=f"The database whose syntax the source is in: {_IMPORTABLE}.",
                     show_default=False),
    ] = "",
    output_file: Annotated[
        str | None,
        typer.Option("--output", "-o", help="Write the portable strategy to this file "
                     "(default: standard output).", show_default=False),
    ] = None,
    output: Annotated[
        OutputFormat, typer.Option("--format", help="The strategy as text, or everything "
                                   "(lines, counts, diagnostics) as JSON.")
    ] = OutputFormat.text,
    strict: Annotated[
        bool, typer.Option("--strict", help="Every change of meaning (e.g. an untagged term's "
                           "lost term mapping) is an error: nothing written.")
    ] = False,
) -> None:
    """Read a native query or search history (help: _IMPORT_HELP)."""
    from querylang.imports.command import import_command

    if not from_dialect:
        fail_usage("give the source's database: "
                   + " or ".join(f"--from {name}" for name in _IMPORTABLE.split(" or ")))
    run_shared(lambda: import_command(source, query, from_dialect, output_file, output.value,
                                      strict))


# -- end of the `import` command --


# -- the `records` command (branch h13fetch) --

class RecordsFormat(str, enum.Enum):
    table = "table"
    json = "json"
    csv = "csv"
    markdown = "markdown"


_RECORDS_HELP = f"""Fetch the records behind a run's counts into the search log, and summarise.

    Prints the plan first (records, requests, time at each rate limit) on
    standard error; above --max-records, --max-requests or a daily quota
    ({", ".join(f"{display} {quota} requests" for display, quota in _QUOTAS)};
    QUERYLANG_<DB>_DAILY_QUOTA) it stops before asking, unless --yes.
    Resumable: an interrupted fetch continues where it stopped, and a finished
    one costs no request. Exit status: 0 fetched; 2 usage error or the plan
    refused; 3 a database failed (its pages so far kept); 130 interrupted.
    """


@app.command(help=_RECORDS_HELP)
def records(
    run: Annotated[
        str | None,
        typer.Argument(help="Run id from `querylang history`, or latest (default), latest~1.",
                       show_default=False),
    ] = None,
    line: Annotated[
        int | None,
        typer.Option("--line", min=1, help="The line whose records to fetch (default: the "
                     "final line).", show_default=False),
    ] = None,
    db: Annotated[
        str | None,
        typer.Option("--db", "--to", help="Databases, comma-separated (default: every database that "
                     "answered the line with a count).", show_default=False),
    ] = None,
    max_records: Annotated[
        int,
        typer.Option("--max-records", min=1, metavar="N",
                     help="Fetch at most N records per database."),
    ] = 10_000,
    max_requests: Annotated[
        int | None,
        typer.Option("--max-requests", min=1, metavar="N",
                     help="Make at most N requests per database (default: no cap).",
                     show_default=False),
    ] = None,
    yes: Annotated[
        bool, typer.Option("--yes", help="Go ahead above a cap or a daily quota (fetch up to "
                           "the caps; the rest later).")
    ] = False,
    output: Annotated[
        RecordsFormat, typer.Option("--format", help="table, json, csv or markdown.")
    ] = RecordsFormat.table,
    timeout: Annotated[
        float | None,
        typer.Option("--timeout", help="Seconds per request, the whole answer included "
                     "(default 30).", show_default=False),
    ] = None,
    log: LogOpt = None,
) -> None:
    """Fetch the records behind a run's counts (help: _RECORDS_HELP)."""
    from querylang.records.command import (
        RecordsOptions,
        RecordsUsageError,
        parse_databases,
        records_command,
    )
    from querylang.render_run import UsageError

    try:
        databases = parse_databases(db)
    except UsageError as error:
        fail_usage(str(error))
    options = RecordsOptions(run=run, line=line, databases=databases, max_records=max_records,
                             max_requests=max_requests, yes=yes, fmt=output.value,
                             timeout=timeout)
    try:
        status = records_command(log_location(log), options)
    except RecordsUsageError as error:
        fail_usage(str(error))
    raise typer.Exit(status)

# -- end of the `records` command --


# -- the `export` command (branch h13dedup) --


class ExportFormat(str, enum.Enum):
    ris = "ris"
    bibtex = "bibtex"
    csv = "csv"


@app.command(name="export")
def export_command(
    run: Annotated[
        str | None,
        typer.Argument(help="Run id (default: the latest complete run).", show_default=False),
    ] = None,
    output_format: Annotated[
        ExportFormat,
        typer.Option("--format", help="ris (Zotero, EndNote, Rayyan, Covidence), bibtex, csv."),
    ] = ExportFormat.ris,
    output: Annotated[
        str | None,
        typer.Option("--output", "-o", help="Write to FILE (default: standard output).",
                     show_default=False),
    ] = None,
    line: Annotated[
        int | None,
        typer.Option("--line", min=1, help="The line whose records to export (default: the "
                     "run's final line).", show_default=False),
    ] = None,
    log: LogOpt = None,
) -> None:
    """Write the deduplicated records of a run (fetched by `querylang records`)
    for screening, with the databases each came from and its identifiers."""
    from querylang.records.export_command import ExportError, export_run

    with open_existing_log(log) as search_log:
        stored = load_stored_run(search_log, run)
        try:
            export_run(search_log, stored, output_format.value, output, line=line,
                       stdout=sys.stdout, stderr=sys.stderr)
        except ExportError as error:
            fail_usage(str(error))


# -- end of the `export` command --


# -- the `check` command (branch h14check) --

class CheckFormat(str, enum.Enum):
    table = "table"
    json = "json"
    markdown = "markdown"
    csv = "csv"


@app.command(name="check")
def check_command(
    source: SourceArg = None,
    query: QueryOpt = None,
    known: Annotated[
        str, typer.Option("--known", metavar="FILE", help="The known records: one PMID, DOI, "
                          "arXiv id or ieee:NUMBER a line (# comments), or a .ris, .bib or "
                          ".csv file.")
    ] = "",
    db: Annotated[
        str | None,
        typer.Option("--db", "--to", help=f"Databases, comma-separated (default: {_DATABASE_LIST}).",
                     show_default=False),
    ] = None,
    output: Annotated[
        CheckFormat, typer.Option("--format", help="table, json, markdown or csv.")
    ] = CheckFormat.table,
    min_recall: Annotated[
        float, typer.Option("--min-recall", min=0.0, max=1.0, metavar="R",
                            help="Exit 0 when every database's final recall is at least R.")
    ] = 1.0,
    timeout: Annotated[
        float | None, typer.Option("--timeout", help="Seconds per request (default 30).",
                                   show_default=False)
    ] = None,
    deadline: Annotated[
        float | None, typer.Option("--deadline", metavar="SECONDS",
                                   help="Seconds for the whole check (default 900).",
                                   show_default=False)
    ] = None,
    strict: Annotated[
        bool, typer.Option("--strict", help="Refuse lines whose translation changes meaning.")
    ] = False,
    log: LogOpt = None,
    no_log: Annotated[
        bool, typer.Option("--no-log", help="Do not save this check in the search log.")
    ] = False,
    max_age: Annotated[
        float, typer.Option("--max-age", min=0, metavar="HOURS",
                            help="Answer a request from the log when the same request was "
                            "answered less than HOURS ago (0: never).")
    ] = DEFAULT_MAX_AGE_HOURS,
    refresh: Annotated[
        bool, typer.Option("--refresh", help="Ask every database again (ignore the log).")
    ] = False,
    yes: Annotated[
        bool, typer.Option("--yes", help=f"Go ahead even when {_QUOTA_NAMES} "
                           "(daily quotas) would get more than --max-requests requests.")
    ] = False,
    max_requests: Annotated[
        int, typer.Option("--max-requests", min=1, metavar="N",
                          help=f"Most requests to {_QUOTA_NAMES} without --yes.")
    ] = 50,
    verbose: VerboseOpt = False,
) -> None:
    """Check that the strategy finds known relevant records, line by line, in each database.

    Prints a matrix known record x database (found by the final line, missed,
    or not indexed) and each line's recall (found / indexed). Keys and
    endpoints as for `run`. Exit status: 0 every indexed known record is found
    by the final line in every database (or recall >= --min-recall); 1 the
    strategy has errors; 2 usage error (no known record readable, too many
    requests without --yes); 3 nothing missed but a database failed or was
    skipped, or no database holds any known record (nothing tested); 4 some
    known record is missed.
    """
    import os

    from querylang.databases import runnable_names
    from querylang.known import command as known_check
    from querylang.render_run import parse_databases
    from querylang.runner import RunSettings

    if not known:
        fail_usage("give the known records: --known FILE")
    try:
        # Known items are looked up through each database's API.
        databases = parse_databases(db, runnable_names())
        settings = RunSettings.from_env(os.environ, timeout=timeout, deadline=deadline)
    except ValueError as error:
        fail_usage(str(error))
    where = None if no_log and log_problem(log) else log_location(log)
    search_log = None if no_log or where is None else open_run_log(where)
    options = known_check.CheckOptions(
        source=source, query=query, known=known, databases=databases, output=output.value,
        min_recall=min_recall, strict=strict, max_age=max_age, refresh=refresh, yes=yes,
        max_requests=max_requests, verbose=verbose)
    try:
        run_shared(lambda: known_check.check(
            options, log=search_log, warn=_warn,
            session_options={"settings": settings,
                             "pace_dir": where.parent if where is not None else None}))
    finally:
        if search_log is not None:
            search_log.close()

# -- end of the `check` command --


# -- the `serve` command (branch h17web) --

@app.command()
def serve(
    port: Annotated[
        int, typer.Option("--port", min=0, max=65535,
                          help="Port to listen on (0: any free port).")
    ] = 8765,
    host: Annotated[
        str, typer.Option("--host", help="Address to listen on. Anything but loopback exposes "
                          "the page (and your API keys' quota) to other machines.")
    ] = "127.0.0.1",
    no_browser: Annotated[
        bool, typer.Option("--no-browser", help="Print the address; do not open a browser.")
    ] = False,
    log: LogOpt = None,
) -> None:
    """A local web page to write, translate, run and document a strategy.

    Prints the page's address (with a random token every request needs) and
    opens it in the browser. Ctrl-C stops the server. See docs/web.md.
    """
    from querylang.web.server import ServeError
    from querylang.web.server import serve as serve_page

    if log is not None:
        log_location(log)  # refuse a folder or a file in the way, as run does
    try:
        serve_page(host=host, port=port, open_browser=not no_browser, log_path=log)
    except ServeError as error:
        fail_usage(str(error))
    except KeyboardInterrupt:
        raise typer.Exit(EXIT_OK) from None


# -- end of the `serve` command --


def main() -> None:
    """Run the typer application (``querylang.entry.main`` sends here whatever
    its fast path does not take)."""
    from querylang.entry import run_guarded

    run_guarded(app)
