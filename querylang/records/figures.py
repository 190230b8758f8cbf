"""Pictures of the records: the PRISMA 2020 flow's identification part and
an UpSet-style overlap chart, each a standalone SVG (issue 13 item 6).

The flow follows the boxes and wording of the PRISMA 2020 flow diagram
template "for new systematic reviews which included searches of databases
and registers only" (Page et al., BMJ 2021;372:n71): "Records identified
from*: Databases (n = )", per database as the template's footnote asks;
"Records removed before screening: Duplicate records removed (n = )";
"Records screened (n = )". Registers are not drawn: querylang searches
none. Records a database counted but querylang did not fetch (a capped or
interrupted fetch) are "Records removed for other reasons", so that the
numbers add up: identified - removed = screened. A database without an API
(its count typed in) is identified from its count, never "removed": its
records come from the interface's export, which querylang does not
deduplicate (``from_export``).

Text widths are estimated from Helvetica's metrics (Arial and Liberation
Sans have the same), so boxes fit their text without a browser.
"""

from __future__ import annotations

from dataclasses import dataclass
from xml.sax.saxutils import escape

from querylang.records.overlap import Overlap

__all__ = ["PrismaNumbers", "prisma_numbers", "prisma_svg", "overlap_svg", "text_width"]

FONT = "Helvetica, Arial, 'Liberation Sans', sans-serif"
# Helvetica advance widths per 1000 units of font size (Adobe AFM), ASCII only
_WIDTHS = dict(
    zip(
        " !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`"
        "abcdefghijklmnopqrstuvwxyz{|}~",
        (
            278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278,
            556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556,
            1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778,
            667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556,
            333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556,
            556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,
        ),
        strict=True,
    )
)
_WIDTHS["\u00a0"] = _WIDTHS[" "]  # a space no line breaks at: "(n = 12)" stays whole
_BOLD_FACTOR = 1.08
_WIDE = 1000  # a character outside the table: counted as wide as an M or more


def text_width(text: str, size: float, bold: bool = False) -> float:
    """Estimated width of ``text`` in pixels at font ``size``."""
    units = sum(_WIDTHS.get(ch, _WIDE) for ch in text)
    return units * size / 1000 * (_BOLD_FACTOR if bold else 1.0)


def wrap(text: str, size: float, width: float, bold: bool = False) -> list[str]:
    """``text`` in lines no wider than ``width`` (a word longer than that
    is cut)."""
    lines: list[str] = []
    current = ""
    for word in text.split(" "):
        if not word:
            continue
        candidate = f"{current} {word}" if current else word
        if text_width(candidate, size, bold) <= width:
            current = candidate
            continue
        if current:
            lines.append(current)
        while text_width(word, size, bold) > width:
            cut = len(word)
            while cut > 1 and text_width(word[:cut], size, bold) > width:
                cut -= 1
            lines.append(word[:cut])
            word = word[cut:]
        current = word
    if current:
        lines.append(current)
    return lines or [""]


def _n(value: int) -> str:
    return f"{value:,}"


# -- the numbers ---------------------------------------------------------------------


@dataclass(frozen=True)
class PrismaNumbers:
    """The identification part of the PRISMA 2020 flow."""

    #: (database display name, records identified) in the usual order
    identified: tuple[tuple[str, int], ...]
    duplicates_removed: int
    #: records counted by a database but not fetched (capped or interrupted)
    not_fetched: int
    screened: int
    #: records counted in the interface of a database without an API (its
    #: count typed in): they come from its export, not deduplicated here
    from_export: int = 0

    @property
    def total_identified(self) -> int:
        return sum(n for _, n in self.identified)


def prisma_numbers(overlap: Overlap) -> PrismaNumbers:
    """Identified per database: the records fetched when the fetch is
    complete (the answer the deduplication saw), else the count the run
    logged; the difference is 'removed for other reasons'."""
    from querylang.report import database_info

    identified = []
    not_fetched = from_export = 0
    for database in overlap.databases:
        number = database.fetched
        if not database.complete:
            number = max(database.count or 0, database.fetched)
            if typed_in(database.name):
                from_export += number - database.fetched
            else:
                not_fetched += number - database.fetched
        identified.append((database_info(database.name).name, number))
    return PrismaNumbers(
        tuple(identified), overlap.duplicates_removed, not_fetched, overlap.unique_records,
        from_export,
    )


def typed_in(database: str) -> bool:
    """A database without an API: its count is typed in, its records are
    never fetched by querylang (they come from the interface's export)."""
    from querylang.databases import REGISTRY

    entry = REGISTRY.get(database)
    return entry is not None and not entry.runnable


