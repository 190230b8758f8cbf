"""A fast lexer for the grammar's own terminals.

lark's basic lexer spends about 6 µs a token on this machine (line counting
through every token, a scanner per alternation, Token bookkeeping); a
strategy of 20 terms has about 50 tokens, which alone took a third of the
1 ms budget for parsing and compiling to four databases. This lexer builds
ONE regular expression from the terminals declared in grammars/query.lark
(same order and priorities as lark's basic lexer, same keyword handling), so
the grammar stays the only definition of the language; it only counts lines
where a token can hold a line break.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from lark.exceptions import UnexpectedCharacters
from lark.lexer import Lexer, LexerState, PatternRE, PatternStr, TerminalDef
from lark.utils import TextSlice

__all__ = ["QueryLexer", "Tok"]


class Tok:
    """A token: lark's ``Token`` interface (``type``, positions, ``str()``)
    without its per-token bookkeeping, which cost more than the lexing."""

    __slots__ = ("type", "value", "start_pos", "line", "column", "end_line", "end_column", "end_pos")

    def __init__(
        self, type: str, value: str, start_pos: int, line: int, column: int,
        end_line: int, end_column: int, end_pos: int,
    ) -> None:
        self.type = type
        self.value = value
        self.start_pos = start_pos
        self.line = line
        self.column = column
        self.end_line = end_line
        self.end_column = end_column
        self.end_pos = end_pos

    def __str__(self) -> str:
        return self.value

    def __repr__(self) -> str:
        return f"Tok({self.type!r}, {self.value!r})"

#: Terminals whose text can hold a line break (and so move the line count).
_LINE_BREAKING = {"_NL", "CONTINUATION"}


def _order(terminals: list[TerminalDef]) -> list[TerminalDef]:
    """lark's basic-lexer order: priority, then longest possible match."""
    return sorted(
        terminals,
        key=lambda t: (-t.priority, -t.pattern.max_width, -len(t.pattern.value), t.name),
    )


class QueryLexer(Lexer):
    """Drop-in for lark's basic lexer (``Lark(..., lexer=QueryLexer)``)."""

    #: lark's newest custom-lexer interface: lex(lexer_state, parser_state)
    #: with the text as a TextSlice.
    __future_interface__ = 2

    def __init__(self, conf: Any) -> None:
        terminals: list[TerminalDef] = list(conf.terminals)
        self.ignore: frozenset[str] = frozenset(conf.ignore)
        # A keyword ("AND") that a regex terminal (WORD) matches in full is
        # not an alternative of its own: it is recognised after WORD matches,
        # so that ANDROID stays a word. This is lark's own "unless" rule.
        self.keywords: dict[str, dict[str, str]] = {}
        kept: list[TerminalDef] = []
        for terminal in terminals:
            if isinstance(terminal.pattern, PatternStr):
                owner = self._owner(terminal, terminals)
                if owner is not None:
                    self.keywords.setdefault(owner, {})[terminal.pattern.value] = terminal.name
                    continue
            kept.append(terminal)
        alternatives = [f"(?P<{t.name}>{t.pattern.to_regexp()})" for t in _order(kept)]
        self.regex = re.compile("|".join(alternatives))

    @staticmethod
    def _owner(keyword: TerminalDef, terminals: list[TerminalDef]) -> str | None:
        for terminal in terminals:
            if isinstance(terminal.pattern, PatternRE) and terminal.priority <= keyword.priority:
                if re.fullmatch(terminal.pattern.to_regexp(), keyword.pattern.value):
                    return terminal.name
        return None

    def tokenize(self, text: str, start: int = 0, end: int | None = None) -> Iterator[Tok]:
        """Tokens of ``text[start:end]`` (ignored terminals skipped)."""
        end = len(text) if end is None else end
        match = self.regex.match
        ignore, keywords = self.ignore, self.keywords
        pos = start
        line = text.count("\n", 0, start) + 1
        line_start = text.rfind("\n", 0, start) + 1
        while pos < end:
            found = match(text, pos, end)
            if found is None:
                raise UnexpectedCharacters(text, pos, line, pos - line_start + 1)  # type: ignore[no-untyped-call]
            kind = found.lastgroup
            assert kind is not None
            stop = found.end()
            if kind not in ignore:
                value = found.group()
                table = keywords.get(kind)
                if table is not None:
                    kind = table.get(value, kind)
                column = pos - line_start + 1
                if kind in _LINE_BREAKING:
                    yield Tok(kind, value, pos, line, column, line + 1, 1, stop)
                else:
                    yield Tok(kind, value, pos, line, column, line, column + (stop - pos), stop)
            if kind in _LINE_BREAKING:
                line += 1
                line_start = stop
            pos = stop

    def lex(self, lexer_state: LexerState, parser_state: Any) -> Iterator[Tok]:  # type: ignore[override]
        text = lexer_state.text
        if isinstance(text, TextSlice):
            return self.tokenize(text.text, text.start, text.end)
        return self.tokenize(text)
