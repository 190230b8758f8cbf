"""The LALR(1) table of grammars/query.lark, as data.

lark builds the table (LALR, from the grammar file); this module keeps it
as plain JSON (``querylang/query_table.json``) so that a command does not
import lark and rebuild or unpickle its objects at every start: that import
alone took about 50 ms of a 250 ms cold-start budget. It is lark's own
"standalone parser" idea, kept as data.

The table records the grammar's length and CRC-32. When the grammar file changes and
the table was not regenerated, :func:`load_table` builds a fresh one with
lark (slower start, same result) and ``tests/test_table.py`` fails until
``python -m querylang.table`` writes the new table.

Table layout::

    {"grammar": length:crc32, "start": state, "end": state,
     "lexer": [pattern, ignored names, keywords],
     "states": {state: {symbol: action}}}

    action = ["s", next state]                  shift
           | ["p", rule name]                   reduce ?rule: child (value passes through)
           | ["r", rule name, size, callback, filtered]
                                                reduce; callback = builder method, or ""
                                                for lark's inlined __helper rules;
                                                filtered: drop _TOKENS, splice helpers
"""

from __future__ import annotations

import json
import os
import zlib
from functools import lru_cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pathlib import Path

__all__ = ["grammar_path", "grammar_file", "build_table", "load_table", "TABLE_FILE"]

# Paths as strings: pathlib (with the urllib.parse it imports) would add a
# tenth to the start of every command for two file names.
_HERE = os.path.dirname(os.path.realpath(__file__))
TABLE_FILE = os.path.join(_HERE, "query_table.json")


def grammar_file() -> str:
    """``grammars/query.lark``: inside the installed package (the wheel
    force-includes it there) or beside the package in a checkout."""
    for folder in (_HERE, os.path.dirname(_HERE)):
        candidate = os.path.join(folder, "grammars", "query.lark")
        if os.path.isfile(candidate):
            return candidate
    raise FileNotFoundError("grammars/query.lark not found beside the querylang package")


def grammar_path() -> Path:
    """:func:`grammar_file` as a ``Path``."""
    from pathlib import Path

    return Path(grammar_file())


def _read(path: str) -> str:
    with open(path, encoding="utf-8") as handle:
        return handle.read()


def _fingerprint(text: str) -> str:
    """Length and CRC-32 of the grammar: enough to notice an edit, and zlib
    loads in a fraction of hashlib's 5 ms at every start."""
    data = text.encode("utf-8")
    return f"{len(data)}:{zlib.crc32(data):08x}"


def build_table(grammar: str) -> dict[str, Any]:
    """Build the table with lark (the only place lark is imported)."""
    from lark import Lark

    from querylang.lexer import lexer_spec

    lark = Lark(grammar, parser="lalr", lexer="basic", maybe_placeholders=False)
    inner = lark.parser.parser.parser  # ParsingFrontend -> LALR_Parser -> _Parser
    table = inner.parse_table
    states: dict[str, dict[str, list[Any]]] = {}
    for state, row in table.states.items():
        actions: dict[str, list[Any]] = {}
        for symbol, (action, arg) in row.items():
            if action.name == "Shift":
                actions[symbol] = ["s", arg]
            else:
                actions[symbol] = _reduce(arg)
        states[str(state)] = actions
    conf = lark.lexer_conf
    start, end = table.start_states["start"], table.end_states["start"]
    number = _canonical_numbers(states, start)
    return {
        "grammar": _fingerprint(grammar),
        "start": number[start],
        "end": number[end],
        "lexer": list(lexer_spec(list(conf.terminals), list(conf.ignore))),
        "states": {
            str(number[int(state)]): {
                symbol: ["s", number[action[1]]] if action[0] == "s" else action
                for symbol, action in row.items()
            }
            for state, row in states.items()
        },
    }


def _canonical_numbers(states: dict[str, dict[str, list[Any]]], start: int) -> dict[int, int]:
    """lark numbers its states in an order that changes from run to run (it
    walks sets); number them breadth-first from the start state, symbols in
    sorted order, so that the same grammar always gives the same file."""
    number: dict[int, int] = {start: 0}
    queue = [start]
    while queue:
        state = queue.pop(0)
        row = states[str(state)]
        for symbol in sorted(row):
            action = row[symbol]
            if action[0] == "s" and action[1] not in number:
                number[action[1]] = len(number)
                queue.append(action[1])
    for state in sorted(int(key) for key in states):  # unreachable states, if any
        number.setdefault(state, len(number))
    return number


def _reduce(rule: Any) -> list[Any]:
    name = rule.origin.name
    size = len(rule.expansion)
    if size == 1 and rule.options.expand1 and rule.alias is None:
        return ["p", name]  # ``?rule: child``
    # Children named with a leading underscore (_NL, lark's __helper rules)
    # are filtered out or spliced in, as lark's tree builder does.
    filtered = any(symbol.name.startswith("_") for symbol in rule.expansion)
    if name.startswith("__"):
        return ["r", name, size, "", filtered]  # helper for ``x+`` / ``x*``: inlined
    return ["r", name, size, rule.alias or name, filtered]


@lru_cache(maxsize=1)
def load_table() -> dict[str, Any]:
    """The shipped table when it matches the grammar, else a fresh one."""
    grammar = _read(grammar_file())
    try:
        data: dict[str, Any] = json.loads(_read(TABLE_FILE))
        if data.get("grammar") == _fingerprint(grammar):
            return data
    except (OSError, ValueError):
        pass
    return build_table(grammar)


def write_table() -> str:
    grammar = _read(grammar_file())
    with open(TABLE_FILE, "w", encoding="utf-8") as handle:
        handle.write(json.dumps(build_table(grammar), sort_keys=True) + "\n")
    return TABLE_FILE


if __name__ == "__main__":
    print(f"wrote {write_table()}")
