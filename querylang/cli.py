"""The ``querylang`` command line: thin commands over the library.

Results go to standard output; diagnostics and progress to standard error.

Exit status:
    0  success
    1  the strategy has errors (with --strict: errors or warnings)
    2  usage error (bad option, missing file, unknown code)
    3  ``run``: a database failed or was skipped

Heavy modules (httpx, rich tables, sqlite) are imported inside the commands
that need them, so that ``lint`` and ``fmt`` start fast.
"""

from __future__ import annotations

import enum
import json
import sys
from pathlib import Path
from typing import Annotated, NoReturn, Optional

import typer

from querylang import __version__, analyze
from querylang.diagnostics import Diagnostic, Severity, has_errors, render_json, render_text

EXIT_OK = 0
EXIT_INPUT = 1
EXIT_USAGE = 2
EXIT_DATABASE = 3

_EPILOG = (
    "Exit status: 0 success; 1 the strategy has errors (with --strict, warnings too); "
    "2 usage error; 3 (run) a database failed or was skipped."
)

app = typer.Typer(
    name="querylang",
    help=(
        "Write a search strategy once; compile it to PubMed, Web of Science, arXiv and "
        "IEEE Xplore; run it and compare hit counts; document it (PRISMA-S)."
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
    Optional[str],
    typer.Argument(
        help="Strategy file (*.qry), or - for standard input.",
        show_default=False,
    ),
]
QueryOpt = Annotated[
    Optional[str],
    typer.Option("--query", "-q", help="The strategy as text instead of a file.", show_default=False),
]


def fail_usage(message: str) -> NoReturn:
    sys.stderr.write(f"querylang: error: {message}\n")
    raise typer.Exit(EXIT_USAGE)


def read_source(source: str | None, query: str | None) -> tuple[str, str]:
    """The strategy text and the name to show in diagnostics."""
    if query is not None and source is not None:
        fail_usage("give a SOURCE file or -q TEXT, not both")
    if query is not None:
        return query, "<query>"
    if source is None:
        fail_usage("give a strategy: a file, - for standard input, or -q \"TEXT\"")
    if source == "-":
        return sys.stdin.read(), "<stdin>"
    path = Path(source)
    try:
        return path.read_text(encoding="utf-8"), source
    except FileNotFoundError:
        fail_usage(f"no such file: {source}")
    except IsADirectoryError:
        fail_usage(f"{source} is a folder, not a strategy file")
    except UnicodeDecodeError as error:
        fail_usage(f"{source} is not UTF-8 text (byte {error.start}): save it as UTF-8")
    except OSError as error:
        fail_usage(f"cannot read {source}: {error.strerror}")


def emit_diagnostics(diagnostics: list[Diagnostic], text: str, filename: str) -> None:
    if diagnostics:
        sys.stderr.write(render_text(diagnostics, text, filename) + "\n")


def version_callback(value: bool) -> None:
    if value:
        sys.stdout.write(f"querylang {__version__}\n")
        raise typer.Exit()


@app.callback()
def main_options(
    version: Annotated[
        bool,
        typer.Option("--version", callback=version_callback, is_eager=True, help="Print the version."),
    ] = False,
) -> None:
    """querylang: one search strategy, four databases."""


@app.command()
def parse(
    source: SourceArg = None,
    query: QueryOpt = None,
    output: Annotated[OutputFormat, typer.Option("--format", help="Tree as text or JSON.")] = OutputFormat.text,
) -> None:
    """Print the parsed tree of a strategy."""
    from querylang.ast import strategy_to_dict
    from querylang.treeview import render_tree

    text, filename = read_source(source, query)
    analysis = analyze(text)
    emit_diagnostics(analysis.diagnostics, text, filename)
    if analysis.strategy is None:
        raise typer.Exit(EXIT_INPUT)
    if output is OutputFormat.json:
        sys.stdout.write(json.dumps(strategy_to_dict(analysis.strategy), indent=2, ensure_ascii=False) + "\n")
    else:
        sys.stdout.write(render_tree(analysis.strategy))
    raise typer.Exit(EXIT_INPUT if has_errors(analysis.diagnostics) else EXIT_OK)


@app.command()
def fmt(source: SourceArg = None, query: QueryOpt = None) -> None:
    """Print the strategy in canonical form."""
    from querylang.printer import format_strategy

    text, filename = read_source(source, query)
    analysis = analyze(text)
    if analysis.strategy is None:
        emit_diagnostics(analysis.diagnostics, text, filename)
        raise typer.Exit(EXIT_INPUT)
    sys.stdout.write(format_strategy(analysis.strategy))


@app.command()
def lint(
    source: SourceArg = None,
    query: QueryOpt = None,
    output: Annotated[OutputFormat, typer.Option("--format", help="Diagnostics as text or JSON.")] = OutputFormat.text,
    strict: Annotated[bool, typer.Option("--strict", help="Fail on warnings too.")] = False,
) -> None:
    """Check a strategy. Exit 0 when it has no error (with --strict, no warning)."""
    text, filename = read_source(source, query)
    diagnostics = analyze(text).diagnostics
    if output is OutputFormat.json:
        sys.stdout.write(render_json(diagnostics, filename) + "\n")
    elif diagnostics:
        sys.stdout.write(render_text(diagnostics, text, filename) + "\n")
    errors = sum(d.severity is Severity.ERROR for d in diagnostics)
    warnings = sum(d.severity is Severity.WARNING for d in diagnostics)
    if output is OutputFormat.text:
        sys.stderr.write(f"{filename}: {errors} error(s), {warnings} warning(s)\n")
    failed = errors > 0 or (strict and warnings > 0)
    raise typer.Exit(EXIT_INPUT if failed else EXIT_OK)


@app.command()
def explain(code: Annotated[str, typer.Argument(help="A diagnostic code, e.g. QL112 or PM201.")]) -> None:
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


def main() -> None:
    """Console-script entry point."""
    try:
        app()
    except KeyboardInterrupt:  # a clean line instead of a traceback
        sys.stderr.write("querylang: interrupted\n")
        raise SystemExit(130) from None
