"""Split a pasted native strategy into its searches (:class:`NativeLine`).

What a librarian pastes comes in four shapes, all read here:

* a single query, over one or several physical lines;
* a numbered history, one search per line: ``#1 ...``, ``1. ...`` or
  ``1 ...`` (the bare form only when at least two lines use it, so that a
  query starting with a number stays a query); a line that starts without
  a number continues the search above;
* the same with the hits column of PubMed's Advanced Search history (or
  Web of Science's Search History) still attached: a count and a time at
  the end of the line, separated by tabs or wide spaces;
* the history as a table with a header row: PubMed's history download
  (CSV) or the table copied from the web page (tab-separated). The header
  names the columns; the import reads "Query" (the search as typed), the
  search number ("Search", "Search number", "#", "Set") and the count
  ("Results"); the other columns ("Actions", "Details", "Search Details",
  "Sort By", "Filters", "Time") are not needed. PubMed lists the newest
  search first: the searches are put back in number order.

Each :class:`NativeLine` carries the place of its text in the whole paste;
for text that is not a verbatim slice of the paste (a CSV cell with ``""``
escapes) :class:`Split` keeps, per line, the paste offset of each
character, so that diagnostics point at the characters the user pasted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from querylang import codes
from querylang.ast import NO_SPAN, Span
from querylang.diagnostics import Diagnostic
from querylang.imports.model import NativeLine

#: IM007's hint: what an import needs.
EMPTY_HINT = ("paste the search history, one numbered search a line, or give the file "
              "that holds it")

__all__ = ["Split", "split_source", "span_at", "offset_span"]


@dataclass(frozen=True)
class Split:
    """The searches of a paste, in number order, and what was said reading it.

    ``offsets[i][k]`` is the paste offset of ``lines[i].text[k]`` (one more
    entry for the end of the text).
    """

    lines: tuple[NativeLine, ...]
    offsets: tuple[tuple[int, ...], ...]
    diagnostics: tuple[Diagnostic, ...] = field(default=())
    #: True when the paste was a numbered history (or a table of one).
    numbered: bool = False


def offset_span(source: str, start: int, end: int) -> Span:
    """The span of ``source[start:end]`` with 1-based lines and columns."""
    line = source.count("\n", 0, start) + 1
    column = start - (source.rfind("\n", 0, start) + 1) + 1
    end_line = source.count("\n", 0, end) + 1
    end_column = end - (source.rfind("\n", 0, end) + 1) + 1
    return Span(line, column, end_line, end_column, start, end)


def span_at(line: NativeLine, start: int, end: int) -> Span:
    """A reader's span for ``line.text[start:end]``, counted as if the text
    stood on one physical line at the line's place. The import maps it onto
    the paste afterwards (:func:`querylang.imports.import_strategy`), so a
    reader needs nothing but this arithmetic."""
    return Span(
        line.line,
        line.column + start,
        line.line,
        line.column + end,
        line.offset + start,
        line.offset + end,
    )


# -- numbered lines ----------------------------------------------------------------

#: ``#3``, ``3.``, ``3)`` or ``3:`` then white space; group 1 the number.
_MARKED = re.compile(r"[ \t]*(?:#[ \t]?([0-9]{1,4})[.:)]?|([0-9]{1,4})[.):])(?=[ \t])")
#: ``3`` then white space (a bare number: trusted only when lines agree).
_BARE = re.compile(r"[ \t]*([0-9]{1,4})(?=[ \t])")
#: What cannot start a search: an operator or a closing parenthesis (``#1 AND
#: #2`` is a search, not search 1 reading "AND #2").
_NOT_A_START = re.compile(r"[ \t]+(?:(?:AND|OR|NOT|NEAR|SAME)\b|\))", re.IGNORECASE)
#: The end of a line of a copied history table: count, then maybe a time.
_TIME = re.compile(r"(?:\t|[ \t]{2,}|[ \t]+(?=[0-9]{1,2}:[0-9]{2}:[0-9]{2}))"
                   r"[0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?(?:[ \t]*[AP]M)?[ \t]*$", re.IGNORECASE)
_COUNT = re.compile(r"(?:\t|[ \t]{2,})([0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)[ \t]*$")


def _number_at(text: str, start: int, bare: bool) -> tuple[int, int] | None:
    """(number, end of the marker) of a numbered line starting at ``start``."""
    match = _MARKED.match(text, start)
    number = None
    if match:
        number = int(match.group(1) or match.group(2))
    elif bare:
        match = _BARE.match(text, start)
        if match:
            number = int(match.group(1))
    if match is None or number is None or _NOT_A_START.match(text, match.end()):
        return None
    return number, match.end()


@dataclass
class _Open:
    """A search being read: its number, where its text starts and ends."""

    number: int
    start: int
    end: int
    count: int | None


def _physical_lines(source: str) -> list[tuple[int, int]]:
    """(start, end) offsets of each physical line, without its newline."""
    out: list[tuple[int, int]] = []
    start = 0
    for piece in source.split("\n"):
        out.append((start, start + len(piece)))
        start += len(piece) + 1
    return out


def _strip_columns(source: str, start: int, end: int) -> tuple[int, int | None]:
    """The end of the search text of a history line, and its count: a time
    column and a hits column at the end are not part of the search."""
    text = source[start:end]
    time = _TIME.search(text)
    if time:
        text = text[: time.start()]
    count = None
    match = _COUNT.search(text)
    if match:
        count = int(match.group(1).replace(",", ""))
        text = text[: match.start()]
    # A copied table separates its columns with tabs: the query is the last
    # column before the count (Search, Actions, Details, Query, Results, Time).
    if "\t" in text.strip("\t ") and (count is not None or time):
        text = text.rstrip()
        return start + len(text), count
    return start + len(text.rstrip()), count


def _query_cell_start(source: str, start: int, end: int) -> int:
    """In a tab-separated history row, where the query column starts."""
    text = source[start:end].rstrip()
    tab = text.rfind("\t")
    return start if tab < 0 else start + tab + 1


def _split_lines(source: str) -> Split:
    physical = [(s, e) for s, e in _physical_lines(source)]
    starts = [s + len(source[s:e]) - len(source[s:e].lstrip()) for s, e in physical]
    bare_lines = sum(1 for (s, e) in physical if _BARE.match(source, s) and _number_at(source, s, True))
    marked = any(_MARKED.match(source, s) and _number_at(source, s, False) for s, _ in physical)
    bare = not marked and bare_lines >= 2
    if not marked and not bare:
        return _single(source)
    searches: list[_Open] = []
    diagnostics: list[Diagnostic] = []
    before: list[tuple[int, int]] = []
    for (line_start, line_end), first in zip(physical, starts, strict=True):
        if first >= line_end:
            continue  # a blank line
        found = _number_at(source, line_start, bare)
        if found is None:
            if searches:  # a continuation line
                end, count = _strip_columns(source, line_start, line_end)
                searches[-1].end = max(searches[-1].end, end)
                if count is not None:
                    searches[-1].count = count
            else:
                before.append((first, line_end))
            continue
        number, marker_end = found
        end, count = _strip_columns(source, marker_end, line_end)
        text_start = marker_end
        if "\t" in source[marker_end:end].strip("\t "):
            text_start = _query_cell_start(source, marker_end, end)
        while text_start < end and source[text_start] in " \t":
            text_start += 1
        searches.append(_Open(number, text_start, end, count))
    if before:
        start, end = before[0][0], before[-1][1]
        diagnostics.append(codes.make(
            "IM001", "text before the first numbered search is not imported",
            offset_span(source, start, end),
            "delete it, or number it if it is a search",
        ))
    return _finish(source, searches, [], diagnostics)


def _single(source: str) -> Split:
    stripped = source.strip()
    if not stripped:
        return Split((), (), (codes.make("IM007", "nothing to import: the source is empty", NO_SPAN,
                                      EMPTY_HINT),))
    start = source.index(stripped[0])
    end = start + len(stripped)
    span = offset_span(source, start, end)
    line = NativeLine(None, stripped, span.line, span.column, start)
    return Split((line,), (tuple(range(start, end + 1)),))


def _finish(
    source: str,
    searches: list[_Open],
    cells: list[tuple[int, str, tuple[int, ...], int | None]],
    diagnostics: list[Diagnostic],
) -> Split:
    """NativeLines in number order, from verbatim searches and table cells
    (number, text, offsets, count)."""
    items: list[tuple[int, str, tuple[int, ...], int | None]] = list(cells)
    for search in searches:
        text = source[search.start : search.end]
        items.append((search.number, text, tuple(range(search.start, search.end + 1)),
                      search.count))
    items = [_unlabelled(source, item, diagnostics) for item in items]
    items.sort(key=lambda item: item[0])  # PubMed lists the newest first
    seen: dict[int, int] = {}
    lines: list[NativeLine] = []
    offsets: list[tuple[int, ...]] = []
    for number, text, where, count in items:
        span = offset_span(source, where[0], where[-1])
        if number in seen:
            diagnostics.append(codes.make(
                "IM002", f"search #{number} appears twice",
                span, "number each search once",
            ))
            continue
        seen[number] = len(lines)
        lines.append(NativeLine(number, text, span.line, span.column, where[0], count))
        offsets.append(where)
    if not lines and not diagnostics:
        diagnostics.append(codes.make("IM007", "nothing to import: no search in the paste",
                                      NO_SPAN, EMPTY_HINT))
    return Split(tuple(lines), tuple(offsets), tuple(diagnostics), numbered=True)


#: PubMed's history table shows the query as "Search: asthma[mh] Filters:
#: English, from 2013 - 2023 Sort by: Most Recent" (labels in any case).
_SEARCH_LABEL = re.compile(r"search:\s*", re.IGNORECASE)
_AFTER_QUERY = re.compile(r"\s+(filters?|sort by):\s*", re.IGNORECASE)


def _unlabelled(
    source: str,
    item: tuple[int, str, tuple[int, ...], int | None],
    diagnostics: list[Diagnostic],
) -> tuple[int, str, tuple[int, ...], int | None]:
    """A history row without the labels PubMed's table puts around the query;
    the filters it names (applied outside the query, so not in the text) are
    said, never dropped silently."""
    number, text, where, count = item
    label = _SEARCH_LABEL.match(text)
    if label is None:
        return item
    end = len(text)
    after = _AFTER_QUERY.search(text, label.end())
    if after is not None:
        end = after.start()
        filters = re.search(r"filters?:\s*(.*?)\s*(?:sort by:.*)?$", text[after.start():],
                            re.IGNORECASE | re.DOTALL)
        if filters and filters.group(1):
            start = after.start() + filters.start(1)
            stop = after.start() + filters.end(1)
            diagnostics.append(codes.make(
                "IM010", f"search #{number} was run with PubMed filters that are not part of "
                f"its query: {text[start:stop]}", offset_span(source, where[start], where[stop]),
                "write each filter into the query as a search (2013:2023[dp], english[la], "
                'randomized controlled trial[pt]) so that it is imported',
            ))
    return number, text[label.end() : end], where[label.end() : end + 1], count


# -- tables with a header row -------------------------------------------------------

_QUERY_HEADERS = ("query", "search query", "search string", "search terms")
_NUMBER_HEADERS = ("search", "search number", "search #", "#", "set", "no.", "number", "id")
_COUNT_HEADERS = ("results", "result", "hits", "count", "items found", "records")
_FILTER_HEADERS = ("filters", "filter", "filters applied")


def _cells(source: str, start: int, delimiter: str) -> list[tuple[list[tuple[str, tuple[int, ...]]], int]]:
    """Rows of a CSV/TSV text from ``start``: each cell's text and the paste
    offset of each of its characters (plus its end); and the row's offset.
    Quoted cells may hold the delimiter, ``""`` and newlines (RFC 4180)."""
    rows: list[tuple[list[tuple[str, tuple[int, ...]]], int]] = []
    row: list[tuple[str, tuple[int, ...]]] = []
    chars: list[str] = []
    where: list[int] = []
    i, n = start, len(source)
    row_start = start
    quoted = False
    cell_start = True
    while i < n:
        char = source[i]
        if quoted:
            if char == '"':
                if i + 1 < n and source[i + 1] == '"':
                    chars.append('"')
                    where.append(i)
                    i += 2
                    continue
                quoted = False
                i += 1
                continue
            chars.append(char)
            where.append(i)
            i += 1
            continue
        if char == '"' and cell_start:
            quoted = True
            cell_start = False
            i += 1
            continue
        if char == delimiter or char == "\n":
            row.append(("".join(chars), tuple(where) + ((where[-1] + 1) if where else i,)))
            chars, where = [], []
            cell_start = True
            i += 1
            if char == "\n":
                rows.append((row, row_start))
                row, row_start = [], i
            continue
        chars.append(char)
        where.append(i)
        cell_start = False
        i += 1
    if chars or row:
        row.append(("".join(chars), tuple(where) + ((where[-1] + 1) if where else i,)))
        rows.append((row, row_start))
    return rows


def _header(source: str) -> tuple[int, str, list[str]] | None:
    """(offset, delimiter, lower-cased column names) of a table header row
    that names a query column, or None."""
    offset = 0
    for line in source.split("\n"):
        if line.strip():
            delimiter = "\t" if "\t" in line else ","
            names = [name.strip().strip('"').strip().lower() for name in line.split(delimiter)]
            if len(names) >= 2 and any(name in _QUERY_HEADERS for name in names):
                return offset, delimiter, names
            return None
        offset += len(line) + 1
    return None


def _column(names: list[str], wanted: tuple[str, ...]) -> int | None:
    for want in wanted:
        if want in names:
            return names.index(want)
    return None


def _split_table(source: str, offset: int, delimiter: str, names: list[str]) -> Split:
    query_at = _column(names, _QUERY_HEADERS)
    number_at = _column(names, _NUMBER_HEADERS)
    count_at = _column(names, _COUNT_HEADERS)
    filters_at = _column(names, _FILTER_HEADERS)
    assert query_at is not None
    rows = _cells(source, offset, delimiter)[1:]
    cells: list[tuple[int, str, tuple[int, ...], int | None]] = []
    diagnostics: list[Diagnostic] = []
    position = 0
    for row, _ in rows:
        if query_at >= len(row) or not row[query_at][0].strip():
            continue
        position += 1
        text, where = row[query_at]
        lead = len(text) - len(text.lstrip())
        trail = len(text.rstrip())
        text, where = text[lead:trail], where[lead : trail + 1]
        if len(where) < len(text) + 1:
            where = where + (where[-1] + 1,)
        number = position
        if number_at is not None and number_at < len(row):
            digits = re.sub(r"[^0-9]", "", row[number_at][0])
            if digits:
                number = int(digits)
        count = None
        if count_at is not None and count_at < len(row):
            digits = row[count_at][0].strip().replace(",", "")
            if digits.isdigit():
                count = int(digits)
        if filters_at is not None and filters_at < len(row) and row[filters_at][0].strip():
            # PubMed's download keeps the sidebar filters in their own column:
            # applied outside the query, so said, never dropped silently
            filters, at = row[filters_at]
            diagnostics.append(codes.make(
                "IM010", f"search #{number} was run with PubMed filters that are not part of "
                f"its query: {filters.strip()}", offset_span(source, at[0], at[-1]),
                "write each filter into the query as a search (2013:2023[dp], english[la], "
                'randomized controlled trial[pt]) so that it is imported',
            ))
        cells.append((number, text, where, count))
    return _finish(source, [], cells, diagnostics)


def split_source(source: str) -> Split:
    """The searches of ``source`` (see the module's docstring for the shapes)."""
    source = source.replace("\r\n", "\n").replace("\r", "\n")
    header = _header(source)
    if header is not None:
        return _split_table(source, *header)
    return _split_lines(source)
