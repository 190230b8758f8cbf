"""The text view of a parsed tree printed by ``querylang parse``."""

from __future__ import annotations

from querylang.ast import (
    Field,
    LangGroup,
    LangLimit,
    Line,
    Near,
    Node,
    Phrase,
    Ref,
    Span,
    Strategy,
    Word,
    YearLimit,
)
from querylang.printer import format_year

__all__ = ["render_tree"]


def _label(node: Node) -> str:
    if isinstance(node, Line):
        return f"Line {node.number}"
    if isinstance(node, Word):
        return f"Word {node.text}"
    if isinstance(node, Phrase):
        return f'Phrase "{node.text}"'
    if isinstance(node, Ref):
        return f"Ref #{node.number}"
    if isinstance(node, Field):
        return f"Field {node.name}"
    if isinstance(node, Near):
        return f"Near/{node.distance}" if node.distance is not None else "Near (no distance)"
    if isinstance(node, YearLimit):
        return f"YearLimit {format_year(node)}"
    if isinstance(node, LangLimit):
        return f"LangLimit {node.language}"
    if isinstance(node, LangGroup):
        return "LangGroup (any of)"
    return type(node).__name__


def _where(span: Span) -> str:
    return f"{span.line}:{span.column}-{span.end_line}:{span.end_column}"


def render_tree(strategy: Strategy) -> str:
    out = ["Strategy"]
    stack: list[tuple[Node, int]] = [(line, 1) for line in reversed(strategy.lines)]
    while stack:
        node, depth = stack.pop()
        span = getattr(node, "span", None)
        where = f"  @{_where(span)}" if isinstance(span, Span) else ""
        out.append("  " * depth + _label(node) + where)
        stack.extend((child, depth + 1) for child in reversed(node.children))
    return "\n".join(out) + "\n"