# -- SVG pieces ------------------------------------------------------------------------------

_SIZE = 14.0
_SMALL = 11.0
_LINE = 19.0
_PAD = 12.0
_STROKE = "#1f1f1f"
_HEADER_FILL = "#ffd966"
_BAND_FILL = "#bdd7ee"


@dataclass(frozen=True)
class _Line:
    text: str
    bold: bool = False
    indent: float = 0.0


def _text(x: float, y: float, text: str, size: float = _SIZE, *, bold: bool = False,
          anchor: str = "start", extra: str = "") -> str:
    weight = ' font-weight="bold"' if bold else ""
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size:g}"{weight} '
        f'text-anchor="{anchor}"{extra}>{escape(text)}</text>'
    )


def _box(
    x: float, y: float, width: float, lines: list[_Line], min_height: float = 0.0
) -> tuple[list[str], float]:
    text_height = _LINE * len(lines) - (_LINE - _SIZE)
    height = max(2 * _PAD + text_height, min_height)
    top = y + (height - text_height) / 2  # text centred in a box taller than it
    out = [
        f'<rect x="{x:.1f}" y="{y:.1f}" width="{width:.1f}" height="{height:.1f}" '
        f'fill="#ffffff" stroke="{_STROKE}" stroke-width="1.2"/>'
    ]
    for number, line in enumerate(lines):
        baseline = top + _SIZE * 0.85 + number * _LINE
        out.append(_text(x + _PAD + line.indent, baseline, line.text, bold=line.bold))
    return out, height


def _lines_width(lines: list[_Line]) -> float:
    return max(text_width(line.text, _SIZE, line.bold) + line.indent for line in lines)


def _svg(width: float, height: float, body: list[str], title: str) -> str:
    return "\n".join([
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0f}" height="{height:.0f}" '
        f'viewBox="0 0 {width:.0f} {height:.0f}" font-family="{FONT}" fill="{_STROKE}">',
        f"<title>{escape(title)}</title>",
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="8" '
        'markerHeight="8" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" '
        f'fill="{_STROKE}"/></marker></defs>',
        f'<rect width="{width:.0f}" height="{height:.0f}" fill="#ffffff"/>',
        *body,
        "</svg>",
        "",
    ])


def _arrow(x1: float, y1: float, x2: float, y2: float) -> str:
    return (
        f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke="{_STROKE}" '
        'stroke-width="1.4" marker-end="url(#arrow)"/>'
    )


def _band(x: float, y: float, height: float, label: str) -> list[str]:
    """A side band with its label written bottom to top."""
    width = 30.0
    centre_x, centre_y = x + width / 2, y + height / 2
    return [
        f'<rect x="{x:.1f}" y="{y:.1f}" width="{width:.1f}" height="{height:.1f}" rx="6" '
        f'fill="{_BAND_FILL}" stroke="{_STROKE}" stroke-width="1"/>',
        _text(centre_x, centre_y, label, bold=True, anchor="middle",
              extra=f' dominant-baseline="middle" transform="rotate(-90 {centre_x:.1f} '
              f'{centre_y:.1f})"'),
    ]


# -- the PRISMA flow ------------------------------------------------------------------------

_NAME_WIDTH = 300.0  # a database name wider than this wraps
_FOOTNOTE_WIDTH = 620.0


