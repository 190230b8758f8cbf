"""CINAHL on EBSCOhost: the strategy as EBSCOhost's Advanced Search writes it.

Sources (docs/db-ebsco-cinahl.md has the list): EBSCO Help, "Wildcard and
Truncation Symbols" (``?`` one character, ``#`` zero or one, ``*`` any
ending, none as the first character) and "Wildcard Searches in EDS"
(trailing ``?`` stripped); EBSCO's proximity operators ``Nn`` (any order) and
``Wn`` (in order), "N5 finds the words if they are a maximum of five words
apart"; the CINAHL Headings help (explode, major concept).

Differences from the base:
- field codes before the term, once for a group: ``TI (asthma OR wheez*)``;
  title or abstract is ``(TI x OR AB x)``;
- a MeSH heading is written as a CINAHL heading (``(MH "Asthma+")`` exploded,
  ``(MH "Asthma")`` alone, ``(MM "Asthma+")`` major) and always said (EB101):
  the name must be checked in CINAHL Subject Headings;
- ``NEAR/n`` is ``Nn`` (the same count); ``$`` is ``#`` (the same meaning);
- the search history combines lines as ``S1 AND S2``;
- language as the field ``LA``; years are the Published Date limiter (a note
  per line, EB401), not the string.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import ClassVar

from querylang.ast import (
    DOLLAR_WILDCARD,
    LangGroup,
    LangLimit,
    Near,
    Node,
    Phrase,
    Span,
    Word,
    YearLimit,
)
from querylang.fields import MESH_FIELDS
from querylang.languages import display_name
from querylang.targets.base import FieldMap, line_year_limits, years_in_words
from querylang.targets.grouped import GroupedTarget
from querylang.thesauri import likely_heading

__all__ = ["EbscoCinahl"]

#: The DOI's tag: written TX (All Text) like all:, but a tag of its own, so
#: that a DOI is never altered (a DOI holding brackets is refused, CP106).
_DOI_IN_TX = "TX (DOI)"

_SUBJECT = "EBSCOhost's SU searches subject headings as well as keywords: {field}: finds more"

FIELDS: dict[str, FieldMap] = {
    "ti": FieldMap(("TI",)),
    "ab": FieldMap(("AB",)),
    "tiab": FieldMap(("TI", "AB")),
    "kw": FieldMap(("SU",), "EB111", _SUBJECT, "write tiab: if headings must be left out"),
    "topic": FieldMap(("TI", "AB", "SU"), "EB111", _SUBJECT,
                      "write tiab: if headings must be left out"),
    "all": FieldMap(
        ("TX",), "EB112", "all: is searched as TX (All Text), which also searches the full "
        "text where CINAHL has it: broader", "use topic: (TI, AB, SU) for the record's own fields",
    ),
    "au": FieldMap(("AU",)),
    "so": FieldMap(("SO",)),
    "issn": FieldMap(("IS",)),
    "doi": FieldMap(
        (_DOI_IN_TX,), "EB114", "no DOI field code is documented for CINAHL: the DOI is searched in "
        "TX (All Text)", "if it finds nothing, search the record by its title (ti:)",
    ),
    # Written term by term (EbscoCinahl.term).
    "mesh": FieldMap(("MH",)),
    "mesh-noexp": FieldMap(("MH",)),
    "mesh-major": FieldMap(("MM",)),
    "tw": FieldMap(
        ("TI", "AB", "SU"), "EB113", "CINAHL has no text-word field: tw: is searched in TI, AB "
        "and SU (title, abstract, subjects)", "write topic: to say what CINAHL searches",
    ),
    "pt": FieldMap(
        ("PT",), "EB115", "pt: is written as CINAHL's publication type (PT): CINAHL's names "
        "differ from PubMed's in places", "check the name among CINAHL's publication types",
    ),
    "sh": FieldMap(
        ("SU",), "EB116", "CINAHL's subheadings are not searched by name in a field code: sh: is "
        "searched as words in SU (a different search)",
        "choose the subheading in CINAHL Headings by hand, or name the idea in words",
    ),
}

#: Field codes a word could be read as at the start of a term.
_FIELD_CODES = frozenset({
    "ti", "ab", "su", "au", "so", "mh", "mm", "tx", "la", "pt", "is", "dt", "kw", "mw", "ib",
})
#: A ? ending a word: EBSCO strips it (EDS help: "Trailing question marks (?)
#: will be automatically stripped").
_TRAILING_QUESTION = re.compile(r"(?<=\w)\?+(?=\s|$)")


class EbscoCinahl(GroupedTarget):
    name = "ebsco-cinahl"
    title = "CINAHL (EBSCOhost)"
    fields: ClassVar[dict[str, FieldMap]] = FIELDS
    #: Operators, proximity operators (N0..N99, W0..W99) and field codes: a
    #: term spelled like one is quoted, so that EBSCOhost reads it as a term.
    operators = frozenset({"and", "or", "not", *_FIELD_CODES,
                           *(f"{op}{n}" for op in "nw" for n in range(100))})
    #: Brackets group; # is a wildcard (zero or one character) and is written
    #: by querylang for $ only.
    reserved = "()[]{}#"
    doi_tags = frozenset({_DOI_IN_TX})
    #: EBSCOhost numbers its search history S1, S2 and combines them so.
    set_reference = "S{n}"
    subheading_code = "EB103"

    def __init__(
        self, *, strict: bool = False, keep_wildcards: frozenset[str] | None = None,
        search_lines: Mapping[int, int] | None = None,
    ) -> None:
        super().__init__(strict=strict, keep_wildcards=keep_wildcards, search_lines=search_lines)
        self._top_years: set[int] = set()

    def tag(self, text: str, tag: str) -> str:
        return f"{_code_of(tag)} {text}"

    def group(self, text: str, tag: str) -> str:
        return f"{_code_of(tag)} ({text})"

    def needs_quotes(self, word: str) -> bool:
        # The # querylang writes for $ is a wildcard, like * and ?: no quotes.
        return super().needs_quotes(word.replace("#", ""))

    def render(self, expr: Node) -> str | None:
        """The string, and for years on the whole line a note to set the
        Published Date limiter (EB401)."""
        years = line_year_limits(expr)
        self._top_years = {id(y) for y in years}
        query = super().render(expr)
        if years:
            start = max((y.start for y in years if y.start is not None), default=None)
            end = min((y.end for y in years if y.end is not None), default=None)
            shown = years_in_words(start, end)
            note = (f"Published Date limiter of this search (Limit your results): {shown}; "
                    "the years are not part of the string.")
            if note not in self.notes:
                self.notes.append(note)
            self.diag(
                "EB401", f"the years ({shown}) go to EBSCOhost's Published Date limiter, not "
                "into the string", years[0].span, "set the limiter by hand (see the note)",
            )
        return query

    # -- terms -------------------------------------------------------------------------------

    def term(self, node: Word | Phrase, field: str, origin: Span | None) -> tuple[str, bool] | None:
        if field in MESH_FIELDS:
            return self._heading(node, field), True
        return super().term(node, field, origin)

    def _heading(self, node: Word | Phrase, field: str) -> str:
        """A MeSH heading as a CINAHL heading, always said (EB101)."""
        heading = self.controlled_value(node, field).text
        likely = likely_heading(heading, "cinahl")
        name = " ".join((likely or heading).replace('"', " ").replace("+", " ")
                        .translate(_BRACKETS).split())
        code = "MM" if field == "mesh-major" else "MH"
        plus = "" if field == "mesh-noexp" else "+"
        written = f'({code} "{name}{plus}")'
        if likely is not None:
            said = (f"{field}:\"{heading}\" is a MeSH heading; CINAHL likely names it "
                    f"\"{likely}\": written as {written}")
        else:
            said = (f"{field}:\"{heading}\" is a MeSH heading, written as the CINAHL heading "
                    f"{written}: CINAHL Subject Headings follow MeSH but name some concepts "
                    "otherwise")
        self.diag(
            "EB101", f"{said}; check the name in CINAHL Subject Headings (not equivalent)",
            node.span, "look the heading up in CINAHL Headings and use its preferred term",
        )
        return written

    def wildcards(self, text: str, node: Word | Phrase, tags: tuple[str, ...]) -> str | None:
        # EBSCO Help: # finds zero or one character (colo#r: color, colour),
        # the portable $ exactly.
        text = DOLLAR_WILDCARD.sub("#", text)
        if _TRAILING_QUESTION.search(text):
            shown = f'"{node.text}"' if isinstance(node, Phrase) else node.text
            self.diag(
                "EB202", f"EBSCOhost strips a ? that ends a word: {shown} is searched with * "
                "(any number of characters: broader)", node.span,
                "write the word's variants out, ORed, to keep the meaning",
            )
            text = _TRAILING_QUESTION.sub("*", text)
        return text

    # -- proximity ------------------------------------------------------------------------------

    def proximity(self, node: Near, field: str, origin: Span | None) -> tuple[str, bool] | None:
        left = self.operand(node.left, field, origin)
        right = self.operand(node.right, field, origin)
        if left is None or right is None:
            return self.join("AND", [left, right])
        # EBSCO: Nn, within n words, in any order (the portable count).
        return f"{left} N{node.distance} {right}", False

    # -- limits ------------------------------------------------------------------------------------

    def year(self, node: YearLimit) -> tuple[str, bool] | None:
        if id(node) not in self._top_years:
            self.diag(
                "EB402", f"{node.raw or 'the year limit'} sits inside an OR or on the right of "
                "NOT and cannot be EBSCOhost's Published Date limiter: left out",
                node.span, "put the year limit on the last line, ANDed at the top",
            )
        return None

    def lang(self, node: LangLimit | LangGroup) -> tuple[str, bool]:
        names = [display_name(name) for name in node.languages]
        if len(names) == 1:
            return f"LA {names[0]}", True
        return f"LA ({' OR '.join(names)})", True


_BRACKETS = {ord(c): " " for c in "()[]{}#"}


def _code_of(tag: str) -> str:
    """The field code written for ``tag`` (the DOI's tag is TX)."""
    return "TX" if tag == _DOI_IN_TX else tag
