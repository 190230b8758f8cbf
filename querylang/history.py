"""Native search histories: a strategy as each database's own numbered history.

PRISMA-S appendices show a strategy as the search history of each database,
line by line. PubMed (Advanced Search, "History and Search Details") and the
Web of Science advanced search number every search and combine earlier ones
by number (``#1 AND #2``). For those targets each line is written with its
references kept as set numbers; everything else on the line (fields,
limits, wildcards, diagnostics) is written exactly as the target writes it
for ``compile``. Databases whose interface has no such history (arXiv, IEEE
Xplore) and every API (the Web of Science Starter API included) get each
line written out, references expanded: the lines ``run --lines`` sends.

Contract::

    compile_history(strategy, target, *, strict=False) -> History
    history_text(text, targets, *, strict=False) -> (Analysis, {target: History})

Every :class:`HistoryLine` carries ``counted``, the line exactly as
``compile_strategy`` writes it (references expanded): the search whose count
``run --lines`` reports for that line. A history line and its ``counted``
line search the same records (tests/test_history.py checks this for every
line of the examples and of a table of strategies).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from querylang import Analysis, analyze, codes
from querylang.ast import Ref, Strategy, walk
from querylang.diagnostics import Diagnostic, Severity, has_errors
from querylang.record import record
from querylang.summary import search_line_map
from querylang.targets import get_target
from querylang.targets.base import Compiled

__all__ = ["History", "HistoryLine", "compile_history", "history_text"]


@record(frozen=True)
class HistoryLine:
    """One line of a database's search history.

    ``query`` is the line as entered in the database's own search history
    (None when the database could not be given it); ``references`` are the
    set numbers it combines (empty where the database has no history: the
    line is then ``counted.query``). ``diagnostics`` are the target's notes
    on writing this line. ``counted`` is the same line with every reference
    written out, as ``run --lines`` sends it.
    """

    number: int
    query: str | None
    references: tuple[int, ...]
    diagnostics: tuple[Diagnostic, ...]
    counted: Compiled
    #: The instructions for entering this line as written here (a history
    #: line that is itself Ovid's limit line needs no "enter the limit" note).
    notes: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return self.query is not None and not has_errors(self.diagnostics)

    def to_dict(self) -> dict[str, Any]:
        from querylang.diagnostics import to_dicts

        return {
            "number": self.number,
            "query": self.query,
            "references": list(self.references),
            "expanded": self.counted.query,
            "api_query": self.counted.api_query,
            "notes": list(self.notes),
            "diagnostics": to_dicts(self.diagnostics),
        }


@record(frozen=True)
class History:
    """A strategy as one database's search history.

    ``sets`` is True when the database's interface combines earlier lines
    by set number (then lines holding ``#n`` keep it); False when every
    line is written out in full.
    """

    target: str
    sets: bool
    lines: tuple[HistoryLine, ...]

    @property
    def ok(self) -> bool:
        return bool(self.lines) and all(line.ok for line in self.lines)

    def to_dict(self) -> dict[str, Any]:
        return {
            "target": self.target,
            "sets": self.sets,
            "lines": [line.to_dict() for line in self.lines],
        }


#: Codes about the size of a line written out in full (Web of Science's All
#: Fields operator limit), which a history line that keeps #n does not have.
_SIZE_OF_WRITTEN_OUT = frozenset({"WS401"})


def compile_history(strategy: Strategy, target: str, *, strict: bool = False) -> History:
    """Every line of an error-free strategy as ``target``'s search history."""
    from querylang.compiler import compile_strategy

    cls = get_target(target)
    counted = compile_strategy(strategy, cls.name, strict=strict)
    if cls.set_reference is None:
        # No history to combine lines with: each line is the full search.
        return History(cls.name, False, tuple(
            HistoryLine(c.line, c.query, (), c.diagnostics, c, c.notes) for c in counted
        ))
    lines: list[HistoryLine] = []
    said: set[tuple[str, int, int, str]] = set()
    first_refused: int | None = None
    search_lines = search_line_map(strategy)
    for line, expanded in zip(strategy.lines, counted, strict=True):
        references = _references(line)
        refusal = cls(strict=strict, search_lines=search_lines).history_refusal(
            line.expr, line.number, line is strategy.lines[-1])
        if refusal is not None and first_refused is None:
            # The line cannot be one line of this history (Ovid: its limit
            # would be the next line, renumbering the later ones).
            own: Compiled = Compiled(cls.name, line.number, None, None, None, (refusal,))
        elif not references:
            # Nothing to keep as a set number: the history line is the line
            # compile_strategy wrote, diagnostics and all.
            own = expanded
        elif first_refused is not None:
            own = Compiled(cls.name, line.number, None, None, None,
                           (_gap(cls.title, line.number, first_refused, line.span),))
        else:
            own = cls(strict=strict, search_lines=search_lines).compile_history_line(
                line.expr, line.number)
        diagnostics = list(own.diagnostics)
        said.update(_key(d) for d in diagnostics)
        # A change of meaning the written-out line carries and this history
        # line does not (a widening inside a line referenced on the right of
        # NOT reverses its effect) is said here too: nothing is lost.
        for diagnostic in expanded.diagnostics:
            if (references or refusal is not None) and (
                    diagnostic.code in _SIZE_OF_WRITTEN_OUT
                               or diagnostic.code in cls.written_out_codes):
                # A limit on the operators of the line written out: the
                # history line is judged as written (#1 OR #2), above.
                continue
            if diagnostic.severity is not Severity.ERROR and _key(diagnostic) not in said:
                said.add(_key(diagnostic))
                diagnostics.append(diagnostic)
        query = own.query if own.ok else None
        if query is None and first_refused is None:
            first_refused = line.number
        lines.append(HistoryLine(line.number, query, references, tuple(diagnostics), expanded,
                                 own.notes))
    return History(cls.name, True, tuple(lines))


def history_text(
    text: str, targets: Iterable[str], *, strict: bool = False
) -> tuple[Analysis, dict[str, History]]:
    """Analyse ``text`` once and write its search history for each target
    (an empty history for every target when the strategy has errors)."""
    names = [get_target(name).name for name in targets]
    analysis = analyze(text)
    strategy = analysis.strategy
    if strategy is None or not analysis.ok:
        return analysis, {name: History(name, get_target(name).set_reference is not None, ())
                          for name in names}
    return analysis, {name: compile_history(strategy, name, strict=strict) for name in names}


# -- helpers ------------------------------------------------------------------


def _references(line: Any) -> tuple[int, ...]:
    """The line numbers ``line`` refers to, each once, in order."""
    seen: dict[int, None] = {}
    for node in walk(line.expr):
        if isinstance(node, Ref):
            seen.setdefault(node.number)
    return tuple(seen)


def _key(diagnostic: Diagnostic) -> tuple[str, int, int, str]:
    return (diagnostic.code, diagnostic.span.start, diagnostic.span.end, diagnostic.message)


def _gap(title: str, number: int, refused: int, span: Any) -> Diagnostic:
    return codes.make(
        "CP201",
        f"line {number} combines earlier searches by number, but {title} could not be given "
        f"line {refused}: its set numbers would no longer match the strategy's",
        span,
        f"fix line {refused} for {title}; run --lines still counts line {number} written out",
    )
