"""Source text -> :class:`querylang.ast.Strategy`, with friendly syntax errors.

The grammar is ``grammars/query.lark`` (LALR(1), built by lark; the table is
kept as data by :mod:`querylang.table`). The tree is built *while* parsing,
on each reduction, so there is no intermediate parse tree, no lark object
leaves this module and no step recurses: deeply nested input cannot exhaust
Python's stack here. Syntax errors become :class:`Diagnostic` objects with a
code, the exact position and a hint; when the whole text fails to parse,
each logical line is parsed on its own so that every broken line is
reported, not only the first.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

from querylang import codes
from querylang.ast import (
    Adjacent,
    And,
    Comment,
    EmptyGroup,
    Field,
    LangGroup,
    LangLimit,
    Line,
    Near,
    Node,
    Not,
    Or,
    Phrase,
    Ref,
    Span,
    Strategy,
    UnaryNot,
    Word,
    YearLimit,
    plain_phrase,
    plain_word,
    span_of,
)
from querylang.diagnostics import Diagnostic
from querylang.fields import canonical_field
from querylang.languages import resolve_language
from querylang.lexer import LexError, Tokenizer
from querylang.lexer import Tok as Token
from querylang.record import record, replace
from querylang.table import grammar_path, load_table

__all__ = ["ParseResult", "parse", "grammar_path", "MAX_CHARACTERS", "MAX_DEPTH", "MAX_TERMS"]

#: Deepest tree accepted. Far beyond any real strategy; it keeps every
#: recursive step after parsing (printing, compiling) well inside Python's
#: recursion limit.
MAX_DEPTH = 100

#: Largest strategy read (QL014), in characters and in search terms (words
#: and phrases). Parsing is linear, but no database takes a query within
#: orders of magnitude of this: text this large is a file read by mistake or
#: generated input gone wrong, and refusing it at once bounds time and memory.
MAX_CHARACTERS = 1_000_000
MAX_TERMS = 100_000

#: Each term takes at least one character and one separator: a text shorter
#: than this cannot hold more than MAX_TERMS terms, and is not scanned.
_TERM_SCAN_FROM = 2 * MAX_TERMS + 1

_OPERATOR_TOKENS = {"AND", "OR", "NOT", "NEAR"}


@record(frozen=True)
class ParseResult:
    """The tree (None when the text has syntax errors) and the diagnostics."""

    strategy: Strategy | None
    diagnostics: list[Diagnostic]


# -- building the tree ---------------------------------------------------------


def _token_span(token: Token) -> Span:
    # tuple.__new__: the named tuple's own constructor is a Python function,
    # and every token that becomes a node gets a span.
    return _new(Span, (token[3], token[4], token[5], token[6], token[2], token[7]))


_new = tuple.__new__


def _span_of(item: Any) -> Span:
    if isinstance(item, Token):
        return _token_span(item)
    span: Span = item.span
    return span


def _cover(first: Any, last: Any) -> Span:
    a, b = _span_of(first), _span_of(last)
    return _new(Span, (a[0], a[1], b[2], b[3], a[4], b[5]))


_YEAR_RANGE = re.compile(r"^(?P<start>[0-9]*)(?P<dash>-?)(?P<end>[0-9]*)$")


#: Numbers longer than this are read as this many nines: no strategy has a
#: billion lines, and Python refuses to convert 4,300+ digits at all.
_MAX_DIGITS = 9


def _number(digits: str) -> int:
    return int(digits) if len(digits) <= _MAX_DIGITS else 10**_MAX_DIGITS - 1


def _read_year(value: str) -> tuple[int | None, int | None, bool]:
    """``2013-2023`` -> (2013, 2023, True); unreadable -> (None, None, False)."""
    match = _YEAR_RANGE.match(value)
    if not match or not (match["start"] or match["end"]):
        return None, None, False
    start_text, dash, end_text = match["start"], match["dash"], match["end"]
    for part in (start_text, end_text):
        if part and len(part) != 4:
            return None, None, False
    start = int(start_text) if start_text else None
    end = int(end_text) if end_text else None
    if not dash:
        end = start
    return start, end, True


def _language(text: str, span: Span) -> LangLimit:
    name = resolve_language(text)
    if name is None:
        return LangLimit(text.lower(), False, text, span)
    return LangLimit(name, True, text, span)


def _gather_languages(expr: Node, options: list[LangLimit]) -> bool:
    """The language names (words or phrases) ORed in ``expr``, appended to
    ``options``; False when ``expr`` holds anything else."""
    clean = True
    pending = [expr]
    while pending:
        node = pending.pop()
        if type(node) is Or:
            pending.extend(reversed(node.operands))
        elif type(node) is Word or type(node) is Phrase:
            options.append(_language(node.text, node.span))
        else:
            clean = False
    return clean


def _with_parens(node: Node, span: Span) -> Node:
    if isinstance(node, (Or, And, Not, Near, Adjacent)):
        return replace(node, parenthesized=True, span=span)
    return node


class _Chain:
    """An OR, AND or adjacency chain the parser is still adding to.

    The grammar is left-recursive, so ``a OR b OR c ...`` reduces once per
    operator: a tuple rebuilt at each step copies every operand so far, which
    made 100,000 ORed terms take 20 s and 300,000 almost 4 minutes. A list
    appended to is linear; the first rule that uses the chain whole (a group,
    a line, another operator) turns it into its node (:func:`_built`).
    """

    __slots__ = ("kind", "operands", "first", "last")

    def __init__(self, kind: type[Or | And | Adjacent], operands: list[Node], first: Node) -> None:
        self.kind = kind
        self.operands = operands
        self.first = first
        self.last = first

    @property
    def span(self) -> Span:
        return _cover(self.first, self.last)

    def build(self) -> Node:
        return self.kind(tuple(self.operands), self.span)


def _built(item: Any) -> Any:
    """The node of a finished chain; any other value as it is."""
    return item.build() if type(item) is _Chain else item


def _extend(kind: type[Or | And], left: Any, right: Any) -> _Chain:
    """``left OR right`` (or AND): nested chains of the same operator are
    flattened, parenthesized or not, as they always were."""
    if type(left) is _Chain and left.kind is kind:
        chain = left
    else:
        left = _built(left)
        chain = _Chain(kind, list(left.operands) if type(left) is kind else [left], left)
    right = _built(right)
    if type(right) is kind:
        chain.operands.extend(right.operands)
    else:
        chain.operands.append(right)
    chain.last = right
    return chain


class _TreeBuilder:
    """Callbacks for each grammar rule, called by the LALR parser on reduce."""

    def word(self, children: list[Token]) -> Word:
        (token,) = children
        text = token.value
        plain = plain_word(text)
        if not plain and "\u2019" in text:  # Alzheimer’s is Alzheimer's
            text = text.replace("\u2019", "'")
        return Word(text, _token_span(token), plain)

    def phrase(self, children: list[Token]) -> Phrase:
        (token,) = children
        value = token.value
        text = value[1:-1]
        if value[0] != '"':  # typographic quotes: the text as if typed straight
            text = text.replace("\u2019", "'").replace("\u2018", "'")
            if value[0] == "\u00ab":  # « asthme »: French spacing inside the quotes
                text = text.strip(" \u00a0\u202f")
        return Phrase(text, _token_span(token), plain_phrase(text))

    def ref(self, children: list[Token]) -> Ref:
        (token,) = children
        return Ref(_number(str(token)[1:]), _token_span(token))

    def year(self, children: list[Token]) -> YearLimit:
        (token,) = children
        raw = str(token)
        start, end, valid = _read_year(raw[5:])
        return YearLimit(start, end, valid, raw, _token_span(token))

    def lang(self, children: list[Token]) -> LangLimit:
        (token,) = children
        raw = str(token)
        value = raw[5:]
        name = resolve_language(value)
        if name is None:
            return LangLimit(value.lower(), False, raw, _token_span(token))
        return LangLimit(name, True, raw, _token_span(token))

    def lang_group(self, children: list[Any]) -> LangLimit | LangGroup:
        """``lang:(english OR french)``: the languages ORed inside the
        parentheses; a group of one is the plain limit (same tree as
        ``lang:english``)."""
        opener, chain, rpar = children
        expr = _built(chain)
        span = _cover(opener, rpar)
        options: list[LangLimit] = []
        clean = _gather_languages(expr, options)
        if not clean:
            return LangGroup(tuple(options), "lang:(...)", span, expr)
        raw = "lang:(" + " OR ".join(o.raw for o in options) + ")"
        if len(options) == 1:
            only = options[0]
            # An unknown language keeps its own span: QL109 points at it.
            return replace(only, raw=raw, span=span if only.known else only.span)
        return LangGroup(tuple(options), raw, span)

    def fielded(self, children: list[Any]) -> Field:
        token, chain = children
        operand = _built(chain)
        raw = str(token)[:-1].strip()
        name = canonical_field(raw) or raw.lower()
        return Field(name, operand, raw, _cover(token, operand))

    def group(self, children: list[Any]) -> Node:
        lpar, expr, rpar = children
        return _with_parens(_built(expr), _cover(lpar, rpar))

    def empty_group(self, children: list[Token]) -> EmptyGroup:
        lpar, rpar = children
        return EmptyGroup(_cover(lpar, rpar))

    def or_(self, children: list[Any]) -> _Chain:
        left, _, right = children
        return _extend(Or, left, right)

    def and_(self, children: list[Any]) -> _Chain:
        left, _, right = children
        return _extend(And, left, right)

    def not_(self, children: list[Any]) -> Not:
        left, _, right = children
        left = _built(left)
        return Not(left, right, _cover(left, right))

    def adjacent(self, children: list[Any]) -> _Chain:
        left, right = children
        if type(left) is _Chain and left.kind is Adjacent:
            chain = left
        else:
            left = _built(left)
            # Only unparenthesized adjacency is flattened: (a b) c keeps its group.
            flat = isinstance(left, Adjacent) and not left.parenthesized
            chain = _Chain(Adjacent, list(left.operands) if flat else [left], left)
        chain.operands.append(right)
        chain.last = right
        return chain

    def near(self, children: list[Any]) -> Near:
        left, token, right = children
        text = str(token)
        distance = _number(text[5:]) if "/" in text else None
        return Near(left, right, distance, _cover(left, right))

    def unary_not(self, children: list[Any]) -> UnaryNot:
        token, operand = children
        return UnaryNot(operand, _cover(token, operand))

    def line(self, children: list[Any]) -> tuple[Token | None, Node]:
        if len(children) == 2:
            return children[0], _built(children[1])
        return None, _built(children[0])

    def start(self, children: list[Any]) -> list[tuple[Token | None, Node]]:
        return children


class SyntaxProblem(Exception):
    """The parser stopped at ``token`` (``$END``: the text ended)."""

    def __init__(self, token: Token, expected: set[str]) -> None:
        super().__init__(f"unexpected {token.type}")
        self.token = token
        self.expected = expected


class _Inline:
    """The value of one of lark's helper rules (``x+``, ``x*``): its children,
    spliced into the rule that uses it."""

    __slots__ = ("items",)

    def __init__(self, items: list[Any]) -> None:
        self.items = items


def _filter(children: list[Any]) -> list[Any]:
    out: list[Any] = []
    for child in children:
        if isinstance(child, _Inline):
            out.extend(child.items)
        elif not (isinstance(child, Token) and child.type.startswith("_")):
            out.append(child)
    return out


_PASS = (1, None, False)  # marks a reduction whose value passes through


class _Driver:
    """The LALR(1) loop over the grammar's table (:mod:`querylang.table`).

    The table is lark's, built from grammars/query.lark; this loop is lark's
    ``feed_token`` with the per-token work moved to set-up time (rule sizes,
    goto names and callbacks looked up once), which roughly halves the time
    per token, and it needs no lark import at run time.
    """

    def __init__(self, table: dict[str, Any]) -> None:
        builder = _TreeBuilder()
        self.start: int = table["start"]
        self.end: int = table["end"]
        pattern, ignore, keywords = table["lexer"]
        self.lexer = Tokenizer((pattern, ignore, keywords))
        # state -> symbol -> (next state, None) for a shift,
        #                    (goto symbol, (size, callback, filtered)) for a reduce
        self.actions: dict[int, dict[str, tuple[Any, Any]]] = {}
        for state, row in table["states"].items():
            compiled: dict[str, tuple[Any, Any]] = {}
            for symbol, action in row.items():
                if action[0] == "s":
                    compiled[symbol] = (action[1], None)
                elif action[0] == "p":
                    compiled[symbol] = (action[1], _PASS)
                else:
                    _, name, size, callback, filtered = action
                    method = getattr(builder, callback) if callback else _Inline
                    compiled[symbol] = (name, (size, method, filtered))
            self.actions[int(state)] = compiled
        #: (state below, top state, token type) -> the top state after the
        #: pass-through reductions that follow (see parse).
        self.passes: dict[tuple[int, int, str], int] = {}

    def _pass_chain(self, below: int, target: str, kind: str) -> int:
        top: int = self.actions[below][target][0]
        while True:
            entry = self.actions[top].get(kind)
            if entry is None or entry[1] is not _PASS:
                return top
            top = self.actions[below][entry[0]][0]

    def parse(self, text: str) -> Any:
        # lark's feed_token, inlined: this loop runs for every token and every
        # reduction, so no method call and no attribute lookup sits inside it.
        actions = self.actions
        passes = self.passes
        accept = self.end
        states: list[int] = [self.start]
        values: list[Any] = []
        for token in self._tokens(text):
            kind = token.type
            while True:
                row = actions[states[-1]]
                entry = row.get(kind)
                if entry is None:
                    raise SyntaxProblem(token, {symbol for symbol in row if symbol.isupper()})
                target, reduce = entry
                if reduce is None:  # shift
                    states.append(target)
                    values.append(token)
                    break
                if reduce is _PASS:  # ?rule: child, the value passes through
                    # A chain of these (word -> primary -> ... -> or_expr)
                    # swaps the top state only, and where it ends depends on
                    # the state below, the top and the token alone: walked
                    # once, then remembered.
                    below, top = states[-2], states[-1]
                    key = (below, top, kind)
                    end = passes.get(key)
                    if end is None:
                        end = passes[key] = self._pass_chain(below, target, kind)
                    states[-1] = end
                    continue
                size, callback, filtered = reduce
                if size:
                    children = values[-size:]
                    del states[-size:]
                    del values[-size:]
                else:
                    children = []
                value = callback(_filter(children) if filtered else children)
                states.append(actions[states[-1]][target][0])
                values.append(value)
                if kind == "$END" and states[-1] == accept:
                    return value
        raise AssertionError("the end token always accepts or raises")  # pragma: no cover

    def _tokens(self, text: str) -> Iterator[Token]:
        """The text's tokens, then ``$END`` at the position after the last."""
        last: Token | None = None
        for token in self.lexer.tokenize(text):
            yield token
            last = token
        if last is None:
            yield Token("$END", "", 0, 1, 1, 1, 1, 0)
        else:
            yield Token("$END", "", last.end_pos, last.line, last.column, last.end_line,
                        last.end_column, last.end_pos)