def prisma_svg(numbers: PrismaNumbers, caption: str | None = None) -> str:
    """The identification part of the PRISMA 2020 flow as an SVG."""
    left: list[_Line] = [
        _Line("Records identified from*:", bold=True),
        _Line(f"Databases (n = {_n(numbers.total_identified)})"),
    ]
    for name, number in numbers.identified:
        whole = f"(n = {_n(number)})".replace(" ", "\u00a0")
        wrapped = wrap(f"{name} {whole}", _SIZE, _NAME_WIDTH)
        left.append(_Line(wrapped[0], indent=14))
        left += [_Line(rest, indent=26) for rest in wrapped[1:]]
    right: list[_Line] = [
        _Line("Records removed before screening:", bold=True),
        _Line(f"Duplicate records removed (n = {_n(numbers.duplicates_removed)})"),
    ]
    if numbers.not_fetched:
        right.append(_Line(f"Records removed for other reasons (n = {_n(numbers.not_fetched)}):"))
        right.append(_Line("counted by the database, not fetched", indent=14))
    if numbers.from_export:
        right.append(_Line(f"Records not deduplicated here (n = {_n(numbers.from_export)}):"))
        right.append(_Line("counted in the interface (no API): its records", indent=14))
        right.append(_Line("come from the interface's export", indent=14))
    screened = [_Line("Records screened"), _Line(f"(n = {_n(numbers.screened)})")]

    margin, band, gap, arrow_gap = 20.0, 30.0, 14.0, 70.0
    left_x = margin + band + gap
    left_width = max(_lines_width(left), _lines_width(screened)) + 2 * _PAD
    right_x = left_x + left_width + arrow_gap
    right_width = _lines_width(right) + 2 * _PAD
    width = right_x + right_width + margin

    header_y, header_height = margin, 34.0
    body: list[str] = [
        f'<rect x="{left_x:.1f}" y="{header_y:.1f}" width="{width - margin - left_x:.1f}" '
        f'height="{header_height:.1f}" rx="8" fill="{_HEADER_FILL}" stroke="{_STROKE}" '
        'stroke-width="1"/>',
        _text((left_x + width - margin) / 2, header_y + header_height / 2 + _SIZE * 0.35,
              "Identification of studies via databases and registers", bold=True,
              anchor="middle"),
    ]
    top = header_y + header_height + 18
    band_label = text_width("Identification", _SIZE, True) + 20
    left_box, left_height = _box(left_x, top, left_width, left, band_label)
    right_box, right_height = _box(right_x, top, right_width, right)
    ident_height = max(left_height, right_height)
    body += left_box + right_box
    middle = top + min(left_height, right_height) / 2
    body.append(_arrow(left_x + left_width, middle, right_x, middle))

    screen_top = top + ident_height + 46
    band_label = text_width("Screening", _SIZE, True) + 20  # the band's label fits
    screen_box, screen_height = _box(left_x, screen_top, left_width, screened, band_label)
    body += screen_box
    body.append(_arrow(left_x + left_width / 2, top + left_height, left_x + left_width / 2,
                       screen_top))
    body += _band(margin, top, ident_height, "Identification")
    body += _band(margin, screen_top, screen_height, "Screening")

    notes = [
        "*Records identified from each database searched, as the PRISMA 2020 template "
        "asks where feasible.",
        "From: Page MJ, McKenzie JE, Bossuyt PM, et al. The PRISMA 2020 statement: an "
        "updated guideline for reporting systematic reviews. BMJ 2021;372:n71. "
        "doi: 10.1136/bmj.n71",
    ]
    if caption:
        notes.append(caption)
    note_width = max(width - 2 * margin, _FOOTNOTE_WIDTH)
    width = max(width, note_width + 2 * margin)
    y = screen_top + screen_height + 30
    for note in notes:
        for line in wrap(note, _SMALL, note_width):
            body.append(_text(margin, y, line, _SMALL))
            y += _SMALL * 1.45
        y += 4
    return _svg(width, y + margin - 8, body, "PRISMA 2020 flow diagram: identification")


# -- the overlap chart -----------------------------------------------------------------------

#: intersections drawn at most; the rest are summed in a note
MAX_COLUMNS = 40
_ROW = 26.0
_DOT = 7.0
_BAR_AREA = 170.0
_SET_BAR = 120.0
_ON = "#1f1f1f"
_OFF = "#d0d0d0"
_BAR = "#3b6ea5"


