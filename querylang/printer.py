"""The canonical printer behind ``querylang fmt``.

Canonical form: canonical field names (``title:`` -> ``ti:``), one space
around operators, numbered lines when there is more than one, and
parentheses only where they are needed, plus one place where they are not
strictly needed but always written: an AND/NOT group inside an OR, so that
formatted output never mixes OR with AND/NOT at one level (QL201).
Parsing the output gives the same tree (spans aside); comments are kept.
"""

from __future__ import annotations

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

__all__ = ["format_strategy", "format_node", "format_year", "format_languages"]


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
        text = format_node(line.expr)
        if numbered:
            text = f"{line.number}. {text}"
        trailing: list[str] = []
        while comments and comments[0].span.line <= line.span.end_line:
            trailing.append(comments.pop(0).text)
        if trailing:
            text += "  " + " ".join(trailing)
        out.append(text)
        last_line = line.span.end_line
    out.extend(comment.text for comment in comments)
    return "\n".join(out) + "\n"
