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
from collections.abc import Sequence
from typing import TYPE_CHECKING

from querylang import analyze
from querylang.diagnostics import (
    Diagnostic,
    Severity,
    has_errors,
    once_per_database,
    render_json,
    render_text,
)
from querylang.summary import VERBOSE_HINT, render_grouped, search_line_map

if TYPE_CHECKING:
    from querylang.ast import Strategy
    from querylang.history import History
    from querylang.targets.base import Compiled

EXIT_OK = 0
EXIT_INPUT = 1
EXIT_USAGE = 2
EXIT_DATABASE = 3
#: ``run``: the counts were printed but the search log could not hold the run.
EXIT_UNLOGGED = 4


def all_targets() -> str:
    """The targets ``compile --to`` takes when not told: every database with an
    API, in order (interfaces without one, such as Ovid, are asked for by name)."""
    from querylang.databases import RUNNABLE  # not at import: `lint` starts without it

    return ",".join(RUNNABLE)


def __getattr__(name: str) -> str:
    # ``ALL_TARGETS`` (the old constant) reads the registry when first asked.
    if name == "ALL_TARGETS":
        return all_targets()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


#: The UTF-8 byte-order mark.
BOM = b"\xef\xbb\xbf"


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
        return _read_stdin(), "<stdin>"
    try:
        with open(source, "rb") as handle:
            return decode_strategy(handle.read(), source), source
    except FileNotFoundError:
        raise UsageError(f"no such file: {source}") from None
    except IsADirectoryError:
        raise UsageError(f"{source} is a folder, not a strategy file") from None
    except OSError as error:
        raise UsageError(f"cannot read {source}: {error.strerror}") from None


def _read_stdin() -> str:
    """Standard input, decoded as strictly as a file (never silently altered)."""
    buffer = getattr(sys.stdin, "buffer", None)
    if buffer is None:  # a text stream put in place by a host program: already decoded
        return str(sys.stdin.read()).removeprefix("\ufeff")
    return decode_strategy(buffer.read(), "standard input")


def decode_strategy(data: bytes, name: str) -> str:
    """Strict UTF-8 (a leading byte-order mark dropped: editors on Windows write
    one), newlines made ``\n`` as text mode would; a UsageError naming the
    first byte that is not UTF-8, with its line and column."""
    start = len(BOM) if data.startswith(BOM) else 0
    try:
        text = data[start:].decode("utf-8")
    except UnicodeDecodeError as error:
        offset = start + error.start
        line = data.count(b"\n", 0, offset) + 1
        column = offset - (data.rfind(b"\n", 0, offset) + 1) + 1
        raise UsageError(
            f"{name} is not UTF-8 text (byte {offset}, 0x{data[offset]:02x}, at line {line} "
            f"column {column}): save it as UTF-8 (e.g. iconv -f latin1 -t utf-8)"
        ) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def emit_diagnostics(diagnostics: list[Diagnostic], text: str, filename: str) -> None:
    if diagnostics:
        sys.stderr.write(render_text(diagnostics, text, filename) + "\n")


def emit_in_brief(
    sections: Sequence[tuple[str, Sequence[Diagnostic]]],
    text: str,
    filename: str,
    strategy: Strategy | None,
    *,
    verbose: bool,
    detail: str = VERBOSE_HINT,
) -> None:
    """Diagnostics to standard error: with ``verbose`` each in full; otherwise
    the errors in full (each stops a query) and the rest grouped per section
    (the strategy, then each database) by code, with their terms and lines."""
    sections = [(name, once_per_database(found)) for name, found in sections]
    if verbose:
        emit_diagnostics([d for _, found in sections for d in found], text, filename)
        return
    emit_diagnostics(
        [d for _, found in sections for d in found if d.severity is Severity.ERROR], text, filename
    )
    rest = [(name, [d for d in found if d.severity is not Severity.ERROR])
            for name, found in sections]
    brief = render_grouped(rest, text, search_line_map(strategy), detail)
    if brief:
        sys.stderr.write(brief + "\n")


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
    diagnostics = [_name_file(d, filename) for d in analyze(text).diagnostics]
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


def _name_file(diagnostic: Diagnostic, filename: str) -> Diagnostic:
    """IM008's hint with the file's own name in its import command."""
    if diagnostic.code != "IM008" or diagnostic.hint is None or filename.startswith("<"):
        return diagnostic
    import shlex

    hint = diagnostic.hint.replace("FILE", shlex.quote(filename))
    return Diagnostic(diagnostic.code, diagnostic.severity, diagnostic.message, diagnostic.span,
                      hint, diagnostic.target)


