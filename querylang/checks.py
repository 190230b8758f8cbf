"""Checks after parsing: what the grammar accepts but the language forbids
(or warns about). Each finding is a :class:`Diagnostic` from the registry in
:mod:`querylang.codes`.

The grammar is permissive on purpose (two terms side by side, unary NOT,
``()``, bare ``NEAR``, unknown fields): here each of those gets a precise
span and a hint instead of a bare "unexpected token".
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator
from typing import Any

from querylang import codes
from querylang.ast import (
    Adjacent,
    And,
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
    span_of,
    walk,
)
from querylang.diagnostics import Diagnostic
from querylang.fields import DEFAULT_FIELD, FIELDS, MESH_FIELDS, closest_field
from querylang.languages import close_languages, resolve_language
from querylang.printer import format_languages
from querylang.record import replace
from querylang.vocab import (
    close_publication_types,
    close_subheadings,
    issn_problem,
    normal_issn,
    publication_type,
    split_heading,
    subheading,
)

__all__ = ["check", "term_fields"]

_LOWER_OPERATORS = {"and": "AND", "or": "OR", "not": "NOT"}


def check(strategy: Strategy) -> list[Diagnostic]:
    """Every diagnostic for a parsed strategy, in source order."""
    found: list[Diagnostic] = []
    used: set[int] = set()
    #: line number -> the language limits that line imposes on the records
    #: it finds (its own top-level ones and those its top-level #n carry)
    carried: dict[int, list[LangNode]] = {}
    for line in strategy.lines:
        found.extend(_check_label(line))
        found.extend(_check_line_limits(line, carried))
        found.extend(_check_nodes(line, len(strategy.lines), used, strategy.source))
    for line in strategy.lines[:-1]:
        if line.number not in used:
            found.append(
                codes.make(
                    "QL203",
                    f"line {line.number} is not used by any later line",
                    line.span,
                    f"combine it into a later line with #{line.number}, or delete it",
                )
            )
    return found


# -- lines ----------------------------------------------------------------------


def _check_label(line: Line) -> Iterator[Diagnostic]:
    if line.label is not None and line.label != line.number:
        yield codes.make(
            "QL007",
            f"line numbered {line.label}. is line {line.number} of the strategy",
            line.label_span or line.span,
            f"number it {line.number}. (or drop the numbers and let position count)",
        )


def _check_reference(ref: Ref, line: Line, count: int, used: set[int]) -> Iterator[Diagnostic]:
    if ref.number == line.number:
        yield codes.make(
            "QL102",
            f"line {line.number} refers to itself",
            ref.span,
            "refer to an earlier line",
        )
    elif ref.number > count or ref.number < 1:
        yield codes.make(
            "QL103",
            f"#{ref.number} refers to a line that does not exist (the strategy has {count})",
            ref.span,
            f"use a line number from 1 to {max(1, line.number - 1)}",
        )
    elif ref.number > line.number:
        yield codes.make(
            "QL101",
            f"#{ref.number} refers to a later line",
            ref.span,
            "move the referenced line above this one; #n may only name an earlier line",
        )
    else:
        used.add(ref.number)


LangNode = LangLimit | LangGroup


def _is_limit(node: Node) -> bool:
    return isinstance(node, (YearLimit, LangLimit, LangGroup))


def _top(line: Line) -> tuple[Node, ...]:
    """The top-level AND operands of a line: the only place for limits."""
    return line.expr.operands if isinstance(line.expr, And) else (line.expr,)


def _misplaced_limit(node: Node) -> Diagnostic:
    return codes.make(
        "QL104",
        f"{getattr(node, 'raw', 'a limit')} must be AND-ed at the top level of the line",
        span_of(node),
        "move the limit out of the group: (a OR b) AND year:2013-2023",
    )


def _check_line_limits(line: Line, carried: dict[int, list[LangNode]]) -> Iterator[Diagnostic]:
    top = _top(line)
    if top and all(_is_limit(node) for node in top):
        yield codes.make(
            "QL118",
            "this line holds only limits",
            line.span,
            f"AND the limits with what they restrict: #{max(1, line.number - 1)} AND year:2013-2023",
        )
    years = [node for node in top if isinstance(node, YearLimit)]
    for extra in years[1:]:
        yield codes.make(
            "QL204", "a second year: limit on this line", extra.span, "combine them into one limit"
        )
    yield from _check_languages_anded(line, top, carried)


def _check_languages_anded(
    line: Line, top: tuple[Node, ...], carried: dict[int, list[LangNode]]
) -> Iterator[Diagnostic]:
    """QL204 for language limits ANDed together, on the line itself or
    through the references it ANDs: a record must then be in every one of
    the languages, which is rarely meant. The same language brought again
    through #n is not reported: histories do that all the time
    (1. x AND lang:en, 2. y AND lang:en, 3. #1 AND #2)."""
    # In reading order: (the node to point at, the limits it stands for,
    # the line a reference brings them from, or None for the line's own).
    entries: list[tuple[Node, list[LangNode], int | None]] = []
    for node in top:
        if isinstance(node, (LangLimit, LangGroup)):
            entries.append((node, [node], None))
        elif isinstance(node, Ref) and carried.get(node.number):
            entries.append((node, carried[node.number], node.number))
    limits = [limit for _, brought, _ in entries for limit in brought]
    carried[line.number] = limits
    if len(entries) < 2:
        return
    _, first_limits, first_source = entries[0]
    first = {frozenset(limit.languages) for limit in first_limits}
    earlier = _shown_limits(first_limits) + (
        f" (from #{first_source})" if first_source is not None else ""
    )
    own_seen = first_source is None  # the line's own limit came first
    for node, brought, source in entries[1:]:
        if source is None:
            if own_seen:
                yield _anded_languages(node, "a second lang: limit on this line", limits)
                continue
            own_seen = True
            if {frozenset(limit.languages) for limit in brought} <= first:
                continue
            yield _anded_languages(node, f"this lang: limit is ANDed with {earlier}", limits)
            continue
        if {frozenset(limit.languages) for limit in brought} <= first:
            continue
        yield _anded_languages(
            node,
            f"#{source} brings {_shown_limits(brought)} from line {source}, ANDed with {earlier}",
            limits,
        )


def _shown_limits(limits: list[LangNode]) -> str:
    shown: list[str] = []
    for limit in limits:
        text = format_languages(limit.languages)
        if text not in shown:
            shown.append(text)
    return " and ".join(shown)


def _anded_languages(node: Node, message: str, limits: list[LangNode]) -> Diagnostic:
    names: list[str] = []
    for limit in limits:
        names.extend(name for name in limit.languages if name not in names)
    if len(names) == 1:
        hint = "remove the repeated limit: one is enough"
    else:
        hint = (
            "a record must then be in every one of these languages; for records in any "
            f"of them write one limit: {format_languages(names)}"
        )
    return codes.make("QL204", message + " (both apply)", span_of(node), hint)


# -- nodes ----------------------------------------------------------------------


def _check_nodes(line: Line, count: int, used: set[int], source: str) -> Iterator[Diagnostic]:
    """One walk over the line: references, limits and every node's own rules."""
    allowed = {id(node) for node in _top(line) if _is_limit(node)}
    pasted: list[Diagnostic] | None = None  # looked for once, at the first Adjacent
    for node in walk(line.expr):
        kind = type(node)
        if kind is Word or kind is Phrase:  # the commonest nodes: ASCII has nothing to say
            if not node.text.isascii():  # type: ignore[attr-defined]
                yield from _check_scripts(node, source)
            if kind is Word:
                continue
        if kind is Ref:
            yield from _check_reference(node, line, count, used)  # type: ignore[arg-type]
            continue
        if kind is LangGroup:  # its languages stand where the group stands
            allowed.update(id(option) for option in node.options)  # type: ignore[attr-defined]
        if (kind is YearLimit or kind is LangLimit or kind is LangGroup) and id(node) not in allowed:
            yield _misplaced_limit(node)
        if kind is Adjacent:
            # Two terms side by side are often another database's syntax
            # (TI asthma, asthma adj3 child, TITLE-ABS-KEY(asthma)): then
            # that is the one thing to say about the line.
            if pasted is None:
                pasted = _pasted_in_line(line, source)
                yield from pasted
            if pasted:
                continue
        elif kind is UnaryNot and line.number > 1 and _at_line_start(node, line, source):
            yield _not_at_line_start(node)  # type: ignore[arg-type]
            continue
        rule = _NODE_RULES.get(kind)
        if rule is not None:
            yield from rule(node)


def _check_scripts(node: Node, source: str) -> Iterator[Diagnostic]:
    """QL211: a word mixing scripts (a Cyrillic а in asthma), pointing at the
    letter in the text as written (a phrase's quotes and spacing included)."""
    from querylang.confusables import mixed_script

    span = span_of(node)
    written = source[span.start : span.end] if span.end <= len(source) else ""
    for found in mixed_script(written):
        before = written[: found.at]
        line = span.line + before.count("\n")
        column = (
            span.column + found.at if line == span.line else found.at - before.rfind("\n")
        )
        offset = span.start + found.at
        where = Span(line, column, line, column + 1, offset, offset + 1)
        yield codes.make("QL211", found.message, where, found.hint)


def _pasted_in_line(line: Line, source: str) -> list[Diagnostic]:
    from querylang.pasted import find_pasted, pasted_diagnostic

    start, end = line.span.start, line.span.end
    if not source or end > len(source):
        return []
    # Offsets within the line, then moved to the whole text.
    return [
        pasted_diagnostic(source, replace(found, start=found.start + start, end=found.end + start))
        for found in find_pasted(source[start:end])
    ]


def _at_line_start(node: Node, line: Line, source: str) -> bool:
    """``node`` is the first thing on its line (after the line's number)."""
    start = span_of(node).start
    line_start = source.rfind("\n", 0, start) + 1
    before = source[line_start:start].strip()
    return not before or (line.label_span is not None and line.label_span.end <= start
                          and line.label_span.start >= line_start
                          and not source[line.label_span.end : start].strip())


def _not_at_line_start(node: UnaryNot) -> Diagnostic:
    return codes.make(
        "QL114",
        "NOT starts a line: it needs a term on its left",
        node.span,
        "indent the line (a space or a tab at its start) if it continues the line above;"
        " otherwise write it as a NOT b: humans NOT animals",
    )


def _check_empty_group(node: EmptyGroup) -> Iterator[Diagnostic]:
    yield codes.make(
        "QL111", "empty group ()", node.span, "remove the parentheses or put terms inside"
    )


def _check_unary_not(node: UnaryNot) -> Iterator[Diagnostic]:
    yield codes.make(
        "QL114",
        "NOT needs a term on its left",
        node.span,
        "write it as a NOT b: humans NOT animals (to exclude, AND-NOT from what you search)",
    )


def _check_field(node: Field) -> Iterator[Diagnostic]:
    if node.name not in FIELDS:
        guess = closest_field(node.raw or node.name)
        hint = f"did you mean {guess}:?" if guess else "known fields: " + ", ".join(FIELDS)
        yield codes.make("QL108", f"unknown field {node.raw or node.name!r}", node.span, hint)
    for inner in walk(node.operand):
        if isinstance(inner, Ref):
            yield codes.make(
                "QL119",
                f"field {node.raw or node.name}: cannot apply to a reference",
                inner.span,
                "a reference keeps the fields of its line: write #1 OR ti:asthma",
            )
    rule = _VALUE_RULES.get(node.name)
    if rule is not None:
        for term in _own_terms(node):
            yield from rule(term)
    if node.name in _VALUE_FIELDS_WITHOUT_TEXT:
        for near in _own_nodes(node, Near):
            yield _near_between_values(near, {node.name})


def _near_between_values(node: Near, fields: set[str]) -> Diagnostic:
    return codes.make(
        "QL307",
        f"NEAR between {', '.join(f'{name}:' for name in sorted(fields))} values: a "
        "publication type, a subheading or an ISSN is a value of the record, not words "
        "in its text",
        node.span,
        "join them with AND (both) or OR (either): pt:(review OR letter)",
    )


def _own_nodes(node: Field, kind: type[Near]) -> Iterator[Near]:
    """The ``kind`` nodes ``node``'s field applies to (not under an inner field)."""
    stack: list[Node] = [node.operand]
    while stack:
        current = stack.pop()
        if isinstance(current, kind):
            yield current
        if not isinstance(current, Field):
            stack.extend(reversed(current.children))


def _own_terms(node: Field) -> Iterator[Word | Phrase]:
    """The words and phrases ``node``'s field applies to (an inner field
    overrides it: those terms are checked under their own field)."""
    stack: list[Node] = [node.operand]
    while stack:
        current = stack.pop()
        if isinstance(current, (Word, Phrase)):
            yield current
        elif not isinstance(current, Field):
            stack.extend(reversed(current.children))


def _shown(term: Word | Phrase) -> str:
    return f'"{term.text}"' if isinstance(term, Phrase) else term.text


def _check_publication_type(term: Word | Phrase) -> Iterator[Diagnostic]:
    if publication_type(term.text) is not None or term.has_wildcard:
        return
    close = close_publication_types(term.text)
    hint = (
        "did you mean " + " or ".join(f'pt:"{name}"' for name in close) + "?"
        if close
        else 'use a type from PubMed\'s list: pt:review, pt:"randomized controlled trial", '
        'pt:"meta-analysis"'
    )
    yield codes.make(
        "QL301", f"{_shown(term)} is not a PubMed publication type", term.span, hint
    )


def _unknown_subheading(term: Word | Phrase, written: str, field: str) -> Diagnostic:
    close = close_subheadings(written)
    heading = split_heading(term.text)[0]
    if close:
        shown = [f'{field}:"{heading}/{name}"' if field != "sh" else f'sh:"{name}"'
                 for name in close]
        hint = "did you mean " + " or ".join(shown) + "?"
    else:
        hint = "use one of the 76 MeSH subheadings, by name or abbreviation: drug therapy (DT)"
    return codes.make("QL302", f"{written!r} is not a MeSH subheading", term.span, hint)


def _check_subheading(term: Word | Phrase) -> Iterator[Diagnostic]:
    if "/" in term.text:
        heading, subs = split_heading(term.text)
        yield codes.make(
            "QL304",
            f"sh: takes a subheading only, not {_shown(term)}",
            term.span,
            f'a heading with its subheading is written mesh:"{heading}/{subs[0]}"',
        )
        return
    if not term.has_wildcard and subheading(term.text) is None:
        yield _unknown_subheading(term, term.text, "sh")


def _mesh_rule(field: str) -> Callable[[Word | Phrase], Iterator[Diagnostic]]:
    def check(term: Word | Phrase) -> Iterator[Diagnostic]:
        if "/" not in term.text:
            return
        heading, subs = split_heading(term.text)
        if not heading or not all(subs):
            yield codes.make(
                "QL303",
                f"{_shown(term)}: a / must stand between a heading and a subheading",
                term.span,
                f'write {field}:"Asthma/drug therapy", or {field}:"Asthma" for the heading alone',
            )
            return
        if len(subs) > 1:
            pairs = " OR ".join(f'{field}:"{heading}/{sub}"' for sub in subs)
            yield codes.make(
                "QL303",
                f"{_shown(term)} names {len(subs)} subheadings: a heading takes one",
                term.span,
                f"OR the pairs: {pairs}",
            )
            return
        if not term.has_wildcard and subheading(subs[0]) is None:
            yield _unknown_subheading(term, subs[0], field)

    return check


def _check_issn(term: Word | Phrase) -> Iterator[Diagnostic]:
    problem = issn_problem(term.text)
    if problem is None:
        return
    if normal_issn(term.text) is None:
        yield codes.make(
            "QL305", f"{_shown(term)} is not an ISSN: {problem}", term.span,
            'write issn:"1361-8415", or search the journal by name: so:"Medical Image Analysis"',
        )
    else:
        yield codes.make(
            "QL306", f"the ISSN {_shown(term)} is mistyped: {problem}", term.span,
            "copy the ISSN again from the journal's page or the ISSN Portal (portal.issn.org)",
        )


#: Fields whose terms are values from a list, not words in a text: NEAR
#: means nothing between them (QL307).
_VALUE_FIELDS_WITHOUT_TEXT = frozenset({"pt", "sh", "issn"})

#: Field -> the rule each of its terms' values must follow.
_VALUE_RULES: dict[str, Callable[[Word | Phrase], Iterator[Diagnostic]]] = {
    "pt": _check_publication_type,
    "sh": _check_subheading,
    "issn": _check_issn,
    **{field: _mesh_rule(field) for field in sorted(MESH_FIELDS)},
}


_LIST_SEPARATORS = re.compile(r"[,;/|+]")


def _check_language(node: LangLimit) -> Iterator[Diagnostic]:
    if node.known:
        return
    parts = [part for part in _LIST_SEPARATORS.split(node.language) if part]
    if len(parts) > 1:  # lang:english,french: several languages meant
        names = [resolve_language(part) or part for part in parts]
        hint = f"name several languages ORed in parentheses: {format_languages(names)}"
    else:
        close = close_languages(node.language)
        hint = (
            ("did you mean " + " or ".join(close) + "?")
            if close
            else "write a language name (english), its ISO 639-1 code (en) or its "
            "three-letter code (eng)"
        )
    yield codes.make("QL109", f"unknown language {node.language!r}", node.span, hint)


def _check_lang_group(node: LangGroup) -> Iterator[Diagnostic]:
    """QL130: only languages ORed inside ``lang:( )``; QL210: a language
    named twice (unknown names get QL109 from their own LangLimit)."""
    if node.content is not None:
        yield from _stray_in_lang_group(node.content)
    seen: dict[str, LangLimit] = {}
    for option in node.options:
        earlier = seen.get(option.language)
        if option.known and earlier is not None:
            yield codes.make(
                "QL210",
                f"{option.language} is named twice in this lang:( ) group "
                f"({earlier.raw} and {option.raw})",
                option.span,
                "remove the repeated language",
            )
        seen.setdefault(option.language, option)


def _stray_in_lang_group(content: Node) -> Iterator[Diagnostic]:
    names: list[str] = []
    pending = [content]
    offenders: list[Node] = []
    while pending:
        node = pending.pop()
        if isinstance(node, Or):
            pending.extend(reversed(node.operands))
        elif isinstance(node, (Word, Phrase)):
            names.append(resolve_language(node.text) or node.text.lower())
        elif isinstance(node, (And, Not, Adjacent)):
            offenders.append(node)
            pending.extend(reversed(node.children))  # their languages belong in the hint
        else:
            offenders.append(node)
    shown = format_languages(names) if len(names) > 1 else "lang:(english OR french)"
    for offender in offenders:
        what = {And: "AND", Not: "NOT", Adjacent: "two languages with no operator"}.get(
            type(offender), _stray_name(offender)
        )
        yield codes.make(
            "QL130",
            f"{what} inside lang:( ): only languages ORed belong there",
            span_of(offender),
            f"a record is in any of the languages named: write {shown}",
        )


def _stray_name(node: Node) -> str:
    if isinstance(node, Field):
        return f"a field ({node.raw or node.name}:)"
    if isinstance(node, Ref):
        return f"a reference (#{node.number})"
    if isinstance(node, (YearLimit, LangLimit, LangGroup)):
        return "a limit"
    return "a search expression"


def _check_year(node: YearLimit) -> Iterator[Diagnostic]:
    if not node.valid:
        yield codes.make(
            "QL110",
            f"cannot read {node.raw!r}: years are four digits",
            node.span,
            "write year:2013-2023, year:2013-, year:-2023 or year:2020",
        )
    elif node.start is not None and node.end is not None and node.start > node.end:
        yield codes.make(
            "QL110",
            f"the range starts after it ends ({node.start} > {node.end})",
            node.span,
            f"write year:{node.end}-{node.start}",
        )


def _term_text(node: Node) -> str:
    if isinstance(node, Phrase):
        return f'"{node.text}"'
    if isinstance(node, Word):
        return node.text
    return "..."


#: NEAR with its distance but no slash (NEAR3), between two terms.
_NEAR_GLUED = re.compile(r"NEAR([0-9]+)", re.IGNORECASE)


def _check_adjacent(node: Adjacent) -> Iterator[Diagnostic]:
    operands = node.operands
    lowered = [op for op in operands[1:-1] if isinstance(op, Word) and op.text in _LOWER_OPERATORS]
    near_typos = [
        op for op in operands if isinstance(op, Word) and op.text.upper().startswith("NEAR/")
    ]
    glued = [  # NEAR3: the distance without its slash (NEAR/3)
        index for index, op in enumerate(operands[1:-1], start=1)
        if isinstance(op, Word) and _NEAR_GLUED.fullmatch(op.text)
    ]
    if lowered:
        for word in lowered:
            upper = _LOWER_OPERATORS[word.text]
            yield codes.make(
                "QL113",
                f"'{word.text}' is read as a word: operators are upper case",
                word.span,
                f"write {upper} if you mean the operator",
            )
        return
    if near_typos:
        for word in near_typos:
            yield codes.make(
                "QL011",
                f"{word.text!r} is not a proximity operator",
                word.span,
                "write NEAR/n with a whole number: pain NEAR/3 hip",
            )
        return
    if glued:
        for index in glued:
            typo = operands[index]
            glued_match = _NEAR_GLUED.fullmatch(typo.text) if isinstance(typo, Word) else None
            if not isinstance(typo, Word) or glued_match is None:
                continue
            distance = glued_match[1]
            before, after = _term_text(operands[index - 1]), _term_text(operands[index + 1])
            yield codes.make(
                "QL011",
                f"{typo.text!r} is not a proximity operator",
                typo.span,
                f"write {before} NEAR/{distance} {after}: the distance follows a slash",
            )
        return
    first, second = operands[0], operands[1]
    left, right = _term_text(first), _term_text(second)
    if isinstance(first, Word) and isinstance(second, Word):
        words = " ".join(op.text for op in operands if isinstance(op, Word))
        phrase = (
            f'"{words}"' if all(isinstance(op, Word) for op in operands) else f'"{left} {right}"'
        )
        both = " AND ".join(_term_text(op) for op in operands)
        hint = f"write {both} for both words, or {phrase} for the phrase"
    else:
        hint = f"put an operator between them: {left} AND {right}, or {left} OR {right}"
    yield codes.make(
        "QL112",
        "two terms with no operator between them",
        span_of(second),
        hint,
    )


def _check_or(node: Or) -> Iterator[Diagnostic]:
    """QL201 (AND/NOT mixed in without parentheses) and QL202 (a term twice),
    in one pass over the operands."""
    seen: set[tuple[str, str, bool]] = set()
    mixed = False
    repeated: list[Node] = []
    for operand in node.operands:
        if isinstance(operand, (And, Not)):
            mixed = mixed or not operand.parenthesized
            continue
        key = _term_key(operand)
        if key is None:
            continue
        if key in seen:
            repeated.append(operand)
        seen.add(key)
    if mixed:
        yield codes.make(
            "QL201",
            "OR mixed with AND/NOT without parentheses",
            node.span,
            "add parentheses to say which comes first: (a OR b) AND c, or a OR (b AND c)",
        )
    for operand in repeated:
        term = operand.operand if isinstance(operand, Field) else operand
        yield codes.make(
            "QL202",
            f"{_term_text(term)} appears twice in this OR group",
            span_of(operand),
            "remove the repeated term (or correct the typo)",
        )


def _term_key(node: Node) -> tuple[str, str, bool] | None:
    kind = type(node)
    if kind is Word or kind is Phrase:  # the common case first
        return ("", node.text.lower(), kind is Phrase)  # type: ignore[attr-defined]
    field = ""
    if isinstance(node, Field):
        field, node = node.name, node.operand
    if isinstance(node, (Word, Phrase)):
        return (field, node.text.lower(), isinstance(node, Phrase))
    return None


#: Control characters (but tab), soft hyphen, zero-width and joiner
#: characters, bidirectional marks and controls, word joiner and invisible
#: operators, line/paragraph separators, byte-order mark: the characters a
#: copy and paste brings in unseen (Unicode categories Cc and the usual Cf).
_INVISIBLE = re.compile(
    "[\x00-\x08\x0a-\x1f\x7f-\x9f\u00ad\u061c\u180e\u200b-\u200f"
    "\u2028-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb]"
)


def _check_phrase(node: Phrase) -> Iterator[Diagnostic]:
    if node.plain:  # ASCII words and single spaces: none of the rules below applies
        return
    yield from _check_field_in_phrase(node)
    if not node.text.strip():
        yield codes.make(
            "QL116", "empty phrase", node.span, "remove the quotes or put words inside"
        )
        return
    found = _INVISIBLE.search(node.text)
    if found is not None:
        hidden = found.group()
        name = unicodedata.name(hidden, f"U+{ord(hidden):04X}")
        yield codes.make(
            "QL120",
            f"invisible character U+{ord(hidden):04X} ({name.lower()}) in a phrase",
            node.span,
            "retype the phrase, or delete the character between the quotes",
        )
    for word in node.words:
        if word[0] in "*?":
            yield codes.make(
                "QL117",
                f"wildcard at the start of {word!r}",
                node.span,
                "a wildcard may only follow at least one letter: imag*",
            )


#: Every field syntax find_pasted knows has one of these.
_FIELD_MARK = re.compile(r"[\[=.(]")


def _check_field_in_phrase(node: Phrase) -> Iterator[Diagnostic]:
    if _FIELD_MARK.search(node.text) is None:
        return
    from querylang.pasted import find_pasted

    for found in find_pasted(node.text, in_phrase=True):
        written = node.text[found.start : found.end]
        where = "write " + found.portable + " outside the quotes" if found.portable else (
            "take the tag out of the quotes"
        )
        yield codes.make(
            "QL205",
            f"{found.what} inside a phrase:"
            f" the databases search {written!r} as words",
            node.span,
            where,
        )


# -- NEAR -----------------------------------------------------------------------


def _check_near(node: Near) -> Iterator[Diagnostic]:
    if node.distance is None:
        yield codes.make(
            "QL106",
            "NEAR needs a distance",
            node.span,
            "write NEAR/n, for example pain NEAR/3 hip (within 3 words, any order)",
        )
    for operand in (node.left, node.right):
        yield from _check_near_operand(operand)
    left_fields = set(term_fields(node.left, DEFAULT_FIELD))
    right_fields = set(term_fields(node.right, DEFAULT_FIELD))
    valued = (left_fields | right_fields) & _VALUE_FIELDS_WITHOUT_TEXT
    if valued:
        yield _near_between_values(node, valued)
    if left_fields and right_fields and (len(left_fields | right_fields) > 1):
        yield codes.make(
            "QL107",
            "the two sides of NEAR search different fields ("
            + ", ".join(sorted(left_fields | right_fields))
            + ")",
            node.span,
            "put the field on the whole proximity: ti:(pain NEAR/3 hip)",
        )


def _check_near_operand(operand: Node) -> Iterator[Diagnostic]:
    inner = operand.operand if isinstance(operand, Field) else operand
    if isinstance(inner, (Word, Phrase)):
        return
    if isinstance(inner, Or):
        for item in inner.operands:
            yield from _check_near_operand(item)
        return
    if isinstance(inner, (And, Not)):
        yield codes.make(
            "QL105",
            f"{'AND' if isinstance(inner, And) else 'NOT'} inside NEAR",
            inner.span,
            'use a phrase or an OR group: "heart attack" NEAR/3 (risk OR danger)',
        )
        return
    if isinstance(inner, (Adjacent, UnaryNot, EmptyGroup)):
        return  # reported on their own
    yield codes.make(
        "QL115",
        "a NEAR operand must be a word, a phrase or an OR group of them",
        span_of(inner),
        "write the terms out: (heart OR cardiac) NEAR/3 risk",
    )


#: Node type -> the rules for that node (one dictionary lookup per node
#: instead of a chain of isinstance tests).
_NODE_RULES: dict[type, Callable[[Any], Iterator[Diagnostic]]] = {
    Field: _check_field,
    LangLimit: _check_language,
    LangGroup: _check_lang_group,
    YearLimit: _check_year,
    EmptyGroup: _check_empty_group,
    Adjacent: _check_adjacent,
    UnaryNot: _check_unary_not,
    Near: _check_near,
    Or: _check_or,
    Phrase: _check_phrase,
}


def term_fields(node: Node, inherited: str) -> Iterator[str]:
    """The effective field of every word and phrase below ``node``."""
    stack: list[tuple[Node, str]] = [(node, inherited)]
    while stack:
        current, field = stack.pop()
        if isinstance(current, Field):
            stack.append((current.operand, current.name))
        elif isinstance(current, (Word, Phrase)):
            yield field
        else:
            stack.extend((child, field) for child in current.children)
