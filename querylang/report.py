"""Documenting a run (PRISMA-S): Markdown appendix, CSV, JSON, SearchFiles.

Every renderer takes a :class:`~querylang.store.StoredRun` (a run read back
from the search log) and returns text; only :func:`write_searchfiles` touches
the file system.

* Markdown: a methods-section appendix. A short methods paragraph a
  reviewer can adapt, then per database its name, the interface, the date
  searched, the limits, the strategy line by line with the hits per line and
  every translation note.
* CSV: one row per database and line.
* JSON: the run, with its strategy text and hash.
* searchfile: one SearchFile JSON per database in the format of the
  ``search-query`` package (CoLRev), loadable with its ``load_search_file``.
"""

from __future__ import annotations

import csv
import functools
import io
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from querylang.codes import REGISTRY
from querylang.databases import REGISTRY as DATABASE_REGISTRY
from querylang.databases import DatabaseInfo, LimitWords
from querylang.diagnostics import Diagnostic, Severity, once_per_database, sort_key
from querylang.results import LineResult, Source, Status, TargetResult
from querylang.store import StoredRun
from querylang.targets import get_target

if TYPE_CHECKING:
    from querylang.history import History
    from querylang.records.overlap import Overlap

__all__ = [
    "DatabaseInfo",
    "DATABASES",
    "Limits",
    "strategy_limits",
    "ordered_targets",
    "render_markdown",
    "render_csv",
    "render_json",
    "searchfile",
    "searchfile_paths",
    "write_searchfiles",
    "DEFAULT_AUTHOR",
    "AUTHOR_ENV",
]

#: Author written into SearchFiles when neither ``--author`` nor the
#: environment names one.
DEFAULT_AUTHOR = "unknown"
AUTHOR_ENV = "QUERYLANG_AUTHOR"
#: Shown in a table cell for a line the run did not count.
NOT_COUNTED = "–"
CSV_COLUMNS = (
    "run_id", "database", "line", "query", "api_query", "count", "status", "source",
    "date_searched", "error", "api_notes", "diagnostics", "history",
)


#: Database name -> its PRISMA-S words, read from the registry (the class
#: lives in :mod:`querylang.databases.base`, re-exported here).
DATABASES: dict[str, DatabaseInfo] = {name: entry.report for name, entry in DATABASE_REGISTRY.items()}
_ORDER = list(DATABASES)


def database_info(target: str) -> DatabaseInfo:
    return DATABASES.get(target, DatabaseInfo(target, target, target, target.lower()))


def ordered_targets(names: Iterable[str]) -> list[str]:
    """Known databases in the usual order, then any others alphabetically."""
    return sorted(set(names), key=lambda n: (_ORDER.index(n) if n in _ORDER else len(_ORDER), n))


# -- limits ---------------------------------------------------------------------


@dataclass(frozen=True)
class Limits:
    """The limits of the strategy's final line (references followed)."""

    year_start: int | None = None
    year_end: int | None = None
    languages: tuple[str, ...] = ()

    @property
    def has_years(self) -> bool:
        return self.year_start is not None or self.year_end is not None

    def years_phrase(self) -> str:
        """``2013 to 2023``, ``from 2013``, ``up to 2023``, ``in 2020``."""
        start, end = self.year_start, self.year_end
        if start is not None and end is not None:
            return f"in {start}" if start == end else f"{start} to {end}"
        if start is not None:
            return f"from {start}"
        return f"up to {end}"

    def languages_phrase(self) -> str:
        from querylang.languages import display_name

        names = [display_name(language) for language in self.languages]
        return _join(names, "or")

    def describe(self) -> str:
        parts = []
        if self.has_years:
            parts.append(f"publication years {self.years_phrase()}")
        if self.languages:
            parts.append(f"language {self.languages_phrase()}")
        return "; ".join(parts) if parts else "none"


def _limit_words(target: str) -> LimitWords:
    entry = DATABASE_REGISTRY.get(target)
    return entry.limits if entry is not None else LimitWords()


def language_applied(result: TargetResult) -> bool:
    """Whether the count of ``result`` had the language limit applied. A
    count typed in by hand comes from the interface string: it keeps the
    limit where only the API lacks it (``language_in_interface_only``), not
    where the database has no language filter at all (arXiv, the Cochrane
    Library)."""
    words = _limit_words(result.target)
    if not any(d.code in words.language_dropped for d in _all_diagnostics(result)):
        return True
    return _is_manual(result) and words.language_in_interface_only is not None