@lru_cache(maxsize=1)
def _driver() -> _Driver:
    return _Driver(load_table())


# -- comments (kept for fmt) -------------------------------------------------------

#: A phrase in any of the quotes the grammar's PHRASE takes (the same pattern).
#: Every alternative starts with its own literal quote: re then skips ahead
#: to a quote or a # (a set such as [“„] first would make it try every
#: character of the text).
_PHRASE = (
    '"[^"\\n]*"|\u201c[^\u201d\\n]*\u201d|\u201c[^"\u201c\u201d\\n]*["\u201c\u201d]'
    '|\u201e[^"\u201c\u201d\\n]*["\u201c\u201d]'
    "|\u00ab[^\u00bb\\n]*\u00bb|\u2018[^\u2018\\n]*?\u2019(?![^\\W_])"
)
_PHRASE_OR_COMMENT = re.compile(_PHRASE + "|#(?![0-9])[^\\r\\n]*")


def _comments(text: str) -> tuple[Comment, ...]:
    if "#" not in text:  # most strategies: no comment to look for
        return ()
    found: list[Comment] = []
    for match in _PHRASE_OR_COMMENT.finditer(text):
        if match.group().startswith("#"):
            start = match.start()
            line = text.count("\n", 0, start) + 1
            column = start - (text.rfind("\n", 0, start) + 1) + 1
            span = Span(line, column, line, column + len(match.group()), start, match.end())
            found.append(Comment(match.group(), span))
    return tuple(found)


