"""The ``querylang`` console script: a fast start for the everyday commands.

typer (with its click) takes longer to import than querylang takes to
parse, check and compile a strategy for four databases: most of a
``querylang compile`` used to be spent before the command began. So the
entry point reads the command line itself when it is one of the plain,
well-formed forms of ``parse``, ``fmt``, ``lint`` and ``compile``::

    querylang compile examples/asthma.qry --to pubmed,wos --format json
    querylang lint --strict -q "asthma AND child*"

and runs the same function the typer command runs
(:mod:`querylang.commands`). Everything else (``--help``, ``--version``,
another command, an unknown or repeated option, a value typer would
reject, ``--``) goes to the typer application in :mod:`querylang.cli`,
which stays the one definition of the interface: its help, its errors and
every other command. ``tests/test_entry.py`` checks that :data:`OPTIONS`
matches the typer declarations and that both paths print the same.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence

__all__ = ["OPTIONS", "fast_call", "main", "run_guarded"]

FLAG, TEXT, NUMBER, FORMAT = "flag", "text", "number", "format"

_SOURCE_OPTIONS = {"--query": ("query", TEXT), "-q": ("query", TEXT)}

#: Per command: each spelling of an option -> (parameter, kind). Mirrors
#: the typer declarations in querylang/cli.py (a test compares them).
OPTIONS: dict[str, dict[str, tuple[str, str]]] = {
    "parse": {**_SOURCE_OPTIONS, "--format": ("output", FORMAT)},
    "fmt": dict(_SOURCE_OPTIONS),
    "lint": {**_SOURCE_OPTIONS, "--format": ("output", FORMAT), "--strict": ("strict", FLAG)},
    "compile": {
        **_SOURCE_OPTIONS,
        "--to": ("to", TEXT),
        "--db": ("to", TEXT),  # the name run, check and records use
        "--line": ("line", NUMBER),
        "--strict": ("strict", FLAG),
        "--format": ("output", FORMAT),
        "--plain": ("plain", FLAG),
        "--history": ("history", FLAG),
        "--verbose": ("verbose", FLAG),
        "--from": ("from_dialect", TEXT),
    },
}

#: What ``--format`` takes for these commands (typer's choices are case-sensitive).
FORMATS = frozenset({"text", "json"})


def fast_call(argv: Sequence[str]) -> Callable[[], int] | None:
    """The command ``argv`` asks for, ready to run, or None when typer must
    read it (anything outside the plain forms, including every mistake)."""
    if not argv or argv[0] not in OPTIONS:
        return None
    command, known = argv[0], OPTIONS[argv[0]]
    values: dict[str, object] = {}
    source: str | None = None
    rest = list(argv[1:])
    while rest:
        arg = rest.pop(0)
        if arg == "-" or not arg.startswith("-"):
            if source is not None:
                return None  # a second argument: typer says what is wrong
            source = arg
            continue
        name, has_value, attached = arg.partition("=")
        if name not in known or (has_value and not name.startswith("--")):
            return None
        parameter, kind = known[name]
        if parameter in values:
            return None  # repeated: typer's rule (the last wins) applies there
        if kind == FLAG:
            if has_value:
                return None
            values[parameter] = True
            continue
        if has_value:
            value = attached
        elif rest and not rest[0].startswith("-"):
            value = rest.pop(0)
        else:
            return None  # missing value, or one that looks like an option
        if kind == NUMBER:
            if not value.isascii() or not value.isdigit():
                return None
            values[parameter] = int(value)
        elif kind == FORMAT:
            if value not in FORMATS:
                return None
            values[parameter] = value
        else:
            values[parameter] = value
    return _bind(command, source, values)


def _bind(command: str, source: str | None, values: dict[str, object]) -> Callable[[], int]:
    from querylang import commands

    query = values.get("query")
    assert query is None or isinstance(query, str)
    output = str(values.get("output", "text"))
    strict = bool(values.get("strict", False))
    if command == "parse":
        return lambda: commands.parse_command(source, query, output)
    if command == "fmt":
        return lambda: commands.fmt_command(source, query)
    if command == "lint":
        return lambda: commands.lint_command(source, query, output, strict)
    line = values.get("line")
    assert line is None or isinstance(line, int)
    to = str(values.get("to", commands.ALL_TARGETS))
    plain = bool(values.get("plain", False))
    history = bool(values.get("history", False))
    verbose = bool(values.get("verbose", False))
    from_dialect = values.get("from_dialect")
    assert from_dialect is None or isinstance(from_dialect, str)
    return lambda: commands.compile_command(source, query, to, line, strict, output, plain,
                                            history, verbose, from_dialect)


def run_guarded(body: Callable[[], None]) -> None:
    """Run a command as a process: Ctrl-C and a closed pipe end quietly."""
    try:
        body()
    except KeyboardInterrupt:  # a clean line instead of a traceback
        sys.stderr.write("querylang: interrupted\n")
        raise SystemExit(130) from None
    except BrokenPipeError:
        # The reader went away (querylang ... | head): not an error of the
        # strategy. Point stdout at devnull so the exit flush cannot fail.
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


def main() -> None:
    """Console-script entry point."""
    call = fast_call(sys.argv[1:])
    if call is None:
        from querylang.cli import main as typer_main

        typer_main()
        return
    run_guarded(lambda: _exit(call))


def _exit(call: Callable[[], int]) -> None:
    from querylang.commands import EXIT_USAGE, UsageError

    try:
        status = call()
    except UsageError as error:
        sys.stderr.write(f"querylang: error: {error}\n")
        status = EXIT_USAGE
    sys.stdout.flush()
    raise SystemExit(status)