def overlap_svg(overlap: Overlap, caption: str | None = None) -> str:
    """An UpSet-style chart: one column per combination of databases (the
    deduplicated records found in exactly those databases), bars on top,
    dots below; each database's total on the left."""
    from querylang.report import database_info

    names = [db.name for db in overlap.databases]
    labels = [database_info(name).name for name in names]
    columns = sorted(overlap.combinations.items(), key=lambda item: (-item[1], len(item[0])))
    hidden = columns[MAX_COLUMNS:]
    columns = columns[:MAX_COLUMNS]
    biggest = max((n for _, n in columns), default=0)
    column = max(
        [30.0, *(text_width(_n(n), _SMALL) + 8 for _, n in columns)]
    )
    label_width = max([text_width(label, _SIZE) for label in labels] + [60.0])
    margin = 20.0
    set_sizes = [db.unique for db in overlap.databases]
    largest_set = max(set_sizes, default=0)
    set_numbers = max([text_width(_n(n), _SMALL) for n in set_sizes] + [0.0])
    matrix_x = margin + set_numbers + 6 + _SET_BAR + 10 + label_width + 14
    title = "Overlap of the deduplicated records"
    if overlap.run is not None:
        title += f" (run {overlap.run}" + (
            f", line {overlap.line})" if overlap.line is not None else ")")
    width = max(matrix_x + column * max(len(columns), 1) + margin,
                text_width(title, _SIZE, True) + 2 * margin, 420.0)
    bars_top = margin + 34
    matrix_top = bars_top + _BAR_AREA + 12
    body: list[str] = [_text(margin, margin + _SIZE, title, bold=True)]
    # intersection bars with their numbers
    for index, (combo, number) in enumerate(columns):
        x = matrix_x + index * column
        height = _BAR_AREA * number / biggest if biggest else 0
        body.append(
            f'<rect x="{x + column * 0.2:.1f}" y="{bars_top + _BAR_AREA - height:.1f}" '
            f'width="{column * 0.6:.1f}" height="{height:.1f}" fill="{_BAR}">'
            f"<title>{escape(' and '.join(database_info(n).name for n in combo))}: "
            f"{_n(number)}</title></rect>"
        )
        body.append(_text(x + column / 2, bars_top + _BAR_AREA - height - 4, _n(number),
                          _SMALL, anchor="middle"))
    body.append(
        f'<line x1="{matrix_x:.1f}" y1="{bars_top + _BAR_AREA:.1f}" '
        f'x2="{matrix_x + column * len(columns):.1f}" y2="{bars_top + _BAR_AREA:.1f}" '
        f'stroke="{_STROKE}" stroke-width="1"/>'
    )
    body.append(_text(matrix_x - 14, bars_top + 12, "Records found in exactly",
                      _SMALL, anchor="end"))
    body.append(_text(matrix_x - 14, bars_top + 12 + _SMALL * 1.4,
                      "these databases", _SMALL, anchor="end"))
    # rows: stripes, database totals and names
    for row, (label, size) in enumerate(zip(labels, set_sizes, strict=True)):
        centre = matrix_top + row * _ROW + _ROW / 2
        if row % 2 == 0:
            body.append(
                f'<rect x="{matrix_x:.1f}" y="{centre - _ROW / 2:.1f}" '
                f'width="{column * len(columns):.1f}" height="{_ROW:.1f}" fill="#f3f3f3"/>'
            )
        bar = _SET_BAR * size / largest_set if largest_set else 0
        bar_right = margin + set_numbers + 6 + _SET_BAR
        body.append(
            f'<rect x="{bar_right - bar:.1f}" y="{centre - 7:.1f}" width="{bar:.1f}" '
            f'height="14" fill="{_BAR}"/>'
        )
        body.append(_text(bar_right - bar - 4, centre + 4, _n(size), _SMALL, anchor="end"))
        body.append(_text(bar_right + 10, centre + 5, label))
    # grey dots, then the connectors, then the black dots over them
    for on in (False, True):
        for row, name in enumerate(names):
            centre = matrix_top + row * _ROW + _ROW / 2
            for index, (combo, _) in enumerate(columns):
                if (name in combo) is on:
                    x = matrix_x + index * column + column / 2
                    body.append(f'<circle cx="{x:.1f}" cy="{centre:.1f}" r="{_DOT:.1f}" '
                                f'fill="{_ON if on else _OFF}"/>')
        if on:
            continue
        for index, (combo, _) in enumerate(columns):
            rows = [names.index(n) for n in combo]
            if len(rows) > 1:
                x = matrix_x + index * column + column / 2
                y1 = matrix_top + min(rows) * _ROW + _ROW / 2
                y2 = matrix_top + max(rows) * _ROW + _ROW / 2
                body.append(f'<line x1="{x:.1f}" y1="{y1:.1f}" x2="{x:.1f}" y2="{y2:.1f}" '
                            f'stroke="{_ON}" stroke-width="2.5"/>')
    y = matrix_top + len(names) * _ROW + 12
    body.append(_text(margin, y + _SMALL, "Records per database (deduplicated)", _SMALL))
    y += _SMALL * 1.45 + 8
    notes = [
        f"{_n(overlap.records_fetched)} records fetched, {_n(overlap.duplicates_removed)} "
        f"duplicates removed: {_n(overlap.unique_records)} unique records."
    ]
    if hidden:
        notes.append(
            f"{len(hidden)} more combinations with {_n(sum(n for _, n in hidden))} records "
            "are not drawn."
        )
    if not overlap.complete:
        notes.append("Incomplete fetch: the numbers count the records fetched.")
    if caption:
        notes.append(caption)
    for note in notes:
        for line in wrap(note, _SMALL, width - 2 * margin):
            body.append(_text(margin, y + _SMALL, line, _SMALL))
            y += _SMALL * 1.45
    return _svg(width, y + margin, body, title)
