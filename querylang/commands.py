"""What ``parse``, ``fmt``, ``lint`` and ``compile`` do, without a CLI framework.

Each function takes plain values, writes to standard output and error, and
returns the exit status; a usage mistake raises :class:`UsageError`. The
typer commands in :mod:`querylang.cli` call these functions, and so does the
start-up fast path in :mod:`querylang.entry`, which runs them without
importing typer: the same code, whichever way a command arrives.
"""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING

from querylang import analyze
from querylang.diagnostics import Diagnostic, Severity, has_errors, render_json, render_text

if TYPE_CHECKING:
    from querylang.targets.base import Compiled

EXIT_OK = 0
EXIT_INPUT = 1
EXIT_USAGE = 2
EXIT_DATABASE = 3

#: The targets ``compile --to`` takes when not told.
ALL_TARGETS = "pubmed,wos,arxiv,ieee"


class UsageError(Exception):
    """A mistake in the command line (exit 2): the message says what to do."""


def read_source(source: str | None, query: str | None) -> tuple[str, str]:
    """The strategy text and the name to show in diagnostics."""
    if query is not None and source is not None:
        raise UsageError("give a SOURCE file or -q TEXT, not both")
    if query is not None:
        return query, "<query>"
    if not source:  # None, or an empty argument ("$FILE" with FILE unset)
        raise UsageError('give a strategy: a file, - for standard input, or -q "TEXT"')
    if source == "-":
        return sys.stdin.read().removeprefix("\ufeff"), "<stdin>"
    try:
        # utf-8-sig: editors on Windows start UTF-8 files with a byte-order mark.
        with open(source, encoding="utf-8-sig") as handle:
            return handle.read(), source
    except FileNotFoundError:
        raise UsageError(f"no such file: {source}") from None
    except IsADirectoryError:
        raise UsageError(f"{source} is a folder, not a strategy file") from None
    except UnicodeDecodeError as error:
        raise UsageError(
            f"{source} is not UTF-8 text (byte {error.start}): save it as UTF-8"
        ) from None
    except OSError as error:
        raise UsageError(f"cannot read {source}: {error.strerror}") from None


def emit_diagnostics(diagnostics: list[Diagnostic], text: str, filename: str) -> None:
    if diagnostics:
        sys.stderr.write(render_text(diagnostics, text, filename) + "\n")


def parse_command(source: str | None, query: str | None, output: str) -> int:
    """Print the parsed tree (``output``: text or json)."""
    from querylang.ast import strategy_to_dict
    from querylang.treeview import render_tree

    text, filename = read_source(source, query)
    analysis = analyze(text)
    emit_diagnostics(analysis.diagnostics, text, filename)
    if analysis.strategy is None:
        return EXIT_INPUT
    if output == "json":
        sys.stdout.write(
            json.dumps(strategy_to_dict(analysis.strategy), indent=2, ensure_ascii=False) + "\n"
        )
    else:
        sys.stdout.write(render_tree(analysis.strategy))
    return EXIT_INPUT if has_errors(analysis.diagnostics) else EXIT_OK


def fmt_command(source: str | None, query: str | None) -> int:
    """Print the strategy in canonical form; 1 (and nothing printed) when
    lint finds an error: a canonical form of a broken strategy would look
    as if it were fine."""
    from querylang.printer import format_strategy

    text, filename = read_source(source, query)
    analysis = analyze(text)
    if analysis.strategy is None or has_errors(analysis.diagnostics):
        emit_diagnostics(analysis.diagnostics, text, filename)
        return EXIT_INPUT
    sys.stdout.write(format_strategy(analysis.strategy))
    return EXIT_OK


def lint_command(source: str | None, query: str | None, output: str, strict: bool) -> int:
    """Print the diagnostics; 1 when there is an error (strict: or a warning)."""
    text, filename = read_source(source, query)
    diagnostics = analyze(text).diagnostics
    if output == "json":
        sys.stdout.write(render_json(diagnostics, filename) + "\n")
    elif diagnostics:
        sys.stdout.write(render_text(diagnostics, text, filename) + "\n")
    errors = sum(d.severity is Severity.ERROR for d in diagnostics)
    warnings = sum(d.severity is Severity.WARNING for d in diagnostics)
    if output == "text":
        sys.stderr.write(f"{filename}: {errors} error(s), {warnings} warning(s)\n")
    failed = errors > 0 or (strict and warnings > 0)
    return EXIT_INPUT if failed else EXIT_OK