# -- depth ------------------------------------------------------------------


def _nesting_marks(text: str) -> int:
    """An upper bound on a line's tree depth, counted in C (each mark adds at
    most two levels: AND and NOT alternate, ``a AND b NOT c AND d ...``)."""
    marks = text.count("(") + text.count(":") + text.count("NOT") + text.count("NEAR")
    return 2 * (marks + text.count("AND")) + 2


def _too_deep(node: Node) -> bool:
    stack: list[tuple[Node, int]] = [(node, 1)]
    while stack:
        current, depth = stack.pop()
        if depth > MAX_DEPTH:
            return True
        stack.extend((child, depth + 1) for child in current.children)
    return False


# -- syntax errors ------------------------------------------------------------


def _position(text: str, offset: int) -> tuple[int, int]:
    offset = max(0, min(offset, len(text)))
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, column


def _point(text: str, offset: int, length: int = 1) -> Span:
    line, column = _position(text, offset)
    return Span(line, column, line, column + max(1, length), offset, offset + max(1, length))


#: A phrase (any of the quotes the grammar takes) or a parenthesis.
_PHRASE_OR_PAREN = re.compile(_PHRASE + "|[()]")


def _unclosed_parens(text: str, offset: int) -> list[int]:
    """Offsets of the ``(`` still open at ``offset`` on its logical line
    (phrases skipped), outermost first."""
    line_start = 0
    for match in re.finditer(r"\n(?![ \t])", text[:offset]):
        line_start = match.end()
    open_: list[int] = []
    closed_too_often = False
    for match in _PHRASE_OR_PAREN.finditer(text, line_start, offset):
        if match.group() == "(":
            open_.append(match.start())
        elif match.group() == ")":
            if open_:
                open_.pop()
            else:
                closed_too_often = True
    return [] if closed_too_often and not open_ else open_


