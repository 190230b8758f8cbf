"""Reading native strategies (PubMed, Web of Science...) into the portable language.

An import turns pasted native text into portable strategy text plus
diagnostics that point into the native text. :mod:`querylang.imports.model`
holds the shapes every reader shares; :mod:`querylang.imports.history`
splits a paste into its searches; each database's reader (its package's
``importer.py``, named by its registry entry's ``importer_path``; the
table is :data:`READERS`) turns one search into one portable expression;
this module
joins them into a numbered strategy: references renumbered, searches of
limits only folded into the searches that use them, the result checked.

    from querylang.imports import import_strategy
    result = import_strategy("#1 asthma[mh]\\n#2 #1 AND 2013:2023[dp]", "pubmed")
    result.text         # '1. mesh:"asthma"\\n2. #1 AND year:2013-2023\\n'
    result.diagnostics  # spans into the pasted text
    result.to_dict()    # JSON-ready (the web page)
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from querylang import codes
from querylang.ast import NO_SPAN
from querylang.databases import import_dialects
from querylang.databases.base import Loaded
from querylang.diagnostics import Diagnostic, Severity, has_errors, sort_key, to_dicts
from querylang.imports.history import Split, offset_span, split_source
from querylang.imports.model import NativeLine, Translated

__all__ = ["READERS", "DIALECTS", "ImportResult", "ImportedLine", "import_strategy",
           "NativeLine", "Translated"]

#: The names ``--from`` takes: every registry entry with an importer (one
#: name for several databases that share an interface's syntax).
_IMPORTABLE = import_dialects()

#: Database -> its reader of one native search (imported on first use).
READERS: Mapping[str, Callable[[NativeLine], Translated]] = Loaded(
    _IMPORTABLE, lambda entry: entry.importer
)

#: What ``--from`` names (the CLI's choices), in the registry's order.
DIALECTS = tuple(_IMPORTABLE)

#: Display names, for messages.
TITLES = {name: entry.import_title for name, entry in _IMPORTABLE.items()}

#: Dialect -> how its pastes are split into searches, where its exports
#: print them in a shape of their own (default: history.split_source).
SPLITTERS: Mapping[str, Callable[[str], Split]] = Loaded(
    {name: entry for name, entry in _IMPORTABLE.items() if entry.splitter_path},
    lambda entry: entry.splitter,
)


@dataclass(frozen=True)
class ImportedLine:
    """One search: its portable line number, the native number, both texts
    and the count the paste carried."""

    number: int
    native_number: int | None
    native: str
    text: str
    count: int | None
    line: int
    column: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "native_number": self.native_number,
            "native": self.native,
            "text": self.text,
            "count": self.count,
            "line": self.line,
            "column": self.column,
        }


@dataclass(frozen=True)
class ImportResult:
    """A whole import: the portable strategy text, its lines and diagnostics
    (spans into ``source``, the paste with its newlines made ``\\n``)."""

    dialect: str
    source: str
    text: str
    lines: tuple[ImportedLine, ...] = ()
    diagnostics: tuple[Diagnostic, ...] = field(default=())

    @property
    def ok(self) -> bool:
        return not has_errors(self.diagnostics)

    def to_dict(self) -> dict[str, Any]:
        return {
            "dialect": self.dialect,
            "ok": self.ok,
            "text": self.text,
            "lines": [line.to_dict() for line in self.lines],
            "diagnostics": to_dicts(self.diagnostics),
        }


def import_strategy(source: str, dialect: str) -> ImportResult:
    """Read ``source`` (a native query or search history) as ``dialect``
    (a name in :data:`DIALECTS`). Never raises on bad input: what is wrong is said in
    the diagnostics. An unknown ``dialect`` is a ValueError."""
    if dialect not in DIALECTS:
        raise ValueError(f"unknown dialect {dialect!r}: choose one of {', '.join(DIALECTS)}")
    source = source.replace("\r\n", "\n").replace("\r", "\n")
    reader = READERS.get(dialect)
    if reader is None:
        missing = codes.make("IM009", f"no {TITLES[dialect]} reader in this installation",
                             hint=f"import --from one of {', '.join(DIALECTS)}")
        return ImportResult(dialect, source, "", (), (missing,))
    split = SPLITTERS.get(dialect, split_source)(source)
    diagnostics = list(split.diagnostics)
    translated: list[Translated] = []
    for index, line in enumerate(split.lines):
        result = reader(line)
        fixed = tuple(_onto_source(d, line, split, index, source) for d in result.diagnostics)
        diagnostics += fixed
        translated.append(Translated(result.text, fixed))
    lines, said = _number(split, translated, source)
    diagnostics += said
    text = _strategy_text(lines, split.numbered, TITLES[dialect])
    if lines and not has_errors(diagnostics):
        diagnostics += _check(text, lines, split, source)
    return ImportResult(dialect, source, text, tuple(lines),
                        tuple(sorted(diagnostics, key=sort_key)))


# -- spans ----------------------------------------------------------------------------


def _onto_source(d: Diagnostic, line: NativeLine, split: Split, index: int, source: str) -> Diagnostic:
    """A reader's diagnostic with its span moved onto the paste (readers
    count as if the search stood on one line; see history.span_at)."""
    if d.span == NO_SPAN:
        return d
    offsets = split.offsets[index]
    last = len(offsets) - 1
    start = min(max(d.span.start - line.offset, 0), last)
    end = min(max(d.span.end - line.offset, start), last)
    begin = offsets[start]
    finish = offsets[end - 1] + 1 if end > start else begin
    return Diagnostic(d.code, d.severity, d.message, offset_span(source, begin, finish),
                      d.hint, d.target)


def _line_span_diag(code: str, message: str, split: Split, index: int, source: str,
                    hint: str | None = None, start: int = 0, end: int | None = None,
                    ) -> Diagnostic:
    offsets = split.offsets[index]
    text = split.lines[index].text
    end = len(text) if end is None else end
    begin = offsets[min(start, len(offsets) - 1)]
    finish = offsets[max(min(end, len(offsets) - 1) - 1, 0)] + 1 if end > start else begin
    return codes.make(code, message, offset_span(source, begin, finish), hint)


# -- numbering -------------------------------------------------------------------------

_REF = re.compile(r'"[^"]*"|#([0-9]+)')
_LIMIT = r"(?:year:[^\s()]+|lang:(?:\([^()]*\)|[^\s()]+))"
_LIMITS_ONLY = re.compile(rf"{_LIMIT}(?: AND {_LIMIT})*")


def _number(split: Split, translated: list[Translated], source: str,
            ) -> tuple[list[ImportedLine], list[Diagnostic]]:
    """Portable lines numbered by position, references rewritten, searches
    of limits only folded into the searches that refer to them."""
    said: list[Diagnostic] = []
    natives = [line.number for line in split.lines]
    referenced = {int(m.group(1)) for t in translated for m in _REF.finditer(t.text) if m.group(1)}
    folded: dict[int, str] = {}
    for line, result in zip(split.lines, translated, strict=True):
        if (line.number is not None and line.number in referenced
                and _LIMITS_ONLY.fullmatch(result.text) and line is not split.lines[-1]):
            folded[line.number] = result.text
    position: dict[int, int] = {}
    lines: list[ImportedLine] = []
    renumbered: list[str] = []
    for index, (line, result) in enumerate(zip(split.lines, translated, strict=True)):
        if line.number is not None and line.number in folded:
            said.append(_line_span_diag(
                "IM005", f"search #{line.number} holds limits only ({result.text}): written "
                "into the searches that use it", split, index, source,
                "a portable line may not hold limits only",
            ))
            continue
        number = len(lines) + 1
        if line.number is not None:
            position[line.number] = number
            if line.number != number:
                renumbered.append(f"#{line.number} is line {number}")

        #: The references this line cannot keep, by problem: one IM003 each
        #: (or/1-9 with 1-9 missing is one error, not nine).
        wrong: dict[str, list[int]] = {}

        def rewrite(match: re.Match[str], own: int | None = line.number,
                    wrong: dict[str, list[int]] = wrong) -> str:
            if match.group(1) is None:
                return match.group()
            native = int(match.group(1))
            if native in folded and (own is None or native < own):
                return folded[native]
            if native in position and (own is None or native < own):
                return f"#{position[native]}"
            problem = ("is the search itself" if native == own else
                       "comes later in the history" if native in natives else
                       "is not in the paste")
            wrong.setdefault(problem, []).append(native)
            return match.group()

        text = _REF.sub(rewrite, result.text)
        for problem, numbers in wrong.items():
            numbers = list(dict.fromkeys(numbers))
            where = _native_ref(line.text, numbers[0])
            if len(numbers) > 1:
                where = None  # a shorthand (or/1-9): the whole line
                problem = problem.replace("is ", "are ", 1).replace("comes ", "come ", 1)
            said.append(_line_span_diag(
                "IM003", f"{_numbers(numbers)} {problem}", split, index, source,
                "refer to earlier searches only; paste the whole history",
                *(where or (0, None)),
            ))
        lines.append(ImportedLine(number, line.number, line.text, text, line.count,
                                  line.line, line.column))
    if renumbered:
        said.append(codes.make(
            "IM004", "searches renumbered by position: " + ", ".join(renumbered),
            offset_span(source, split.lines[0].offset, split.lines[0].offset)
            if split.lines else NO_SPAN,
            "the portable strategy numbers its lines 1, 2, 3... and its references with them",
        ))
    return lines, said


def _numbers(numbers: list[int]) -> str:
    """``#3``, ``#3 and #5``, ``#3 to #9`` (a run), ``#1, #3 and #7``."""
    if len(numbers) == 1:
        return f"#{numbers[0]}"
    if len(numbers) > 2 and numbers == list(range(numbers[0], numbers[-1] + 1)):
        return f"#{numbers[0]} to #{numbers[-1]}"
    return ", ".join(f"#{n}" for n in numbers[:-1]) + f" and #{numbers[-1]}"


