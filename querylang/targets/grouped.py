"""A target whose field tag may stand once for a parenthesised group.

Many interfaces write a field once for a whole group: ``(asthma OR wheez*):ti,ab``
(Embase.com, the Cochrane Library), ``TI (asthma OR wheez*)`` (EBSCOhost).
Published strategies are written that way, and proximity usually must be:
both sides of the operator inside one field. :class:`GroupedTarget` gathers
the terms below an operator under one tag when they all search the same
field, and otherwise writes each term with its own tag, as the base does.

A field with several tags (title or abstract written as ``TI x OR AB x``) is
split over its tags only where that is exact: an OR of terms, or a proximity
(``(TI (a N3 b) OR AB (a N3 b))``); an AND below such a field is written term
by term. A subclass says how a tag is written around a group (:meth:`group`)
and which fields may be grouped (:meth:`groupable`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

from querylang.ast import And, Field, Near, Node, Not, Or, Phrase, Span, Word
from querylang.fields import MESH_FIELDS
from querylang.targets.base import Target, shared_field

__all__ = ["GroupedTarget", "or_or_near"]

#: Fields never gathered under one tag: each term is written on its own
#: (headings, author names, identifiers, publication types).
_TERM_BY_TERM = frozenset({"au", "doi", "issn", "pt", "sh", *MESH_FIELDS})


class GroupedTarget(Target):
    """The base generator, plus one tag for a group of terms of one field."""

    #: Fields the subclass writes term by term besides :data:`_TERM_BY_TERM`.
    term_by_term: ClassVar[frozenset[str]] = frozenset()

    def __init__(
        self, *, strict: bool = False, keep_wildcards: frozenset[str] | None = None,
        search_lines: Mapping[int, int] | None = None,
    ) -> None:
        super().__init__(strict=strict, keep_wildcards=keep_wildcards, search_lines=search_lines)
        #: True while writing the inside of a group: terms go without their tag.
        self._bare = False
        self._uniform_fields: dict[tuple[int, str], str | None] = {}

    # -- what a subclass says ------------------------------------------------------------

    def group(self, text: str, tag: str) -> str:
        """``text`` (several terms and operators) searched in the native field
        ``tag``; by default the tag as for one term, around ``(text)``."""
        return self.tag(f"({text})", tag)

    def groupable(self, field: str) -> bool:
        """Whether terms of ``field`` may share one tag."""
        return (field not in _TERM_BY_TERM and field not in self.term_by_term
                and bool(self.table[field].tags))

    # -- the operators -------------------------------------------------------------------

    def or_(self, node: Or, field: str, origin: Span | None) -> tuple[str, bool] | None:
        if self._bare:
            return super().or_(node, field, origin)
        grouped = self._grouped(node, field, origin)
        if grouped is not None:
            return grouped
        return self._regroup_or(node, field, origin)

    def and_(self, node: And, field: str, origin: Span | None) -> tuple[str, bool] | None:
        grouped = None if self._bare else self._grouped(node, field, origin)
        return grouped if grouped is not None else super().and_(node, field, origin)

    def not_(self, node: Not, field: str, origin: Span | None) -> tuple[str, bool] | None:
        grouped = None if self._bare else self._grouped(node, field, origin)
        return grouped if grouped is not None else super().not_(node, field, origin)

    def near(self, node: Near, field: str, origin: Span | None) -> tuple[str, bool] | None:
        grouped = None if self._bare else self._grouped(node, field, origin)
        return grouped if grouped is not None else self.proximity(node, field, origin)

    def proximity(self, node: Near, field: str, origin: Span | None) -> tuple[str, bool] | None:
        """The proximity itself (inside its field's group, or term by term)."""
        return super().near(node, field, origin)

    def term(self, node: Word | Phrase, field: str, origin: Span | None) -> tuple[str, bool] | None:
        if not self._bare:
            return super().term(node, field, origin)
        text = self.written_term(node, field, origin)[0]
        return (text or ""), True

    # -- grouping ------------------------------------------------------------------------

    def _grouped(self, node: Node, field: str, origin: Span | None) -> tuple[str, bool] | None:
        """``node`` under one tag when all its terms share a groupable field."""
        shared = self._uniform(node, field)
        if shared is None:
            return None
        return self._write_group(node, shared, field, origin)

    def _write_group(
        self, node: Node, shared: str, field: str, origin: Span | None
    ) -> tuple[str, bool] | None:
        """``node``, whose terms all search ``shared``, under that field's tag(s)."""
        tags = self.table[shared].tags
        if len(tags) > 1 and not or_or_near(node):
            return None
        self._bare = True
        try:
            inner = (self.proximity(node, field, origin) if isinstance(node, Near)
                     else super().emit(node, field, origin))
        finally:
            self._bare = False
        if inner is None:
            return None
        text, atomic = inner
        if not text:
            return "", True  # refused: an error is recorded
        if len(tags) == 1:
            return self.group(text, tags[0]) if not atomic or isinstance(node, Near) \
                else self.tag(text, tags[0]), True
        return "(" + " OR ".join(self.group(text, t) for t in tags) + ")", True

    def _uniform(self, node: Node, field: str) -> str | None:
        """The one groupable field every term below ``node`` searches, or None."""
        return shared_field(node, field, self._uniform_fields, self.groupable)

    def _regroup_or(self, node: Or, field: str, origin: Span | None) -> tuple[str, bool] | None:
        """An OR over several fields: the operands of one field are gathered
        under one tag (OR is commutative: exact), in order of first appearance."""
        groups: dict[object, list[Node]] = {}
        for position, op in enumerate(node.operands):
            shared = self._uniform(op, field) if or_or_near(op) else None
            key: object = (shared, self.table[shared].tags) if shared is not None \
                else ("alone", position)
            groups.setdefault(key, []).append(op)
        if len(groups) == len(node.operands):
            return super().or_(node, field, origin)
        parts: list[str | None] = []
        for key, ops in groups.items():
            if len(ops) == 1:
                parts.append(self.operand(ops[0], field, origin))
                continue
            # A new node, never remembered by id: its field is known already.
            # (an "alone" key holds one operand only, so this key names a field)
            assert isinstance(key, tuple) and isinstance(key[0], str)
            shared = key[0]
            grouped = self._write_group(Or(tuple(ops), node.span), shared, field, origin)
            if grouped is None:
                parts.extend(self.operand(op, field, origin) for op in ops)
            else:
                parts.append(grouped[0])
        return self.join("OR", parts)


def or_or_near(node: Node) -> bool:
    """True for a term, an OR of terms or a proximity: the shapes that may be
    split over several tags (``TI x OR AB x``) without changing the meaning."""
    if isinstance(node, Near):
        return True
    if isinstance(node, Field):
        return or_or_near(node.operand)
    if isinstance(node, Or):
        return all(or_or_near(op) for op in node.operands)
    return isinstance(node, (Word, Phrase))