def _open_parens(text: str, offset: int) -> int:
    """Parentheses still open at ``offset`` on its logical line (phrases skipped)."""
    line_start = 0
    for match in re.finditer(r"\n(?![ \t])", text[:offset]):
        line_start = match.end()
    depth = 0
    for match in _PHRASE_OR_PAREN.finditer(text, line_start, offset):
        if match.group() == "(":
            depth += 1
        elif match.group() == ")":
            depth -= 1
    return depth


def _syntax_diagnostic(
    error: LexError | SyntaxProblem, text: str, line_above: bool = False
) -> Diagnostic:
    """``line_above``: ``text`` is one line of a strategy with a search line
    above it (an operator at its start may be a continuation not indented)."""
    if isinstance(error, LexError):
        return _unexpected_character(error.pos, text)
    token = error.token
    end = token.start_pos if token.type != "$END" else len(text)
    previous = _previous_token(text, end)
    if token.type == "$END":
        return _at_line_end(text, len(text.rstrip()), previous)
    offset = token.start_pos
    if token.type == "_NL":
        return _at_line_end(text, offset, previous)
    return _unexpected_token(token, previous, text, offset, line_above)


def _unexpected_character(offset: int, text: str) -> Diagnostic:
    char = text[offset] if offset < len(text) else ""
    span = _point(text, offset)
    if char in '"\u201c\u201e\u00ab\u2018':
        end = text.find("\n", offset)
        end = len(text) if end == -1 else end
        return codes.make(
            "QL002",
            'unclosed quote: this phrase has no closing " on its line',
            Span(span.line, span.column, span.line, span.column + (end - offset), offset, end),
            'close the phrase on the same line: "large language model"',
        )
    if char in "*?$":
        return codes.make(
            "QL001",
            f"a wildcard cannot start a word ({char!r})",
            span,
            "put * ? or $ after at least one letter: radiolog*, wom?n, colo$r",
        )
    if char in "-'./+":
        return codes.make(
            "QL001",
            f"unexpected {char!r}: - ' . / + are allowed only inside a word",
            span,
            f'quote the term if {char!r} belongs to it: "C++", or remove it',
        )
    shown = (
        repr(char)
        if char.isprintable() and char.strip()
        else f"U+{ord(char):04X}"
        if char
        else "end"
    )
    return codes.make(
        "QL001",
        f"unexpected character {shown}",
        span,
        'characters other than letters, digits and - \' . / + belong inside a quoted phrase: "H&E stain"',
    )