def language_unfiltered_phrase(target: str, languages: str) -> str:
    """Why a count lacks the language limit, naming the face that lacks it."""
    faces = _limit_words(target).language_in_interface_only
    if faces is not None:
        api, interface = faces
        return (f"{database_info(target).name} was counted through {api}, which has no "
                f"language filter, so its count includes every language; {interface} "
                f"applies the {languages} limit")
    entry = DATABASE_REGISTRY.get(target)
    if entry is not None and not entry.runnable:  # no API: only its interface to speak of
        return f"{database_info(target).name} has no language filter in its interface"
    return f"{database_info(target).name} has no language filter in its API or its interface"


def describe_limits(target: str, result: TargetResult, limits: Limits) -> str:
    """The limits as this database applied them, not as the strategy wrote them."""
    codes_seen = {d.code for d in _all_diagnostics(result)}
    words = _limit_words(target)
    parts = []
    if limits.has_years:
        if codes_seen & words.years_dropped:
            parts.append(
                f"publication years {limits.years_phrase()} not applied in part "
                "(a year limit inside OR or NOT cannot be a filter here)"
            )
        else:
            parts.append(words.years.format(years=limits.years_phrase()))
    if limits.languages:
        if language_applied(result):
            parts.append(f"language {limits.languages_phrase()}")
        elif words.language_in_interface_only is not None:
            api, interface = words.language_in_interface_only
            parts.append(
                f"language {limits.languages_phrase()} applied by {interface}, not in the "
                f"count: {api} has no language filter, so records must be screened by language"
            )
        else:
            parts.append(
                f"language {limits.languages_phrase()} not applied: the database has no "
                "language filter, so records must be screened by language"
            )
    return "; ".join(parts) if parts else "none"


def strategy_limits(source_text: str) -> Limits:
    """Read the limits off the strategy text; none when it does not parse."""
    from querylang import analyze
    from querylang.ast import LangLimit, Ref, YearLimit, walk

    strategy = analyze(source_text).strategy
    if strategy is None:
        return Limits()
    start: int | None = None
    end: int | None = None
    languages: list[str] = []
    seen: set[int] = set()
    pending = [strategy.final.number]
    while pending:
        number = pending.pop()
        line = strategy.line(number)
        if line is None or number in seen:
            continue
        seen.add(number)
        for node in walk(line.expr):
            if isinstance(node, Ref):
                pending.append(node.number)
            elif isinstance(node, YearLimit) and node.valid:
                # Limits ANDed together: the narrowest range holds.
                if node.start is not None:
                    start = node.start if start is None else max(start, node.start)
                if node.end is not None:
                    end = node.end if end is None else min(end, node.end)
            elif isinstance(node, LangLimit) and node.known and node.language not in languages:
                languages.append(node.language)
    return Limits(start, end, tuple(languages))


# -- shared helpers --------------------------------------------------------------


def _join(items: Sequence[str], word: str = "and") -> str:
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {word} {items[-1]}"


def long_date(iso_day: str) -> str:
    """``2026-11-30`` -> ``30 November 2026`` (locale independent)."""
    day = date.fromisoformat(iso_day[:10])
    months = (
        "January", "February", "March", "April", "May", "June", "July",
        "August", "September", "October", "November", "December",
    )
    return f"{day.day} {months[day.month - 1]} {day.year}"


def _dates_phrase(days: Sequence[str]) -> str:
    if len(days) == 1:
        return f"on {long_date(days[0])}"
    return f"between {long_date(days[0])} and {long_date(days[-1])}"


def _lines_of(result: TargetResult) -> list[LineResult]:
    """The counted lines; a run without --lines may have only target figures."""
    if result.lines:
        return sorted(result.lines, key=lambda line: line.number)
    return [
        LineResult(
            number=0,
            query=result.query,
            api_query=None,
            request=None,
            status=result.status,
            count=result.count,
            error=result.error,
            source=Source.MANUAL if result.status is Status.MANUAL else Source.NONE,
            api_notes=list(result.api_notes),
        )
    ]


#: Notes about the API face of a database only (the Web of Science Starter
#: API's tags and missing language filter): they describe nothing when every
#: count was read off the web interface, whose string keeps the exact tags.
API_FACE_CODES = frozenset({"WS111", "WS112", "WS113", "WS302"})


def _api_used(result: TargetResult) -> bool:
    """Whether some count of ``result`` came through the database's API."""
    if not result.lines:
        return result.status is Status.OK
    return any(line.source in (Source.FETCHED, Source.CACHED) for line in result.lines)