def _native_ref(text: str, number: int) -> tuple[int, int] | None:
    match = re.search(rf"#\s?{number}(?![0-9])", text)
    return (match.start(), match.end()) if match else None


def _strategy_text(lines: list[ImportedLine], numbered: bool, title: str) -> str:
    """The portable strategy; a count the paste carried stays beside its line
    as a comment (``# PubMed count in the pasted history: 12,345``): the
    count of the search as it was run then, not of a querylang run."""
    from querylang.printer import wrap_line

    def wrapped(line: ImportedLine, first: str, indent: str) -> list[str]:
        out = wrap_line(line.text, first, indent)
        if line.count is not None:
            out[-1] += f"  # {title} count in the pasted history: {line.count:,}"
        return out

    if not lines:
        return ""
    if len(lines) == 1 and not numbered:
        return "\n".join(wrapped(lines[0], "", "   ")) + "\n"
    out: list[str] = []
    for line in lines:
        first = f"{line.number}. "
        out += wrapped(line, first, " " * len(first))
    return "\n".join(out) + "\n"


def _check(text: str, lines: list[ImportedLine], split: Split, source: str) -> list[Diagnostic]:
    """The portable checks on the result: an error there is the import's
    error (IM006), placed on the native search it came from."""
    from querylang import analyze

    analysis = analyze(text)
    # Which imported line each physical line of the text belongs to: a
    # wrapped line's continuation starts with spaces.
    owners: list[int] = []
    current = -1
    for physical in text.split("\n"):
        if not physical.startswith(" "):
            current = min(current + 1, len(lines) - 1)
        owners.append(max(current, 0))
    found: list[Diagnostic] = []
    for d in analysis.diagnostics:
        if d.severity is not Severity.ERROR:
            continue
        owner = owners[min(max(d.span.line, 1), len(owners)) - 1]
        native_index = _native_index(split, lines[owner])
        found.append(_line_span_diag(
            "IM006", f"the imported line {lines[owner].number} does not check: {d.code} "
            f"{d.message}", split, native_index, source, d.hint,
        ))
    return found


def _native_index(split: Split, line: ImportedLine) -> int:
    for index, native in enumerate(split.lines):
        if native.number == line.native_number and native.offset >= 0:
            return index
    return 0