def compile_command(
    source: str | None,
    query: str | None,
    to: str,
    line: int | None,
    strict: bool,
    output: str,
    plain: bool,
    history: bool = False,
    verbose: bool = False,
    from_dialect: str | None = None,
) -> int:
    """Print each target's query; 1 when the strategy has errors or a target
    refused the line. ``from_dialect``: the source is a native PubMed or Web
    of Science strategy, imported first (querylang.imports). Queries go to standard output; diagnostics to standard
    error, in brief unless ``verbose`` (JSON always carries them in full).
    ``history``: every line, as each database's search history
    (:func:`history_command`)."""
    from querylang.compiler import compile_text
    from querylang.targets import TARGETS, unknown_target_message

    names = [name.strip().lower() for name in to.split(",") if name.strip()]
    if not names:
        raise UsageError(f"--to needs at least one target: {all_targets()}")
    for name in names:
        if name not in TARGETS:
            raise UsageError(unknown_target_message(name))
    if history and line is not None:
        raise UsageError("--history writes every line: give --line or --history, not both")
    text, filename = read_source(source, query)
    if from_dialect is not None:
        from querylang.imports.command import imported_source

        imported = imported_source(text, filename, from_dialect, strict)
        if imported is None:
            return EXIT_INPUT
        text, filename = imported
    if history:
        return history_command(
            text, filename, list(dict.fromkeys(names)), strict, output, plain, verbose
        )
    analysis, results = compile_text(text, list(dict.fromkeys(names)), line=line, strict=strict)
    count = len(analysis.strategy.lines) if analysis.strategy is not None else 0
    if line is not None and analysis.strategy is not None and not 1 <= line <= count:
        # A mistake in the command line, not in the strategy: exit 2 (the
        # compile API reports the same as CP001, docs/databases.md).
        raise UsageError(
            f"--line {line}: the strategy has {count} line(s); give a line number from 1 to {count}"
        )
    own = [_name_file(d, filename) for d in analysis.diagnostics]
    if output == "json":
        payload = {"targets": {name: _compiled_json(result) for name, result in results.items()}}
        sys.stdout.write(json.dumps(payload, indent=2, ensure_ascii=False) + "\n")
    else:
        if plain:
            # Bare strings on stdout, one line per target (an empty line for a
            # target that refused); what a librarian must still know (the IEEE
            # year filter, every change of meaning) goes to stderr, never lost.
            for result in results.values():
                sys.stdout.write((result.query or "") + "\n")
        else:
            blocks = [_compiled_text(result) for result in results.values()]
            sys.stdout.write("\n\n".join(blocks) + "\n")
        # The queries first, then what is to be said about them: on a
        # terminal the summary ends next to the prompt.
        sys.stdout.flush()
        if plain:
            for result in results.values():
                for note in result.notes:
                    sys.stderr.write(f"{result.target}: note: {note}\n")
                if result.query is None and not _target_only(result.diagnostics) and not own:
                    sys.stderr.write(f"{result.target}: no query\n")
        sections: list[tuple[str, Sequence[Diagnostic]]] = [("strategy", own)]
        sections += [
            (TARGETS[r.target].title, _target_only(r.diagnostics)) for r in results.values()
        ]
        emit_in_brief(sections, text, filename, analysis.strategy, verbose=verbose)
    # A target that refused the line (an error of its own, e.g. a DOI in
    # arXiv) is an error in the input for that database: exit 1, strict or not.
    refused = any(result.query is None for result in results.values())
    failed = has_errors(analysis.diagnostics) or analysis.strategy is None or refused
    return EXIT_INPUT if failed else EXIT_OK


def _target_only(diagnostics: tuple[Diagnostic, ...]) -> list[Diagnostic]:
    return [d for d in diagnostics if d.target is not None or d.code.startswith("CP")]


def _compiled_text(result: Compiled) -> str:
    """One target: its name, the query on a line of its own (never wrapped,
    so it copies cleanly), the API query when it differs, notes. Its
    diagnostics go to standard error."""
    from querylang.targets import TARGETS

    out = [f"== {TARGETS[result.target].title} ({result.target}) =="]
    out.append(result.query if result.query is not None else "(no query: see the errors below)")
    if result.api_query is not None and result.api_query != result.query:
        out.append("API query:")
        out.append(result.api_query)
    out.extend(f"note: {note}" for note in result.notes)
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


# -- compile --history ------------------------------------------------------------------