def _all_diagnostics(result: TargetResult, source_text: str = "") -> list[Diagnostic]:
    """Every translation note of a database, each once, in source order
    (notes about the API face only where the API was used).

    A note is written as its code, search line and message, so that is
    what makes it one: the compiler says a code once per term (each heading
    of a line, once more inside NOT when a later line negates it through
    ``#n``) and a default field once per file line, and the same line comes
    again in every line that refers to it. Without ``source_text`` (callers
    that read only the codes) file lines stand for search lines."""
    line_map = _search_lines(source_text) if source_text else {}
    seen: set[tuple[str, str, int]] = set()
    out: list[Diagnostic] = []
    candidates = list(result.diagnostics)
    for line in result.lines:
        candidates.extend(line.diagnostics)
    if not _api_used(result):
        candidates = [d for d in candidates if d.code not in API_FACE_CODES]
    for diagnostic in sorted(candidates, key=sort_key):
        file_line = diagnostic.span.line
        key = (diagnostic.code, diagnostic.message, line_map.get(file_line, -file_line))
        if key not in seen:
            seen.add(key)
            out.append(diagnostic)
    return once_per_database(out)


def _changes_meaning(diagnostic: Diagnostic) -> bool:
    """Whether a note says the database could not express the strategy
    exactly (a refusal, or a change of meaning), not a warning that changes
    nothing (IE204, WS401) or an info."""
    if diagnostic.severity is Severity.ERROR:
        return True
    info = REGISTRY.get(diagnostic.code)
    return diagnostic.severity is not Severity.INFO and (info is None or info.changes_meaning)


@functools.lru_cache(maxsize=8)
def _search_lines(source_text: str) -> dict[int, int]:
    """File line -> search line of a run's strategy (read once per report)."""
    from querylang import analyze
    from querylang.summary import search_line_map

    return search_line_map(analyze(source_text).strategy)


def _api_notes(result: TargetResult) -> list[tuple[int | None, str]]:
    notes: list[tuple[int | None, str]] = []
    for line in sorted(result.lines, key=lambda item: item.number):
        notes.extend((line.number, note) for note in line.api_notes)
    known = {note for _, note in notes}
    notes.extend((None, note) for note in result.api_notes if note not in known)
    return notes


def _counted_without_string(result: TargetResult) -> list[int]:
    """Lines with a count but no search string (logs written before querylang
    refused a --count for a line it could not translate)."""
    return [
        line.number for line in result.lines
        if line.count is not None and not (line.query or line.api_query)
    ]


def _lines_without_string(result: TargetResult) -> list[int]:
    """Lines the database has no string for and no count (the target
    refused them); those with a count are said apart."""
    return [
        line.number for line in result.lines
        if line.count is None and not (line.query or line.api_query)
    ]


def _lines_word(numbers: Sequence[int]) -> str:
    return ("lines " if len(numbers) > 1 else "line ") + _join([str(n) for n in numbers])


def _was_searched(result: TargetResult) -> bool:
    """Whether the database gave (or was read off for) any count of the run."""
    if result.status in (Status.OK, Status.MANUAL):
        return True
    return any(line.count is not None for line in result.lines)


def _count_cell(line: LineResult) -> str:
    if line.count is not None and not (line.query or line.api_query):
        return f"{line.count:,} (entered by hand; no search string recorded)"
    if line.count is not None:
        suffix = " (entered by hand)" if line.source is Source.MANUAL else ""
        return f"{line.count:,}{suffix}"
    if line.status is Status.OK:
        return NOT_COUNTED
    return str(line.status.value)


def _md_code(text: str | None) -> str:
    if not text:
        return NOT_COUNTED
    # A pipe ends a table cell even inside a code span (GFM): escape it.
    return "`" + " ".join(text.split()).replace("|", "\\|").replace("`", "'") + "`"


