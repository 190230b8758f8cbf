"""The canonical printer behind ``querylang fmt``.

Canonical form: canonical field names (``title:`` -> ``ti:``), one space
around operators, numbered lines when there is more than one, and
parentheses only where they are needed, plus one place where they are not
strictly needed but always written: an AND/NOT group inside an OR, so that
formatted output never mixes OR with AND/NOT at one level (QL201).
Parsing the output gives the same tree (spans aside); comments are kept.

A search line longer than :data:`WIDTH` is wrapped: continuation lines are
indented under the line's text and start with the operator they break
before. Breaks fall before an operator of the line's top level when that is
enough, else also inside groups (the shallowest that fits); never inside a
phrase. A single term longer than the width stays whole.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from querylang.ast import (
    Adjacent,
    And,
    EmptyGroup,
    Field,
    LangGroup,
    LangLimit,
    Near,
    Node,
    Not,
    Or,
    Phrase,
    Ref,
    Strategy,
    UnaryNot,
    Word,
    YearLimit,
)

__all__ = ["WIDTH", "format_strategy", "format_node", "format_year", "format_languages", "wrap_line"]


def format_languages(languages: tuple[str, ...] | list[str]) -> str:
    """``lang:english``, or ``lang:(english OR french)`` for several."""
    if len(languages) == 1:
        return f"lang:{languages[0]}"
    return "lang:(" + " OR ".join(languages) + ")"


def format_year(node: YearLimit) -> str:
    if not node.valid:
        return node.raw
    if node.start is not None and node.start == node.end:
        return f"year:{node.start}"
    start = "" if node.start is None else str(node.start)
    end = "" if node.end is None else str(node.end)
    return f"year:{start}-{end}"


def _wrap(node: Node, parens: bool) -> str:
    text = format_node(node)
    return f"({text})" if parens else text


def format_node(node: Node) -> str:
    """One expression in canonical form."""
    if isinstance(node, Word):
        return node.text
    if isinstance(node, Phrase):
        return f'"{node.text}"'
    if isinstance(node, Ref):
        return f"#{node.number}"
    if isinstance(node, YearLimit):
        return format_year(node)
    if isinstance(node, LangLimit):
        return f"lang:{node.language}"
    if isinstance(node, LangGroup):
        if node.content is not None:  # not languages ORed: the checks refuse it
            return f"lang:({format_node(node.content)})"
        return format_languages(node.languages)
    if isinstance(node, EmptyGroup):
        return "()"
    if isinstance(node, Field):
        operand = node.operand
        simple = isinstance(operand, (Word, Phrase, EmptyGroup))
        return (
            f"{node.name}:" + _wrap(operand, not simple)
            if not isinstance(operand, EmptyGroup)
            else f"{node.name}:()"
        )
    if isinstance(node, Or):
        return " OR ".join(
            _wrap(op, isinstance(op, (Or, And, Not, Adjacent))) for op in node.operands
        )
    if isinstance(node, And):
        return " AND ".join(
            _wrap(op, isinstance(op, Or) or (i > 0 and isinstance(op, (And, Not, Adjacent))))
            for i, op in enumerate(node.operands)
        )
    if isinstance(node, Not):
        left = _wrap(node.left, isinstance(node.left, Or))
        right = _wrap(node.right, isinstance(node.right, (Or, And, Not, Adjacent)))
        return f"{left} NOT {right}"
    if isinstance(node, Near):
        operator = "NEAR" if node.distance is None else f"NEAR/{node.distance}"
        left = _wrap(node.left, isinstance(node.left, (Or, And, Not, Adjacent)))
        right = _wrap(node.right, isinstance(node.right, (Or, And, Not, Near, Adjacent)))
        return f"{left} {operator} {right}"
    if isinstance(node, Adjacent):
        return " ".join(
            _wrap(
                op, isinstance(op, (Or, And, Not, Adjacent)) or (i > 0 and isinstance(op, UnaryNot))
            )
            for i, op in enumerate(node.operands)
        )
    if isinstance(node, UnaryNot):
        return "NOT " + _wrap(
            node.operand, isinstance(node.operand, (Or, And, Not, Near, Adjacent))
        )
    raise TypeError(f"cannot print {type(node).__name__}")


#: fmt's line width: what a terminal, a diff and a PRISMA-S appendix show
#: without wrapping.
WIDTH = 80

#: What the printer writes that matters for breaking: a phrase (skipped
#: whole), a parenthesis (depth), an operator with its spaces (a break).
_LAYOUT = re.compile(r'"[^"\n]*"|[()]| (?=(?:OR|AND|NOT|NEAR(?:/[0-9]+)?) )')


def _break_points(text: str) -> list[tuple[int, int]]:
    """(offset of the space before an operator, group depth there)."""
    points: list[tuple[int, int]] = []
    depth = 0
    for match in _LAYOUT.finditer(text):
        token = match.group()
        if token == "(":
            depth += 1
        elif token == ")":
            depth -= 1
        elif token == " ":
            points.append((match.start(), depth))
    return points


def _fill(text: str, cuts: list[int], first: str, indent: str, width: int) -> list[str]:
    """Greedy fill: each physical line takes as much as fits before a cut.

    ``cuts`` is in ascending order; each line finds its cut by bisection, so
    a line of 20,000 terms fills in linear time (a scan of every cut per
    physical line made it quadratic: 25 s for such a line)."""
    out: list[str] = []
    prefix, start = first, 0
    while len(prefix) + len(text) - start > width:
        after = bisect_right(cuts, start)  # the first cut past the line's start
        if after == len(cuts):
            break
        last_fitting = bisect_right(cuts, start + width - len(prefix)) - 1
        cut = cuts[last_fitting] if last_fitting >= after else cuts[after]
        out.append(prefix + text[start:cut])
        prefix, start = indent, cut + 1  # the space before the operator goes
    out.append(prefix + text[start:])
    return out


def wrap_line(text: str, first: str, indent: str, width: int = WIDTH) -> list[str]:
    """One search line as physical lines of at most ``width`` characters
    (where the terms allow): ``first`` starts the first, ``indent`` the others."""
    if len(first) + len(text) <= width:
        return [first + text]
    points = _break_points(text)
    lines = [first + text]
    for depth in sorted({depth for _, depth in points}):
        cuts = [offset for offset, at in points if at <= depth]
        lines = _fill(text, cuts, first, indent, width)
        if all(len(line) <= width for line in lines):
            break
    return lines


def format_strategy(strategy: Strategy) -> str:
    """The whole strategy in canonical form, comments kept, ending in a newline."""
    numbered = len(strategy.lines) > 1
    out: list[str] = []
    comments = list(strategy.comments)
    last_line = 0  # physical line of the source last printed: keeps blank lines before comments
    for line in strategy.lines:
        while comments and comments[0].span.start < line.span.start:
            comment = comments.pop(0)
            if out and comment.span.line > last_line + 1:
                out.append("")
            out.append(comment.text)
            last_line = comment.span.line
        first = f"{line.number}. " if numbered else ""
        physical = wrap_line(format_node(line.expr), first, " " * max(3, len(first)))
        trailing: list[str] = []
        while comments and comments[0].span.line <= line.span.end_line:
            trailing.append(comments.pop(0).text)
        if trailing:
            physical[-1] += "  " + " ".join(trailing)
        out.extend(physical)
        last_line = line.span.end_line
    out.extend(comment.text for comment in comments)
    return "\n".join(out) + "\n"
