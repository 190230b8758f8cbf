"""The Cochrane Library: the strategy as its Search Manager writes it.

Sources (docs/db-cochrane.md has the list): the Cochrane Library's "Search
manager help" (cochranelibrary.com/search-manager-help), its Search tab
help ("Phrase search does NOT support the use of wildcards ... If using
wildcards, use NEXT operator": ``hearing NEXT aid*``) and the Cochrane
Handbook 5.1, 6.4.8 (NEAR, NEXT).

Differences from the base:
- fields as a suffix, once for a group: ``(asthma OR wheez*):ti,ab,kw``;
- MeSH is Cochrane's own vocabulary (CENTRAL's MEDLINE records carry it):
  ``[mh "Asthma"]`` exploded, ``[mh ^"Asthma"]`` this heading only;
- a phrase with a wildcard becomes a NEXT chain (CO202);
- ``NEAR/n`` is written ``NEAR/n+1``, which finds at least as much whichever
  way the Library counts the distance (CO301);
- years are a Search Manager limit (a note per line, CO401), not the string;
  there is no language limit (CO403).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

from querylang.ast import LangGroup, LangLimit, Near, Node, Phrase, Span, Word, YearLimit
from querylang.fields import MESH_FIELDS
from querylang.targets.base import FieldMap, line_year_limits, years_in_words
from querylang.targets.grouped import GroupedTarget

__all__ = ["Cochrane"]

_KEYWORDS = FieldMap(
    ("ti,ab,kw",), "CO111", "the Cochrane Library's keyword field (kw) also holds the index "
    "terms of CENTRAL's records (MeSH, Emtree): {field}: finds a little more",
    "write tiab: (:ti,ab) to leave the index terms out",
)

FIELDS: dict[str, FieldMap] = {
    "ti": FieldMap(("ti",)),
    "ab": FieldMap(("ab",)),
    "tiab": FieldMap(("ti,ab",)),
    "kw": FieldMap(("kw",), _KEYWORDS.code, _KEYWORDS.message, "write the keywords in tiab: "
                   "if index terms must be left out"),
    "topic": _KEYWORDS,
    # A term without a field label searches all text in the Search Manager.
    "all": FieldMap(("",)),
    "au": FieldMap(("au",)),
    "so": FieldMap(("so",)),
    "doi": FieldMap(
        ("doi",), "CO105", "the Cochrane Library's DOI field label (:doi) is unconfirmed",
        "if the Library refuses it, search the record by its title (ti:)",
    ),
    # Written term by term (Cochrane.term).
    "mesh": FieldMap(("mh",)),
    "mesh-noexp": FieldMap(("mh",)),
    "mesh-major": FieldMap(
        ("mh",), "CO102", "the Cochrane Library cannot restrict a MeSH heading to a major "
        "topic: {field}: is searched as [mh \"...\"] (every record indexed with it: broader)",
        "add a title word for the concept if the heading alone finds too much",
    ),
    "tw": FieldMap(
        ("ti,ab,kw",), "CO112", "the Cochrane Library has no text-word field: tw: is searched "
        "in :ti,ab,kw (title, abstract, keywords and index terms)",
        "write topic: to say what the Cochrane Library searches",
    ),
    "pt": FieldMap(("pt",)),
    "sh": FieldMap(
        ("ti,ab,kw",), "CO104", "the Cochrane Library's typed syntax has no MeSH subheading "
        "field: sh: is searched as words in :ti,ab,kw (a different search)",
        "choose the qualifier in the Search Manager's MeSH tab, or name the idea in words",
    ),
    "issn": FieldMap(
        (), "CO115", "the Cochrane Library has no ISSN field: no query for the Cochrane Library",
        "search the journal by name with so:",
    ),
}


class Cochrane(GroupedTarget):
    name = "cochrane"
    title = "Cochrane Library"
    fields: ClassVar[dict[str, FieldMap]] = FIELDS
    operators = frozenset({"and", "or", "not", "near", "next"})
    #: Brackets open a MeSH search or a group, # names a search line, : a field.
    reserved = "()[]{}#:^"
    doi_tags = frozenset({"doi"})
    #: The Search Manager combines lines as #1 OR #2.
    set_reference = "#{n}"
    subheading_code = "CO103"
    #: An ISSN ANDed at the top of a line restricts it to some journals: left
    #: out (broader, CO114); anywhere else the field refuses it (CO115).
    issn_filter_code = "CO114"
    dollar_code = "CO201"

    def __init__(
        self, *, strict: bool = False, keep_wildcards: frozenset[str] | None = None,
        search_lines: Mapping[int, int] | None = None,
    ) -> None:
        super().__init__(strict=strict, keep_wildcards=keep_wildcards, search_lines=search_lines)
        #: ids of the year limits on the whole line (see render).
        self._top_years: set[int] = set()

    def tag(self, text: str, tag: str) -> str:
        return f"{text}:{tag}" if tag else text

    def render(self, expr: Node) -> str | None:
        """The string, and for years on the whole line a note to set the
        Search Manager's date limit (CO401)."""
        years = line_year_limits(expr)
        self._top_years = {id(y) for y in years}
        query = super().render(expr)
        if years:
            start = max((y.start for y in years if y.start is not None), default=None)
            end = min((y.end for y in years if y.end is not None), default=None)
            shown = years_in_words(start, end)
            note = (f"Search Manager limit of this line (Limits, Publication Date): {shown}; "
                    "the years are not part of the string.")
            if note not in self.notes:
                self.notes.append(note)
            self.diag(
                "CO401", f"the years ({shown}) go to the Search Manager's date limit, not into "
                "the string", years[0].span, "set the line's limit by hand (see the note)",
            )
        return query

    # -- terms -------------------------------------------------------------------------------

    def term(self, node: Word | Phrase, field: str, origin: Span | None) -> tuple[str, bool] | None:
        if field in MESH_FIELDS:
            if field == "mesh-major":
                self.field_map(field, origin, node)
            heading = self.controlled_value(node, field).text
            name = " ".join(heading.replace('"', " ").translate(_BRACKETS).split())
            caret = "^" if field == "mesh-noexp" else ""
            return f'[mh {caret}"{name}"]', True
        return super().term(node, field, origin)

    def term_text(self, node: Word | Phrase, tags: tuple[str, ...]) -> str | None:
        text = super().term_text(node, tags)
        if (text is None or not isinstance(node, Phrase) or not text.startswith('"')
                or not any(c in text for c in "*?")):
            return text
        # Search tab help: "Phrase search does NOT support the use of
        # wildcards"; "hearing NEXT aid* (If using wildcards, use NEXT operator)".
        words = [w if not self.needs_quotes(w) else f'"{w}"' for w in text[1:-1].split()]
        if len(words) == 1:
            return words[0]  # one word: the quotes only held it together
        self.diag(
            "CO202", f'the Cochrane Library takes no wildcard in a quoted phrase: "{node.text}" '
            f"is written with NEXT ({' NEXT '.join(words)})", node.span,
            "nothing to do: NEXT keeps the words next to each other, in order",
        )
        return "(" + " NEXT ".join(words) + ")"

    def wildcards(self, text: str, node: Word | Phrase, tags: tuple[str, ...]) -> str | None:
        # Search Manager help: * and ? are the wildcards; there is no $.
        return self.widen_dollar(text, node)

    # -- proximity ------------------------------------------------------------------------------

    def proximity(self, node: Near, field: str, origin: Span | None) -> tuple[str, bool] | None:
        left = self.operand(node.left, field, origin)
        right = self.operand(node.right, field, origin)
        if left is None or right is None:
            return self.join("AND", [left, right])
        assert node.distance is not None  # the checks refuse a bare NEAR (QL106)
        written = node.distance + 1
        self.diag(
            "CO301", f"NEAR/{node.distance} is written NEAR/{written}: whether the Cochrane "
            f"Library's NEAR/{written} allows {written} words between or {node.distance} is "
            "unconfirmed, and NEAR/" + str(written) + " finds at least as much either way",
            node.span, f"compare the count with NEAR/{node.distance} if it matters",
        )
        return f"{left} NEAR/{written} {right}", False

    # -- limits ------------------------------------------------------------------------------------

    def year(self, node: YearLimit) -> tuple[str, bool] | None:
        if id(node) not in self._top_years:
            self.diag(
                "CO402", f"{node.raw or 'the year limit'} sits inside an OR or on the right of "
                "NOT and cannot be the Search Manager's date limit: left out",
                node.span, "put the year limit on a line of its own, ANDed at the top",
            )
        return None

    def lang(self, node: LangLimit | LangGroup) -> tuple[str, bool] | None:
        self.diag(
            "CO403", f"the Cochrane Library has no language limit: {self.dropped_languages(node)} "
            "is left out", node.span, "screen the records by language afterwards",
        )
        return None


_BRACKETS = {ord(c): " " for c in "()[]{}#^"}