def _lexer() -> Tokenizer:
    return _driver().lexer


def _previous_token(text: str, offset: int) -> Token | None:
    """The last token before ``offset`` (lark's LALR errors carry no history)."""
    last: Token | None = None
    try:
        for token in _lexer().tokenize(text, 0, offset):
            if token.type != "_NL":
                last = token
    except LexError:
        pass
    return last


def _is_operator(token: Token | None) -> bool:
    return token is not None and token.type in _OPERATOR_TOKENS


def _at_line_end(text: str, offset: int, previous: Token | None) -> Diagnostic:
    if previous is not None and previous.type == "FIELD":
        return codes.make(
            "QL010",
            f"field {str(previous)!r} has nothing after it",
            _token_span(previous),
            'write ti:asthma, ti:"acute asthma" or ti:(asthma OR wheez*)',
        )
    if _is_operator(previous):
        assert previous is not None
        return codes.make(
            "QL005",
            f"{previous} has nothing after it",
            _token_span(previous),
            f"add a term after {previous}, or remove it",
        )
    if _open_parens(text, offset) > 0:
        unclosed = _unclosed_parens(text, offset)
        # Point at the ( that is never closed: the innermost one, where a )
        # is most likely missing (the line end says nothing about where).
        at = unclosed[-1] if unclosed else max(0, offset - 1)
        more = f" ({len(unclosed)} groups are open)" if len(unclosed) > 1 else ""
        return codes.make(
            "QL003",
            "unclosed parenthesis: this ( is never closed on its line" + more,
            _point(text, at),
            "add the missing ) where the group ends, or remove this (",
        )
    return codes.make(
        "QL010",
        "the line ends where a term was expected",
        _point(text, max(0, offset - 1)),
        "complete the line",
    )


