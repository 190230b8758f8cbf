"""The compile API: strategy text -> native queries per target.

Contract (implemented by the compile layer, used by the runner):

    compile_query(text, target, *, line=None, strict=False) -> Compiled
        the final line (or line N) for one target.
    compile_strategy(strategy, target, *, strict=False) -> list[Compiled]
        every line of a parsed, error-free strategy, references expanded.
    compile_targets(text, targets=None, *, line=None, strict=False) -> Compilation
        one line for several databases, the text parsed and checked once
        (``querylang.compile``).

None raises on bad input: syntax and check errors come back as
diagnostics with ``query`` None. An unknown target name is a programming
error: ValueError, with a "did you mean".
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from querylang import Analysis, analyze, codes
from querylang.ast import (
    NO_SPAN,
    And,
    Comment,
    Field,
    Near,
    Node,
    Not,
    Or,
    Phrase,
    Ref,
    Strategy,
    Word,
    walk,
)
from querylang.diagnostics import Diagnostic, has_errors
from querylang.record import record
from querylang.summary import search_line_map
from querylang.targets import TARGETS, get_target
from querylang.targets.base import Compiled, Target

__all__ = [
    "TARGETS",
    "Compilation",
    "compile_targets",
    "compile_query",
    "compile_strategy",
    "compile_text",
    "expand_references",
    "wildcard_choices",
]


def compile_query(
    text: str,
    target: str,
    *,
    line: int | None = None,
    strict: bool = False,
    keep_wildcards: Mapping[str, Iterable[str]] | None = None,
) -> Compiled:
    """Compile the last line of ``text`` (or line ``line``) for ``target``."""
    cls = get_target(target)
    analysis, results = compile_text(
        text, [cls.name], line=line, strict=strict, keep_wildcards=keep_wildcards
    )
    return results[cls.name]


def compile_text(
    text: str,
    targets: Iterable[str],
    *,
    line: int | None = None,
    strict: bool = False,
    keep_wildcards: Mapping[str, Iterable[str]] | None = None,
) -> tuple[Analysis, dict[str, Compiled]]:
    """Analyse ``text`` once and compile one line for several targets. Each
    result's diagnostics are the strategy's own followed by the target's.

    ``keep_wildcards`` maps a target name to the words that keep their
    wildcard there (as ``# ieee-wildcards:`` lines in the strategy do; the
    argument wins over the strategy's line)."""
    classes = [get_target(name) for name in targets]
    analysis, _, _, results = _compile_line(
        text, classes, line, strict, keep_wildcards, shared_in_each=True
    )
    return analysis, results


@record(frozen=True)
class Compilation:
    """A strategy parsed and checked once, one line of it compiled for each
    database asked (what :func:`querylang.compile` returns).

    ``diagnostics`` are the strategy's own (parse and checks) and those about
    the line asked for (no such line, too big or too deep once its
    references are expanded), said once; ``results`` maps each database's
    name, in the order asked, to its :class:`~querylang.targets.base.Compiled`
    (interface string, API request) whose diagnostics are that database's
    only. A database's ``query`` is None when the strategy has errors or the
    database refused the line.
    """

    strategy: Strategy | None
    line: int
    diagnostics: tuple[Diagnostic, ...]
    results: dict[str, Compiled]

    def __getitem__(self, name: str) -> Compiled:
        """``compilation["pubmed"]``: one database's result (KeyError if not asked)."""
        return self.results[name]

    @property
    def ok(self) -> bool:
        """No error anywhere: the strategy is sound and every database wrote the line."""
        return (
            self.strategy is not None
            and not has_errors(self.diagnostics)
            and all(result.ok for result in self.results.values())
        )

    @property
    def queries(self) -> dict[str, str | None]:
        """Each database's interface string (None where there is none)."""
        return {name: result.query for name, result in self.results.items()}

    def diagnostics_for(self, name: str) -> tuple[Diagnostic, ...]:
        """The shared diagnostics followed by the database's own: what
        :func:`compile_query` gives for that one database."""
        return (*self.diagnostics, *self.results[name].diagnostics)

    def to_dict(self) -> dict[str, Any]:
        """JSON view (``querylang compile --format json`` per database)."""
        return {
            "ok": self.ok,
            "line": self.line,
            "diagnostics": [d.to_dict() for d in self.diagnostics],
            "targets": {name: result.to_dict() for name, result in self.results.items()},
        }


def compile_targets(
    text: str,
    targets: Iterable[str] | str | None = None,
    *,
    line: int | None = None,
    strict: bool = False,
    keep_wildcards: Mapping[str, Iterable[str]] | None = None,
) -> Compilation:
    """Parse and check ``text`` once; compile its last line (or line
    ``line``) for every database in ``targets`` (default: those with an API,
    :data:`querylang.databases.RUNNABLE`; any registry name is accepted, one
    name may be given as a string). Never raises on bad input text; an
    unknown name is a ValueError with a "did you mean", an empty list a
    ValueError too."""
    if targets is None:
        from querylang.databases import RUNNABLE

        targets = RUNNABLE
    elif isinstance(targets, str):
        targets = (targets,)
    classes = list({cls.name: cls for cls in map(get_target, targets)}.values())
    if not classes:
        raise ValueError("no database to compile for: give at least one name "
                         f"(known: {', '.join(TARGETS)})")
    analysis, number, shared, results = _compile_line(
        text, classes, line, strict, keep_wildcards, shared_in_each=False
    )
    return Compilation(analysis.strategy, number, shared, results)


def _compile_line(
    text: str,
    classes: Sequence[type[Target]],
    line: int | None,
    strict: bool,
    keep_wildcards: Mapping[str, Iterable[str]] | None,
    *,
    shared_in_each: bool,
) -> tuple[Analysis, int, tuple[Diagnostic, ...], dict[str, Compiled]]:
    """The work of :func:`compile_text` and :func:`compile_targets`: the
    analysis, the line number, the diagnostics shared by every target and
    each target's result. ``shared_in_each``: each result lists the shared
    diagnostics ahead of its own (compile_text's contract) instead of only
    its own."""
    analysis = analyze(text)
    strategy = analysis.strategy
    count = len(strategy.lines) if strategy is not None else 0
    number = line if line is not None else max(count, 1)
    found = tuple(analysis.diagnostics)

    def refused(shared: tuple[Diagnostic, ...]) -> tuple[
        Analysis, int, tuple[Diagnostic, ...], dict[str, Compiled]
    ]:
        before = shared if shared_in_each else ()
        return analysis, number, shared, {c.name: _refused(c.name, number, before) for c in classes}

    if strategy is None or not analysis.ok:
        return refused(found)
    if not 1 <= number <= count:
        missing = codes.make(
            "CP001", f"there is no line {number}: the strategy has {count}",
            hint=f"give a line number from 1 to {count}",
        )
        return refused((*found, missing))
    try:
        if _plainly_small(strategy):
            expr = strategy.lines[number - 1].expr
        else:
            facts = _line_sizes(strategy)
            size = facts[number - 1][0]
            if size > MAX_EXPANDED_TERMS:
                return refused((*found, _too_big(strategy, number, size)))
            expr = expand_references(strategy, upto=number, facts=facts)[number - 1]
    except RecursionError:
        deep = codes.make("CP104", "the line is nested too deeply to compile",
                          strategy.lines[number - 1].span,
                          "join lines at one level instead of nesting references")
        return refused((*found, deep))
    choices = wildcard_choices(strategy, keep_wildcards)
    lines = search_line_map(strategy)
    before = found if shared_in_each else ()
    out: dict[str, Compiled] = {}
    for cls in classes:
        chosen, notes = choices.get(cls.name, (None, ()))
        out[cls.name] = cls(strict=strict, keep_wildcards=chosen, search_lines=lines).compile_line(
            expr, number, (*before, *notes)
        )
    return analysis, number, found, out


def compile_strategy(
    strategy: Strategy,
    target: str,
    *,
    strict: bool = False,
    keep_wildcards: Mapping[str, Iterable[str]] | None = None,
) -> list[Compiled]:
    """Every line of an error-free strategy, ``#n`` expanded in place. The
    wildcard choice (``keep_wildcards``, else the strategy's
    ``# <target>-wildcards:`` line) is made once and holds for every line."""
    cls = get_target(target)
    chosen, notes = wildcard_choices(strategy, keep_wildcards).get(cls.name, (None, ()))
    try:
        expanded = expand_references(strategy)
    except RecursionError:
        deep = codes.make("CP104", "the strategy is nested too deeply to compile",
                          hint="join lines at one level instead of nesting references")
        return [_refused(cls.name, ln.number, (deep,)) for ln in strategy.lines]
    sizes = expansion_sizes(strategy)
    lines = search_line_map(strategy)
    return [
        cls(strict=strict, keep_wildcards=chosen, search_lines=lines).compile_line(
            expr, number, notes)
        if sizes[number - 1] <= MAX_EXPANDED_TERMS
        else _refused(cls.name, number, (_too_big(strategy, number, sizes[number - 1]),))
        for number, expr in enumerate(expanded, start=1)
    ]


# -- wildcard choice ----------------------------------------------------------------


#: ``# ieee-wildcards: radiolog* imag*``: the words that keep their wildcard in
#: that database, for the whole strategy (docs/databases.md, "Wildcards").
_WILDCARD_DIRECTIVE = re.compile(r"#\s*([A-Za-z]+)-wildcards?\s*:(.*)", re.IGNORECASE)

#: A target's choice: the words (lower case, ? as *), and diagnostics about it.
Choice = tuple[frozenset[str], tuple[Diagnostic, ...]]


def wildcard_choices(
    strategy: Strategy, given: Mapping[str, Iterable[str]] | None = None
) -> dict[str, Choice]:
    """Per target that takes one, the words the user chose to keep their
    wildcard: from ``given`` (the caller) or else from the strategy's
    ``# <target>-wildcards:`` comment. One decision for the whole strategy,
    so every line of it is written the same way."""
    found: dict[str, tuple[list[str], Comment | None]] = {}
    for comment in strategy.comments:
        match = _WILDCARD_DIRECTIVE.fullmatch(comment.text.strip())
        if match is None:
            continue
        name = match.group(1).lower()
        cls = TARGETS.get(name)
        if cls is None or not cls.takes_wildcard_choice:
            continue
        words, _ = found.setdefault(name, ([], comment))
        words.extend(match.group(2).replace(",", " ").split())
    for name, words_given in (given or {}).items():
        target = get_target(name)
        if not target.takes_wildcard_choice:
            raise ValueError(f"{target.name} takes no wildcard choice (only "
                             f"{', '.join(n for n, c in TARGETS.items() if c.takes_wildcard_choice)})")
        found[target.name] = (list(words_given), None)
    if not found:
        return {}
    present = _wildcard_words(strategy)
    out: dict[str, Choice] = {}
    for name, (words, origin) in found.items():
        chosen = frozenset(w.strip('"').lower().replace("?", "*") for w in words)
        missing = sorted(w for w in chosen if w not in present)
        notes: tuple[Diagnostic, ...] = ()
        if missing:
            notes = (codes.make(
                "IE207",
                f"# {name}-wildcards: names {', '.join(missing)}, which no term of the "
                "strategy holds",
                origin.span if origin is not None else NO_SPAN,
                "write each word exactly as the strategy does (imag* for \"medical imag*\")",
                target=name,
            ),)
        out[name] = (chosen, notes)
    return out


def _wildcard_words(strategy: Strategy) -> set[str]:
    """Every word with a wildcard in the strategy's terms (lower case, ? as *)."""
    words: set[str] = set()
    for line in strategy.lines:
        for node in walk(line.expr):
            if isinstance(node, (Word, Phrase)) and ("*" in node.text or "?" in node.text):
                words.update(w.lower().replace("?", "*") for w in node.text.split()
                             if "*" in w or "?" in w)
    return words


# -- references -------------------------------------------------------------------


#: Most terms a line may hold once its references are expanded. A line that
#: ORs the line above with itself doubles at every step (25 such lines make
#: 16 million terms); no database takes a query anywhere near this size
#: (published strategies run to a few hundred operators), so such a line is
#: refused (CP105).
MAX_EXPANDED_TERMS = 5000


def _plainly_small(strategy: Strategy) -> bool:
    """True when the source shows at a glance that no line holds a reference
    (no ``#`` at all) or more terms than the limit (each term takes at least
    one character): then nothing needs counting or expanding."""
    source = strategy.source
    return bool(source) and "#" not in source and len(source) <= MAX_EXPANDED_TERMS


def expansion_sizes(strategy: Strategy) -> list[int]:
    """The number of terms and limits each line holds once expanded,
    computed without expanding (each line counted once)."""
    return [size for size, _ in _line_sizes(strategy)]


def _line_sizes(strategy: Strategy) -> list[tuple[int, bool]]:
    """Per line: its expanded size, and whether it holds a reference (one
    walk serves both)."""
    facts: list[tuple[int, bool]] = []
    for line in strategy.lines:
        total = 0
        has_ref = False
        for node in walk(line.expr):
            if isinstance(node, Ref):
                has_ref = True
                if 1 <= node.number <= len(facts):
                    total += facts[node.number - 1][0]
            elif not node.children:
                total += 1
        facts.append((total, has_ref))
    return facts


def expand_references(
    strategy: Strategy,
    upto: int | None = None,
    facts: list[tuple[int, bool]] | None = None,
) -> list[Node]:
    """Each line's expression with every ``#n`` replaced by line n (itself
    expanded). The referenced line comes whole, limits included: a
    reference carries its line's limits (docs/language.md). A line over
    :data:`MAX_EXPANDED_TERMS` is left unexpanded (its callers refuse it)."""
    facts = facts if facts is not None else _line_sizes(strategy)
    done: list[Node] = []
    for line in strategy.lines[: upto if upto is not None else len(strategy.lines)]:
        size, has_ref = facts[line.number - 1]
        if has_ref and size <= MAX_EXPANDED_TERMS:
            done.append(_expand(line.expr, done))
        else:
            done.append(line.expr)
    return done


def _too_big(strategy: Strategy, number: int, size: int) -> Diagnostic:
    return codes.make(
        "CP105",
        f"line {number} holds {size:,} terms once its references are expanded "
        f"(at most {MAX_EXPANDED_TERMS:,})",
        strategy.lines[number - 1].span,
        "reference each line once: #1 OR #1 adds nothing but doubles the query",
    )


def _expand(node: Node, done: Sequence[Node]) -> Node:
    if isinstance(node, Ref):
        return done[node.number - 1]
    if isinstance(node, And):
        # AND is associative: a referenced AND line joins this one, so its
        # limits stand at the top level as they did on their own line.
        return And(_flat(node.operands, done, And), node.span, node.parenthesized)
    if isinstance(node, Or):
        return Or(_flat(node.operands, done, Or), node.span, node.parenthesized)
    if isinstance(node, Not):
        return Not(_expand(node.left, done), _expand(node.right, done), node.span,
                   node.parenthesized)
    if isinstance(node, Near):
        return Near(_expand(node.left, done), _expand(node.right, done), node.distance,
                    node.span, node.parenthesized)
    if isinstance(node, Field):
        return Field(node.name, _expand(node.operand, done), node.raw, node.span)
    return node


def _flat(operands: Sequence[Node], done: Sequence[Node], kind: type[Node]) -> tuple[Node, ...]:
    out: list[Node] = []
    for operand in operands:
        expanded = _expand(operand, done)
        if isinstance(expanded, kind) and isinstance(operand, Ref):
            out.extend(expanded.children)
        else:
            out.append(expanded)
    return tuple(out)


# -- helpers ------------------------------------------------------------------------


def _refused(target: str, line: int, diagnostics: Sequence[Diagnostic]) -> Compiled:
    return Compiled(target, line, None, None, None, tuple(diagnostics))