def history_command(
    text: str,
    filename: str,
    names: list[str],
    strict: bool,
    output: str,
    plain: bool,
    verbose: bool = False,
) -> int:
    """Print each target's search history; 1 when the strategy has errors or
    a target could not be given a line. The histories go to standard output;
    diagnostics to standard error, in brief unless ``verbose``, as compile."""
    from querylang.history import history_text
    from querylang.targets import TARGETS

    analysis, histories = history_text(text, names, strict=strict)
    own = list(analysis.diagnostics)
    if output == "json":
        payload = {"targets": {name: _history_json(h) for name, h in histories.items()}}
        sys.stdout.write(json.dumps(payload, indent=2, ensure_ascii=False) + "\n")
    else:
        if plain:
            # Bare lines, one per search, to enter one by one (an empty line
            # for a line the database could not be given, so that line N
            # stays line N); a blank line between targets. Notes: stderr.
            blocks = ["".join((line.query or "") + "\n" for line in h.lines)
                      for h in histories.values() if h.lines]
            sys.stdout.write("\n".join(blocks))
        elif analysis.ok and analysis.strategy is not None:
            blocks = [_history_text(h) for h in histories.values()]
            sys.stdout.write("\n\n".join(blocks) + "\n")
        sys.stdout.flush()
        if plain:
            for h in histories.values():
                for note in _history_notes(h):
                    sys.stderr.write(f"{h.target}: {note}\n")
        sections: list[tuple[str, Sequence[Diagnostic]]] = [("strategy", own)]
        sections += [(TARGETS[h.target].title, _history_diagnostics(h))
                     for h in histories.values()]
        emit_in_brief(sections, text, filename, analysis.strategy, verbose=verbose)
    refused = any(not h.lines or any(line.query is None for line in h.lines)
                  for h in histories.values())
    return EXIT_INPUT if refused or not analysis.ok else EXIT_OK


#: What each kind of history asks of the person entering it.
_WITH_SETS = (
    "Enter the lines one by one, in order, in {interface}, starting from an empty "
    "search history: it numbers them {first}, {second}, ... as the strategy does."
)
_WITHOUT_SETS = (
    "{title} has no search history that combines searches by number: "
    "each line is written out in full."
)


def _history_text(history: History) -> str:
    """One target: a heading, how to enter the lines, ``#n  line`` per line,
    the lines run --lines counts where they differ (the Web of Science
    Starter API) and notes. Its diagnostics go to standard error."""
    from querylang.targets import TARGETS

    target = TARGETS[history.target]
    title = target.title
    # the database's own set label (#1 in PubMed, S1 in EBSCOhost)
    label = (target.set_reference or "#{n}").format
    out = [f"== {title} ({history.target}): search history =="]
    if history.sets:
        from querylang.databases import REGISTRY

        entry = REGISTRY.get(history.target)
        interface = entry.history_interface if entry is not None else None
        out.append(_WITH_SETS.format(interface=interface or title, first=label(n=1),
                                     second=label(n=2)))
    else:
        out.append(_WITHOUT_SETS.format(title=title))
    width = len(label(n=len(history.lines)))
    for line in history.lines:
        shown = line.query if line.query is not None else "(no query: see the errors below)"
        out.append(f"{label(n=line.number):<{width}}  {shown}")
    if history.sets and any(line.counted.api_query != line.counted.query
                            for line in history.lines):
        # Web of Science: the history is the web interface's; what run
        # --lines counts is the Starter API query, which has no history.
        out.append("The API has no search history: run --lines counts each line written out "
                   "as the API receives it:")
        for line in history.lines:
            shown = line.counted.api_query or "(not counted: see the errors below)"
            out.append(f"{label(n=line.number):<{width}}  {shown}")
    out.extend(_history_notes(history))
    return "\n".join(out)


def _history_notes(history: History) -> list[str]:
    """Every line's instructions (IEEE: the year filter), each once, as
    ``note: ...``; one that holds for some lines only names them
    (``note for #6, #7: ...``): a final line that ORs a year-limited line
    with another cannot take the filter (IE104), and each line is entered
    on its own."""
    from querylang.targets import TARGETS

    # the database's own set label (#7 in PubMed, S7 in EBSCOhost)
    label = (TARGETS[history.target].set_reference or "#{n}").format
    holds: dict[str, list[int]] = {}
    for line in history.lines:
        if line.query is None:
            continue  # not entered: nothing to apply its instructions to
        for note in dict.fromkeys(line.notes):
            holds.setdefault(note, []).append(line.number)
    every = len(history.lines)
    return [
        f"note: {note}" if len(numbers) == every
        else f"note for {', '.join(label(n=n) for n in numbers)}: {note}"
        for note, numbers in holds.items()
    ]


def _history_diagnostics(history: History) -> list[Diagnostic]:
    """The target's diagnostics over every line, each once."""
    from querylang.diagnostics import sort_key

    seen: dict[tuple[str, int, int, str], Diagnostic] = {}
    for line in history.lines:
        for d in _target_only(line.diagnostics):
            seen.setdefault((d.code, d.span.start, d.span.end, d.message), d)
    return sorted(seen.values(), key=sort_key)


def _history_json(history: History) -> dict[str, object]:
    from querylang.targets import TARGETS

    data = history.to_dict()
    data["title"] = TARGETS[history.target].title
    return data