#: A physical line holding more than white space or a comment.
_SEARCH_LINE = re.compile(r"^[ \t]*(?!#(?![0-9])|[ \t]*$)", re.M)


def _starts_line(text: str, offset: int, previous: Token | None, line_above: bool) -> bool:
    """The token at ``offset`` is the first of a physical line (after its
    number, if any) that has a search line above it."""
    line_start = text.rfind("\n", 0, offset) + 1
    before = text[line_start:offset].strip()
    first = not before or (previous is not None and previous.type == "LINENO"
                           and previous.start_pos >= line_start)
    return first and (line_above or _SEARCH_LINE.search(text, 0, line_start) is not None)


def _unexpected_token(
    token: Token, previous: Token | None, text: str, offset: int, line_above: bool = False
) -> Diagnostic:
    span = _token_span(token)
    if token.type == "RPAR" and previous is not None and previous.type == "LANG_GROUP":
        return codes.make(
            "QL010",
            "lang:( ) names no language",
            _cover(previous, token),
            "name the languages ORed: lang:(english OR french)",
        )
    if token.type == "RPAR":
        if _is_operator(previous):
            assert previous is not None
            return codes.make(
                "QL005",
                f"{previous} has nothing after it",
                _token_span(previous),
                f"add a term after {previous} inside the group, or remove it",
            )
        if _open_parens(text, offset) <= 0:
            return codes.make(
                "QL004",
                "unmatched ): no group is open here",
                span,
                "remove the ) or add the ( that opens the group",
            )
    if token.type in {"AND", "OR", "NEAR"}:
        if _is_operator(previous):
            assert previous is not None
            return codes.make(
                "QL005",
                f"{previous} has nothing after it: two operators in a row",
                _token_span(previous),
                f"put a term between {previous} and {token}, or remove one of them",
            )
        if _starts_line(text, offset, previous, line_above):
            return codes.make(
                "QL006",
                f"{token} starts a line: it has nothing before it",
                span,
                f"indent the line (a space or a tab at its start) if it continues the"
                f" line above; otherwise add a term before {token}",
            )
        return codes.make(
            "QL006",
            f"{token} has nothing before it",
            span,
            f"add a term before {token}, or remove it",
        )
    if token.type == "LINENO":
        return codes.make(
            "QL010",
            f"line number {token} in the middle of a line",
            span,
            "start the numbered line on a new line at column 1; indented lines continue the line above",
        )
    if token.type == "FIELD":
        return codes.make(
            "QL010",
            f"field {str(token)!r} must be followed by a word, a phrase or a group",
            span,
            'write ti:asthma, ti:"acute asthma" or ti:(asthma OR wheez*)',
        )
    if token.type in {"YEAR", "LANG", "LANG_GROUP", "REF"} and previous is not None and previous.type == "FIELD":
        return codes.make(
            "QL119",
            f"a field cannot apply to {token}",
            span,
            "remove the field: references carry their own fields and limits are not fields",
        )
    return codes.make(
        "QL010",
        f"unexpected {str(token)!r}",
        span,
        "check the operators and parentheses around this point",
    )