def _md_text(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def _is_manual(result: TargetResult) -> bool:
    """Whether the database's final count was typed in (read off the web
    interface); other lines may still have been counted through the API."""
    if result.lines:
        final = max(result.lines, key=lambda line: line.number)
        return final.source is Source.MANUAL
    return result.status is Status.MANUAL


def _manual_lines(result: TargetResult) -> list[int]:
    return sorted(line.number for line in result.lines if line.source is Source.MANUAL)


def interface_of(result: TargetResult) -> str:
    """The interface the counts came from; both when a --count replaced
    some lines only (the others ran through the API)."""
    info = database_info(result.target)
    typed = _manual_lines(result)
    if not _api_used(result) or (_is_manual(result) and len(typed) == len(result.lines)):
        return info.web_interface
    if not typed and not _is_manual(result):
        return info.api_interface
    lines = "line" + ("s " if len(typed) > 1 else " ") + _join([str(n) for n in typed])
    return f"{info.api_interface}; {lines} read off {info.web_interface}"


# -- search histories ---------------------------------------------------------------


@dataclass(frozen=True)
class HistoryRow:
    """One line of a database's own search history, with the log's count
    when that count is of this very search."""

    number: int
    query: str | None
    #: The logged line for this number, when it holds the search this
    #: history line writes (same interface string and API query).
    logged: LineResult | None
    #: The logged count is of this search (the API query is the interface
    #: string, or the count was read off the web interface by hand).
    counts_this: bool


def run_histories(stored: StoredRun) -> dict[str, History]:
    """Each database's search history of the run's strategy, written by this
    querylang (empty when the strategy no longer compiles)."""
    from querylang.history import history_text
    from querylang.targets import TARGETS

    known = [t for t in ordered_targets(stored.run.targets) if t in TARGETS]
    if not known:
        return {}
    _, histories = history_text(stored.run.source_text, known)
    return histories


def history_rows(result: TargetResult, history: History) -> tuple[list[HistoryRow], list[int]]:
    """The history's lines joined to the logged lines by number, and the
    numbers whose logged search differs from today's translation (another
    querylang version ran it): their counts are not given to these lines."""
    logged = {line.number: line for line in result.lines}
    if not logged and result.query is not None and history.lines:
        # A run without --lines logged the final line only.
        final = _lines_of(result)[0]
        logged = {history.lines[-1].number: final}
    rows: list[HistoryRow] = []
    differ: list[int] = []
    for line in history.lines:
        found = logged.get(line.number)
        same = found is not None and found.query == line.counted.query and (
            found.api_query is None or found.api_query == line.counted.api_query
        )
        if found is not None and not same:
            differ.append(line.number)
        one_face = line.counted.api_query == line.counted.query
        manual = found is not None and found.source is Source.MANUAL
        rows.append(HistoryRow(line.number, line.query, found if same else None,
                               same and (one_face or manual)))
    return rows, differ


def _history_section(result: TargetResult, history: History | None, version: str) -> list[str]:
    """The Markdown lines that show the strategy as this database's own
    search history."""
    from querylang import __version__

    info = database_info(result.target)
    if history is None:
        return []
    if not history.sets:
        return [f"{info.name} has no search history that combines searches by number: "
                "each line above is the full search.", ""]
    if not history.lines:
        return [f"The {info.name} search history could not be written: the strategy does not "
                f"compile with querylang {__version__}.", ""]
    rows, differ = history_rows(result, history)
    with_counts = any(row.counts_this for row in rows)
    # How the database labels its searches: "#1" (PubMed), "1" (Ovid), "S1" (EBSCOhost).
    label = (get_target(result.target).set_reference or "#{n}").format
    numbering = f"the database numbers the searches {label(n=1)}, {label(n=2)}, ..."
    if all(row.counts_this or row.logged is None for row in rows) and not _faces_differ(result):
        intro = (f"The same strategy as {info.name}'s own search history, entered line by "
                 f"line from an empty history ({numbering}); "
                 "each count is that of the same line above, the same search written out in full:")
    elif not _faces_differ(result):
        # No count came through the API: say nothing about it.
        intro = (f"The same strategy as {info.name}'s own search history, for its web interface "
                 f"(advanced search), entered line by line from an empty history ({numbering}); "
                 "only the counts of these very searches "
                 "are repeated here:")
    else:
        intro = (f"The same strategy as {info.name}'s own search history, for its web interface "
                 f"(advanced search), entered line by line from an empty history ({numbering}). "
                 "The API has no search history: the counts "
                 "above are of the API queries"
                 + (", and only counts read off the web interface are repeated here:"
                    if with_counts else "; the web interface may count differently:"))
    out = [intro, ""]
    if with_counts:
        out += ["| # | Search history | Results |", "|---:|---|---:|"]
    else:
        out += ["| # | Search history |", "|---:|---|"]
    for row in rows:
        cell = f"| {label(n=row.number)} | {_md_code(row.query)} |"
        if with_counts:
            counted = row.logged if row.counts_this else None
            cell += f" {_count_cell(counted) if counted is not None else NOT_COUNTED} |"
        out.append(cell)
    out.append("")
    if differ:
        numbers = ", ".join(str(n) for n in differ)
        out += [f"Line(s) {numbers}: the search log holds a different search than querylang "
                f"{__version__} writes today (the run used querylang {version}), so their "
                "counts are not repeated in the history.", ""]
    return out


def _faces_differ(result: TargetResult) -> bool:
    """Whether some count came through an API query other than the interface
    string (a count typed in is of the interface string)."""
    return _api_used(result) and any(
        line.api_query and line.api_query != line.query
        for line in result.lines if line.source is not Source.MANUAL
    )


# -- Markdown ---------------------------------------------------------------------


def methods_paragraph(stored: StoredRun, limits: Limits) -> str:
    """A paragraph for the methods section, from the run's real figures."""
    run = stored.run
    targets = ordered_targets(run.targets)
    # A database whose final line failed or was refused may still have had
    # some lines searched: it was searched, for those lines (named below).
    searched = [t for t in targets if _was_searched(run.targets[t])]
    names = [database_info(t).name for t in searched]
    days = sorted({day for t in searched for day in stored.searched_on(t)}) or [run.started[:10]]
    sentence = f"We searched {_join(names) or 'no database'} {_dates_phrase(days)}"
    if limits.has_years:
        sentence += f" for records published {limits.years_phrase()}"
    elif limits.languages:
        sentence += " for records"
    unfiltered = [t for t in searched if not language_applied(run.targets[t])]
    if limits.languages:
        sentence += f" in {limits.languages_phrase()}"
    parts = [sentence + "."]
    if limits.languages and unfiltered:
        # Say which face lacks the filter: Web of Science's interface has LA=,
        # only the Starter API the count came through has none.
        languages = limits.languages_phrase()
        parts += [f"{language_unfiltered_phrase(t, languages)}." for t in unfiltered]
        without = _join([database_info(t).name for t in unfiltered])
        parts.append(
            f"The {languages} limit therefore applies to the "
            f"counts of the other databases only, and the records of {without} need "
            f"screening by language."
        )
    counted: list[str] = []
    for target in searched:
        count = run.targets[target].count
        if count is not None:
            unit = "" if counted else " records"  # "1,987 records in A, 455 in B"
            counted.append(f"{count:,}{unit} in {database_info(target).name}")
    if counted:
        parts.append(f"The final search retrieved {_join(counted)}.")
    manual = [database_info(t).name for t in searched if _is_manual(run.targets[t])]
    if len(manual) == 1:
        parts.append(
            f"The {manual[0]} count was read off the database's web interface."
        )
    elif manual:
        parts.append(
            f"The {_join(manual)} counts were read off the databases' web interfaces."
        )
    for target in searched:
        result = run.targets[target]
        typed = _manual_lines(result)
        if len(typed) == len(result.lines):  # all typed in: said above
            continue
        final = max(line.number for line in result.lines)
        typed = [n for n in typed if n != final]  # the final count: said above
        if typed:
            word = "lines" if len(typed) > 1 else "line"
            parts.append(
                f"In {database_info(target).name}, the count of {word} "
                f"{_join([str(n) for n in typed])} was read off the web interface."
            )
    for target in searched:
        result = run.targets[target]
        if result.status in (Status.OK, Status.MANUAL):
            continue
        answered = [line.number for line in _lines_of(result) if line.count is not None]
        word = "lines" if len(answered) > 1 else "line"
        reason = f" ({_md_text(result.error)})" if result.error else ""
        parts.append(
            f"In {database_info(target).name}, only {word} {_join([str(n) for n in answered])} "
            f"could be searched; the final line was not: {result.status.value}{reason}."
        )
    missing = [t for t in targets if t not in searched]
    for target in missing:
        result = run.targets[target]
        reason = f" ({_md_text(result.error)})" if result.error else ""
        parts.append(
            f"{database_info(target).name} could not be searched: {result.status.value}{reason}."
        )
    stringless = [
        f"{database_info(t).name} line {', '.join(map(str, numbers))}"
        for t in targets
        if (numbers := _counted_without_string(run.targets[t]))
    ]
    given = (
        "the full search string for each database, with the number of records per line, "
        "is given below"
    )
    if stringless:
        # Never a count without the string it counts: say which has none.
        given += (
            f", except for {_join(stringless)}: querylang could not translate that line, "
            f"so no search string is recorded for the count typed in for it"
        )
    untranslated = [
        f"{database_info(t).name} {_lines_word(numbers)}"
        for t in targets
        if (numbers := _lines_without_string(run.targets[t]))
    ]
    if untranslated:
        given += (
            f"; {_join(untranslated)} could not be translated, so no search string "
            f"is given for {'them' if len(untranslated) > 1 else 'it'}"
        )
    parts.append(
        f"The strategy was written once and translated to each database's syntax with "
        f"querylang {run.version}; {given}."
    )
    noted = [
        f"{database_info(t).name} ({len(notes)})"
        for t in targets
        if (notes := [d for d in _all_diagnostics(run.targets[t], run.source_text)
                       if _changes_meaning(d)])
    ]
    if noted:
        parts.append(
            f"Translation notes below record where a database could not express the strategy "
            f"exactly: {_join(noted)}."
        )
    return " ".join(parts)


def _database_section(
    stored: StoredRun, target: str, limits: Limits, history: History | None = None
) -> list[str]:
    result = stored.run.targets[target]
    info = database_info(target)
    days = stored.searched_on(target)
    out = [f"### {info.name}", ""]
    out.append(f"- **Interface:** {interface_of(result)}")
    out.append(f"- **Date searched:** {', '.join(long_date(day) for day in days)}")
    final = "" if result.count is None else f"{result.count:,}"
    out.append(f"- **Records (final line):** {final or result.status.value}")
    out.append(f"- **Limits:** {describe_limits(target, result, limits)}")
    if any(line.source is Source.CACHED for line in result.lines):
        out.append(
            "- **Note:** some counts were reused from an earlier run in the search log; "
            "the date searched is when the database was asked."
        )
    if result.error:
        out.append(f"- **Error:** {_md_text(result.error)}")
    lines = _lines_of(result)
    # PRISMA-S asks for the search as run: the count belongs to the query the
    # API received. Where that differs from the interface string (Web of
    # Science: Starter API tags vs advanced-search tags), both are reported.
    # A count typed in was read off the web interface: it is shown with the
    # interface string, and API wording appears only where the API was used.
    differs = _faces_differ(result) if result.lines else False
    out += ["", "| Line | Search | Results |", "|---:|---|---:|"]
    for line in lines:
        number = str(line.number) if line.number else "final"
        by_api = differs and line.api_query and line.source is not Source.MANUAL
        searched = line.api_query if by_api else line.query
        out.append(f"| {number} | {_md_code(searched)} | {_count_cell(line)} |")
    out.append("")
    if differs and (history is None or not history.sets):
        typed = ("; those entered by hand are of the advanced-search string"
                 if _manual_lines(result) else "")
        out.append(
            f"The counts above are of the API queries{typed}. The same strategy for the "
            "database's own advanced search (to paste into the web interface):"
        )
        out += ["", "| Line | Advanced search |", "|---:|---|"]
        for line in lines:
            number = str(line.number) if line.number else "final"
            out.append(f"| {number} | {_md_code(line.query)} |")
        out.append("")
    out += _history_section(result, history, stored.run.version)
    if result.notes:
        out.append("Interface instructions:")
        out.append("")
        out += [f"- {_md_text(note)}" for note in result.notes]
        out.append("")
    diagnostics = _all_diagnostics(result, stored.run.source_text)
    out.append("Translation notes:")
    out.append("")
    if diagnostics:
        line_map = _search_lines(stored.run.source_text)
        for diagnostic in diagnostics:
            # The search line (as in the table above), not the file's line and column.
            search_line = line_map.get(diagnostic.span.line)
            where = f"(line {search_line}) " if search_line else ""
            out.append(
                f"- {diagnostic.code} ({diagnostic.severity.value}) {where}"
                f"{_md_text(diagnostic.message)}"
            )
    else:
        out.append("- none: the strategy was translated without change of meaning.")
    out.append("")
    notes = _api_notes(result)
    if notes:
        out.append(f"Notes from {info.name}:")
        out.append("")
        for line_number, note in notes:
            where = f"line {line_number}: " if line_number else ""
            out.append(f"- {where}{_md_text(note)}")
        out.append("")
    return out


def render_markdown(stored: StoredRun, overlap: Overlap | None = None) -> str:
    """The appendix; with ``overlap`` (records were fetched) a "PRISMA 2020
    flow" section after the strategy."""
    run = stored.run
    limits = strategy_limits(run.source_text)
    notice = incomplete_notice(stored)
    out = [
        "## Search strategy",
        "",
        *([f"**{_md_text(notice)}**", ""] if notice else []),
        f"Strategy `{run.source_name}` (sha256 `{stored.source_sha256[:12]}`), "
        f"run {run.run_id} of the querylang search log, querylang {run.version}, "
        f"started {run.started[:16].replace('T', ' ')} UTC.",
        "",
        "### Methods",
        "",
        methods_paragraph(stored, limits),
        "",
        "### Strategy as written",
        "",
        "```",
        run.source_text.rstrip("\n"),
        "```",
        "",
    ]
    if overlap is not None:
        from querylang.records.render import prisma_section

        out += prisma_section(overlap)
    histories = run_histories(stored)
    for target in ordered_targets(run.targets):
        out += _database_section(stored, target, limits, histories.get(target))
    return "\n".join(out).rstrip("\n") + "\n"


# -- interrupted runs -------------------------------------------------------------

#: Status of a planned line an interrupted run never searched (csv rows).
NOT_SEARCHED = "not searched"


def _numbers(numbers: Sequence[int]) -> str:
    return ", ".join(str(n) for n in numbers)


def incomplete_notice(stored: StoredRun) -> str | None:
    """The sentence that opens every report of an interrupted run, naming
    what was not searched; None for a complete run."""
    if stored.complete:
        return None
    run = stored.run
    head = (f"INCOMPLETE: run {run.run_id} was interrupted before every search had "
            f"answered; its counts are not those of a finished search.")
    if stored.planned is None:
        answered = _join([database_info(t).name for t in ordered_targets(run.targets)]) or "none"
        return (f"{head} The log does not say which databases and lines it set out to "
                f"search (logged before querylang recorded it); databases with answers: "
                f"{answered}.")
    missing = stored.not_searched()
    parts = []
    for target in ordered_targets(missing):
        name = database_info(target).name
        if target in run.targets:
            parts.append(f"{name} line(s) {_numbers(missing[target])}")
        else:
            parts.append(f"{name} (not at all: line(s) {_numbers(missing[target])})")
    if not parts:
        return f"{head} Every planned line has a logged answer, but the run did not finish."
    return f"{head} Not searched: {'; '.join(parts)}."


def incomplete_json(stored: StoredRun) -> dict[str, Any] | None:
    notice = incomplete_notice(stored)
    if notice is None:
        return None
    return {
        "message": notice,
        "plan_recorded": stored.planned is not None,
        "not_searched": {target: lines for target, lines in stored.not_searched().items()},
    }


# -- CSV and JSON -----------------------------------------------------------------


def render_csv(stored: StoredRun) -> str:
    buffer = io.StringIO()
    notice = incomplete_notice(stored)
    if notice:
        # One comment line first (read with comment="#"), then a row per
        # line not searched, status "not searched".
        buffer.write(f"# {notice}\n")
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    run = stored.run
    histories = run_histories(stored)
    for target in ordered_targets(run.targets):
        result = run.targets[target]
        name = database_info(target).name
        written = _history_by_number(result, histories.get(target))
        entry = DATABASE_REGISTRY.get(target)
        api = entry is None or entry.runnable  # no API: no API query column
        for line in _lines_of(result):
            meta = stored.line_meta.get((target, line.number))
            searched = (meta.fetched_at if meta and meta.fetched_at else run.started)[:10]
            diagnostics = [d for d in line.diagnostics] or (
                result.diagnostics if not result.lines else []
            )
            writer.writerow(
                (
                    run.run_id,
                    name,
                    line.number or "",
                    line.query or "",
                    (line.api_query or line.query or "") if api else "",
                    "" if line.count is None else line.count,
                    line.status.value,
                    line.source.value,
                    searched,
                    line.error or "",
                    "; ".join(line.api_notes),
                    "; ".join(f"{d.code}: {d.message}" for d in diagnostics),
                    written.get(line.number, ""),
                )
            )
    for target, numbers in stored.not_searched().items():
        for number in numbers:
            writer.writerow((run.run_id, database_info(target).name, number, "", "", "",
                             NOT_SEARCHED, "", "", "the run was interrupted", "", "", ""))
    return buffer.getvalue()


def _history_by_number(result: TargetResult, history: History | None) -> dict[int, str]:
    """Line number -> the line in the database's own search history, for
    the lines whose logged search is the one that history line writes (0:
    the final line of a run without --lines)."""
    if history is None or not history.sets:
        return {}
    rows, _ = history_rows(result, history)
    out = {row.number: row.query for row in rows if row.logged is not None and row.query}
    if not result.lines and rows and rows[-1].number in out:
        out[0] = out[rows[-1].number]
    return out


def run_to_dict(stored: StoredRun) -> dict[str, Any]:
    run = stored.run
    incomplete = incomplete_json(stored)
    # An interrupted run says so before anything else.
    data: dict[str, Any] = {"incomplete": incomplete} if incomplete else {}
    data.update(run.to_dict())
    data["complete"] = stored.complete
    data["source_text"] = run.source_text
    data["source_sha256"] = stored.source_sha256
    histories = run_histories(stored)
    for name, target in data["targets"].items():
        target["history"] = _history_json(run.targets[name], histories.get(name))
        target["database"] = database_info(name).name
        target["interface"] = interface_of(run.targets[name])
        target["date_searched"] = stored.searched_on(name)
        by_number = {line.number: line for line in run.targets[name].lines}
        for line in target["lines"]:
            meta = stored.line_meta.get((name, line["number"]))
            line["request"] = by_number[line["number"]].request
            line["fetched_at"] = meta.fetched_at if meta else None
            line["cached_from"] = meta.cached_from if meta else None
    return data


def _history_json(result: TargetResult, history: History | None) -> dict[str, Any] | None:
    """The database's own search history; ``count`` only where the logged
    count is of that very search."""
    if history is None:
        return None
    rows, differ = history_rows(result, history)
    return {
        "sets": history.sets,
        "lines": [
            {
                "number": row.number,
                "query": row.query,
                "count": row.logged.count if row.counts_this and row.logged else None,
                "same_search_as_logged": row.logged is not None,
            }
            for row in rows
        ],
        "differs_from_log": differ,
    }


def render_json(stored: StoredRun, overlap: Overlap | None = None) -> str:
    data = run_to_dict(stored)
    if overlap is not None:  # records were fetched: the PRISMA 2020 flow numbers
        from querylang.records.render import prisma_json

        data["prisma"] = prisma_json(overlap)
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


# -- SearchFiles ------------------------------------------------------------------


def searchfile(stored: StoredRun, target: str, authors: Sequence[str]) -> dict[str, Any]:
    """One database's SearchFile (search-query 0.15 format).

    ``search_string`` and ``platform`` are required by ``load_search_file``;
    ``count``, ``notes`` and the others are extra keys it keeps. The key
    ``query`` is reserved by that package and never written.
    """
    run = stored.run
    result = run.targets[target]
    info = database_info(target)
    # Without the line a note is its code and message: each said once.
    notes = list(dict.fromkeys(
        f"{d.code}: {d.message}" for d in _all_diagnostics(result, run.source_text)))
    notes += list(result.notes) + [note for _, note in _api_notes(result)]
    written = _history_by_number(result, run_histories(stored).get(target))
    incomplete = incomplete_json(stored)
    if incomplete:
        notes.insert(0, incomplete["message"])
    final = _lines_of(result)[-1]
    # A database without an API (its counts typed in) has no API string.
    entry = DATABASE_REGISTRY.get(target)
    api = entry is None or entry.runnable
    return {
        **({"incomplete": incomplete} if incomplete else {}),
        # ``search_string`` is the string that produced ``count``: for a Web
        # of Science count from the Starter API, the API query (no LA=); the
        # string to paste into the web interface is ``interface_search_string``.
        "search_string": _counted_string(final) or result.query or "",
        "interface_search_string": result.query or "",
        "api_search_string": _final_api_query(result) if api else None,
        "platform": info.platform,
        "authors": [{"name": name} for name in authors],
        "record_info": {},
        "date": {"data_entry": stored.searched_on(target)[-1]},
        "database": [info.name],
        "interface": interface_of(result),
        "count": result.count,
        "status": result.status.value,
        "notes": notes,
        "lines": [
            {
                "number": line.number,
                "search_string": _counted_string(line),
                "interface_search_string": line.query,
                "api_search_string": (line.api_query or line.query) if api else None,
                # The line as entered in the database's own search history
                # (#n kept), where it has one.
                "history_search_string": written.get(line.number),
                "count": line.count,
            }
            for line in sorted(result.lines, key=lambda item: item.number)
        ],
        "querylang": {
            "version": run.version,
            "run_id": run.run_id,
            "source": run.source_name,
            "source_sha256": stored.source_sha256,
        },
    }


def _counted_string(line: LineResult) -> str | None:
    """The string whose count ``line`` holds: the API query for a count the
    API gave, the interface string for one typed in (or none counted)."""
    if line.source in (Source.FETCHED, Source.CACHED) and line.api_query:
        return line.api_query
    return line.query


def _final_api_query(result: TargetResult) -> str:
    lines = sorted(result.lines, key=lambda item: item.number)
    final = lines[-1] if lines else None
    return (final.api_query if final and final.api_query else result.query) or ""


def searchfile_paths(stored: StoredRun, output: str) -> dict[str, Path]:
    """Where each database's SearchFile goes.

    ``output`` is a directory (it exists, or ends with ``/``): files are
    ``DIR/<strategy>-<database>.json``. Otherwise it is a prefix:
    ``PREFIX-<database>.json`` (a trailing ``.json`` is dropped first), so
    ``-o review/search`` writes ``review/search-pubmed.json`` and so on.
    """
    path = Path(output)
    if output.endswith(("/", "\\")) or path.is_dir():
        stem = Path(stored.run.source_name).stem or f"run-{stored.run.run_id}"
        if stem.startswith("<"):  # <stdin>, <query>
            stem = f"run-{stored.run.run_id}"
        prefix = path / stem
    else:
        prefix = path.with_suffix("") if path.suffix == ".json" else path
    return {
        target: prefix.parent / f"{prefix.name}-{target}.json"
        for target in ordered_targets(stored.run.targets)
    }


def write_searchfiles(stored: StoredRun, output: str, authors: Sequence[str]) -> list[Path]:
    written = []
    for target, path in searchfile_paths(stored, output).items():
        path.parent.mkdir(parents=True, exist_ok=True)
        data = searchfile(stored, target, authors)
        path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        written.append(path)
    return written