def compile_command(
    source: str | None,
    query: str | None,
    to: str,
    line: int | None,
    strict: bool,
    output: str,
    plain: bool,
) -> int:
    """Print each target's query; 1 when the strategy has errors or a target
    refused the line."""
    from querylang.compiler import compile_text
    from querylang.targets import TARGETS, unknown_target_message

    names = [name.strip().lower() for name in to.split(",") if name.strip()]
    if not names:
        raise UsageError(f"--to needs at least one target: {ALL_TARGETS}")
    for name in names:
        if name not in TARGETS:
            raise UsageError(unknown_target_message(name))
    text, filename = read_source(source, query)
    analysis, results = compile_text(text, list(dict.fromkeys(names)), line=line, strict=strict)
    count = len(analysis.strategy.lines) if analysis.strategy is not None else 0
    if line is not None and analysis.strategy is not None and not 1 <= line <= count:
        raise UsageError(f"--line {line}: the strategy has {count} line(s)")
    own = list(analysis.diagnostics)
    if output == "json":
        payload = {"targets": {name: _compiled_json(result) for name, result in results.items()}}
        sys.stdout.write(json.dumps(payload, indent=2, ensure_ascii=False) + "\n")
    elif plain:
        # Bare strings on stdout, one line per target (an empty line for a
        # target that refused); what a librarian must still know (the IEEE
        # year filter, every change of meaning) goes to stderr, never lost.
        emit_diagnostics(own, text, filename)
        for result in results.values():
            sys.stdout.write((result.query or "") + "\n")
        for result in results.values():
            for note in result.notes:
                sys.stderr.write(f"{result.target}: note: {note}\n")
            if result.query is None and not _target_only(result.diagnostics) and not own:
                sys.stderr.write(f"{result.target}: no query\n")
        emit_diagnostics(
            [d for r in results.values() for d in _target_only(r.diagnostics)], text, filename
        )
    else:
        emit_diagnostics(own, text, filename)
        blocks = [_compiled_text(result, text, filename) for result in results.values()]
        sys.stdout.write("\n\n".join(blocks) + "\n")
    # A target that refused the line (an error of its own, e.g. a DOI in
    # arXiv) is an error in the input for that database: exit 1, strict or not.
    refused = any(result.query is None for result in results.values())
    failed = has_errors(analysis.diagnostics) or analysis.strategy is None or refused
    return EXIT_INPUT if failed else EXIT_OK


def _target_only(diagnostics: tuple[Diagnostic, ...]) -> list[Diagnostic]:
    return [d for d in diagnostics if d.target is not None or d.code.startswith("CP")]


def _compiled_text(result: Compiled, text: str, filename: str) -> str:
    """One target: its name, the query on a line of its own (never wrapped,
    so it copies cleanly), the API query when it differs, notes, diagnostics."""
    from querylang.targets import TARGETS

    out = [f"== {TARGETS[result.target].title} ({result.target}) =="]
    out.append(result.query if result.query is not None else "(no query: see the errors below)")
    if result.api_query is not None and result.api_query != result.query:
        out.append("API query:")
        out.append(result.api_query)
    out.extend(f"note: {note}" for note in result.notes)
    own = _target_only(result.diagnostics)
    if own:
        out.append("")
        out.append(render_text(own, text, filename))
    return "\n".join(out)


def _compiled_json(result: Compiled) -> dict[str, object]:
    from querylang.diagnostics import to_dicts

    api = None
    if result.api is not None:
        api = {
            "method": result.api.method,
            "url": result.api.url,
            "params": dict(result.api.params),
            "headers": list(result.api.headers),
        }
    return {
        "query": result.query,
        "api_query": result.api_query,
        "api": api,
        "notes": list(result.notes),
        "diagnostics": to_dicts(result.diagnostics),
    }