# -- entry point --------------------------------------------------------------------

_LOGICAL_LINE = re.compile(r"\r?\n(?![ \t])")


def _parse_lines_separately(text: str) -> list[Diagnostic]:
    """Parse each logical line on its own to report every broken line."""
    diagnostics: list[Diagnostic] = []
    start = 0
    pieces: list[tuple[int, str]] = []
    for match in _LOGICAL_LINE.finditer(text):
        pieces.append((start, text[start : match.start()]))
        start = match.end()
    pieces.append((start, text[start:]))
    for offset, piece in pieces:
        if not piece.strip():
            continue
        try:
            _driver().parse(piece)
        except (LexError, SyntaxProblem) as error:
            pasted = pasted_syntax(piece)
            if pasted:  # one diagnostic per pasted form, not the errors it causes
                diagnostics.extend(_shift(found, text, offset) for found in pasted)
                continue
            line_above = _SEARCH_LINE.search(text, 0, offset) is not None
            local = _syntax_diagnostic(error, piece, line_above)
            diagnostics.append(_shift(local, text, offset))
    return diagnostics


def pasted_syntax(text: str) -> list[Diagnostic]:
    """QL012 for each piece of another database's syntax in ``text``."""
    from querylang.pasted import find_pasted, pasted_diagnostic  # only for a line that failed

    return [pasted_diagnostic(text, found) for found in find_pasted(text)]



def _shift(diagnostic: Diagnostic, text: str, offset: int) -> Diagnostic:
    span = diagnostic.span
    start = span.start + offset
    end = span.end + offset
    line, column = _position(text, start)
    end_line, end_column = _position(text, end)
    if end_line != line:
        end_line, end_column = line, column + 1
    moved = Span(line, column, end_line, end_column, start, end)
    return replace(diagnostic, span=moved)


# -- other numbering styles -----------------------------------------------------------

#: A label in another style at the start of a physical line: ``1)``, ``#1``,
#: ``S1`` or a bare ``1``, followed by white space.
_OTHER_LABEL = re.compile(
    r"^(?:(?P<paren>[0-9]+)\)|#(?P<hash>[0-9]+)|[Ss](?P<s>[0-9]+)|(?P<bare>[0-9]+))(?=[ \t])",
    re.M,
)
#: The same labels, looked for quickly: a pattern that starts with a
#: newline is searched for as a literal (a MULTILINE ``^`` is tried at
#: every character).
_LABEL_BODY = r"(?:[0-9]+\)|#[0-9]+|[Ss][0-9]+|[0-9]+)[ \t]"
_LABEL_AT_START = re.compile(_LABEL_BODY)
_LABEL_AFTER_NEWLINE = re.compile("\n" + _LABEL_BODY)
#: What may follow a label: anything but nothing or an operator.
_OPERATOR_NEXT = re.compile(r"[ \t]*(?:(?:AND|OR|NOT|NEAR)(?![^\s(\"])|$|\r?\n|#(?![0-9]))")
#: Physical lines that start a search line (not blank, not indented, not a comment).
_LINE_START = re.compile(r"^(?![ \t\r\n]|#(?![0-9])|\Z)", re.M)


def _renumber(text: str) -> tuple[str, Diagnostic | None]:
    """Line numbers written ``1)`` (always) or ``#1`` (when 1 is the line's own
    position and a term follows: as a reference it would name its own line)
    rewritten as ``1.``, same length, so every span stays exact. Lines all
    numbered ``S1 S2 ...`` or ``1 2 ...`` (a bare number) get one QL013:
    S1 and 1 may be terms, so they are not taken as numbers."""
    if _LABEL_AT_START.match(text) is None and _LABEL_AFTER_NEWLINE.search(text) is None:
        return text, None  # nearly every strategy: nothing to do
    chars = list(text)
    styles: list[str | None] = []
    first: re.Match[str] | None = None
    for position, start in enumerate((m.start() for m in _LINE_START.finditer(text)), 1):
        label = _OTHER_LABEL.match(text, start)
        if label is None:
            styles.append(None)
            continue
        style = label.lastgroup
        number = int(label.group(style or "bare"))
        styles.append(style if number == position else None)
        first = first or label
        if style == "paren" or (
            style == "hash" and number == position and not _OPERATOR_NEXT.match(text, label.end())
        ):
            digits = label.group(style)
            chars[label.start() : label.end()] = list(digits + ".")
    for style, name in (("s", "S1, S2, S3 (EBSCOhost)"), ("bare", "1, 2, 3 with no dot")):
        if len(styles) >= 2 and all(found == style for found in styles):
            assert first is not None
            return text, codes.make(
                "QL013",
                f"the lines are numbered {name}: that is not read as line numbers",
                _point(text, first.start(), first.end() - first.start()),
                "number the lines 1. 2. 3. and refer to an earlier line as #1"
                + (" (S1 could be a search term)" if style == "s" else ""),
            )
    return "".join(chars), None


def _too_large(text: str) -> Diagnostic | None:
    """QL014 when the text passes MAX_CHARACTERS or MAX_TERMS, pointing where
    it does; None (at the cost of one len()) for any ordinary strategy."""
    if len(text) > MAX_CHARACTERS:
        return codes.make(
            "QL014",
            f"the strategy is longer than {MAX_CHARACTERS:,} characters ({len(text):,})",
            _point(text, MAX_CHARACTERS),
            "split the search into several strategies; no database accepts a query this long",
        )
    if len(text) < _TERM_SCAN_FROM:
        return None
    terms = 0
    try:
        for token in _lexer().tokenize(text):
            if token.type == "WORD" or token.type == "PHRASE":
                terms += 1
                if terms > MAX_TERMS:
                    return codes.make(
                        "QL014",
                        f"the strategy has more than {MAX_TERMS:,} search terms",
                        _token_span(token),
                        "split the search into several strategies; "
                        "no database accepts a query with this many terms",
                    )
    except LexError:  # the parser reports the bad character itself
        return None
    return None


def parse(text: str) -> ParseResult:
    """Parse a strategy. Never raises on bad input: errors are diagnostics."""
    source = text
    too_large = _too_large(text)
    if too_large is not None:
        return ParseResult(None, [too_large])
    text, numbering = _renumber(text)
    if numbering is not None:
        return ParseResult(None, [numbering])
    try:
        raw_lines: list[tuple[Token | None, Node]] = _driver().parse(text)
    except (LexError, SyntaxProblem) as error:
        syntax_errors = _parse_lines_separately(text)
        if not syntax_errors:  # only the whole failed: report what it said
            syntax_errors = [_syntax_diagnostic(error, text)]
        return ParseResult(None, syntax_errors)
    except RecursionError:  # defensive: the LALR parser itself does not recurse
        return ParseResult(None, [codes.make("QL009", "input nested too deeply", _point(text, 0))])

    if not raw_lines:
        return ParseResult(
            None,
            [
                codes.make(
                    "QL008",
                    "the strategy has no search line",
                    _point(text, 0),
                    "write at least one line, for example: asthma AND child*",
                )
            ],
        )
    lines: list[Line] = []
    diagnostics: list[Diagnostic] = []
    for number, (label_token, expr) in enumerate(raw_lines, start=1):
        label = _number(str(label_token)[:-1]) if label_token is not None else None
        label_span = _token_span(label_token) if label_token is not None else None
        span = _cover(label_token, expr) if label_token is not None else span_of(expr)
        # A level of nesting needs a group, a field or an operator other than
        # OR (OR chains are flattened; AND only deepens alternating with NOT
        # or adjacency): a line with few of those cannot be too deep.
        if _nesting_marks(text[span.start : span.end]) > MAX_DEPTH and _too_deep(expr):
            diagnostics.append(
                codes.make(
                    "QL009",
                    f"line {number} is nested more than {MAX_DEPTH} levels deep",
                    span,
                    "flatten the groups: (a OR b OR c) needs no inner parentheses",
                )
            )
        lines.append(Line(number, expr, label, span, label_span))
    if diagnostics:
        return ParseResult(None, diagnostics)
    strategy = Strategy(tuple(lines), source, _comments(source))
    return ParseResult(strategy, diagnostics)
