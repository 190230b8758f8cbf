"""IEEE Xplore (Metadata Search API).

Differences from the base: ``"Field":term`` on every term, 3 letters before
``*``, no ``?``, every wildcard kept (or only the words the user chose with
``# ieee-wildcards:``), proximity spelled out per field
tag, years as the request parameters ``start_year``/``end_year`` (and a note
telling the interface user to set the year filter), no language filter.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

from querylang.ast import (
    NO_SPAN,
    LangGroup,
    LangLimit,
    Near,
    Node,
    Phrase,
    Span,
    Word,
    YearLimit,
)
from querylang.targets.base import (
    MAX_NEAR_PAIRS,
    ApiRequest,
    FieldMap,
    Target,
    fix_short_stems,
    leaves,
    line_year_limits,
    near_field,
)

__all__ = ["Ieee"]

MIN_STEM = 3
#: IEEE Xplore's SDK pages say "include no more than two wildcard words" for
#: indexTerms() (the index_terms parameter) only; querytext has no documented
#: limit, so past this many a line is warned about (IE204), never changed.
MAX_WILDCARD_WORDS = 2

_TITLE, _ABSTRACT, _KEYWORDS = "Document Title", "Abstract", "Author Keywords"
_MESH = FieldMap(
    ("All Metadata",), "IE101",
    "IEEE Xplore has MeSH terms on few records: {field}: is searched as text in All "
    "Metadata (not equivalent: narrower headings are not exploded)",
    "name the concept in words (synonyms ORed)",
)


class Ieee(Target):
    name = "ieee"
    title = "IEEE Xplore"
    fields: ClassVar[dict[str, FieldMap]] = {
        "ti": FieldMap((_TITLE,)),
        "ab": FieldMap((_ABSTRACT,)),
        "tiab": FieldMap((_TITLE, _ABSTRACT)),
        "kw": FieldMap((_KEYWORDS,)),
        "topic": FieldMap((_TITLE, _ABSTRACT, _KEYWORDS)),
        "all": FieldMap(("All Metadata",)),
        "au": FieldMap(("Authors",)),
        "so": FieldMap(("Publication Title",)),
        "mesh": _MESH,
        "mesh-noexp": _MESH,
        "mesh-major": _MESH,
        "doi": FieldMap(("DOI",)),
        "tw": FieldMap(
            (_TITLE, _ABSTRACT, "Index Terms"), "IE311",
            "IEEE Xplore has no text-word field: tw: is searched in title, abstract and "
            "Index Terms (not MeSH)", "write topic: to say what IEEE Xplore searches",
        ),
        "pt": FieldMap(
            ("All Metadata",), "IE312", "IEEE Xplore has no publication types: pt: is "
            "searched as text in All Metadata (a different search)",
            "leave the publication type out for IEEE Xplore, or name it in words",
        ),
        "sh": FieldMap(
            ("All Metadata",), "IE313", "IEEE Xplore has no MeSH subheadings: sh: is "
            "searched as text in All Metadata (a different search)",
            "name the idea in words",
        ),
        "issn": FieldMap(
            (), "IE315", "IEEE Xplore's query has no ISSN field: no query for IEEE Xplore",
            "search the journal by name with so: (Publication Title)",
        ),
    }
    operators = frozenset({"and", "or", "not", "near", "onear"})
    reserved = "()[]{}:"
    doi_tags = frozenset({"DOI"})
    author_tags = ("Authors",)
    surname_code = "IE206"
    takes_wildcard_choice = True
    url_env = "QUERYLANG_IEEE_URL"
    default_url = "https://ieeexploreapi.ieee.org/api/v1/search/articles"

    def __init__(
        self, *, strict: bool = False, keep_wildcards: frozenset[str] | None = None,
        search_lines: Mapping[int, int] | None = None,
    ) -> None:
        super().__init__(strict=strict, keep_wildcards=keep_wildcards, search_lines=search_lines)
        #: The line's distinct wildcard words (lower case), in order of
        #: appearance, each with where it was first written.
        self._wild: dict[str, Span] = {}
        self._top_years: set[int] = set()

    # -- years go to the request ------------------------------------------------------

    def generate(self, expr: Node) -> tuple[str | None, str | None, dict[str, str]]:
        years = line_year_limits(expr)
        self._top_years = {id(y) for y in years}
        query = self.render(expr)
        self._warn_wildcard_words(expr)
        params: dict[str, str] = {}
        if years:
            start = max((y.start for y in years if y.start is not None), default=None)
            end = min((y.end for y in years if y.end is not None), default=None)
            if start is not None:
                params["start_year"] = str(start)
            if end is not None:
                params["end_year"] = str(end)
            shown = _years_shown(start, end)
            self.notes.append(f"Set the IEEE Xplore year filter to {shown}.")
            self.diag(
                "IE103", f"the years go to the year filter ({shown}), not into the query",
                years[0].span, "in the web interface, set the year filter by hand",
            )
        return query, query, params

    def year(self, node: YearLimit) -> tuple[str, bool] | None:
        if id(node) not in self._top_years:
            self.diag(
                "IE104",
                f"{node.raw or 'the year limit'} sits inside an OR or on the right of NOT and "
                "cannot be a filter on the whole search: left out",
                node.span, "put the year limit on the last line",
            )
        return None

    def lang(self, node: LangLimit | LangGroup) -> tuple[str, bool] | None:
        self.diag(
            "IE102", f"IEEE Xplore has no language filter: {self.dropped_languages(node)} is left out",
            node.span, "screen the records by language afterwards",
        )
        return None

    # -- terms ------------------------------------------------------------------------------

    def tag(self, text: str, tag: str) -> str:
        return f'"{tag}":{text}'

    def term_text(self, node: Word | Phrase, tags: tuple[str, ...]) -> str | None:
        # IEEE Xplore's examples search a surname ("Authors":Hinton): see
        # Target.surname_only.
        surname = self.surname_only(node, tags)
        return surname if surname is not None else super().term_text(node, tags)

    subheading_code = "IE314"
    dollar_code = "IE310"
    issn_filter_code = "IE316"

    def wildcards(self, text: str, node: Word | Phrase, tags: tuple[str, ...]) -> str | None:
        text = self.widen_dollar(text, node)
        if "?" in text:
            self.diag(
                "IE203", f"IEEE Xplore has no ? wildcard: {_show(node)} is searched with *",
                node.span, "write the variants out (woman OR women) to keep the meaning",
            )
            text = text.replace("?", "*")
        short: list[str] = []
        fixed = fix_short_stems(
            text, MIN_STEM, "*", lambda w, ok: self._short(node, w, ok, short)
        )
        if fixed is None or short:
            return None
        return self._chosen_wildcards(fixed, node)

    def _short(self, node: Word | Phrase, word: str, stripped: bool, short: list[str]) -> None:
        if stripped:
            # The stem alone is not the word the user meant ("brain ca*" is not
            # "brain ca"): refused, never sent as if it were a word (issue 10).
            short.append(word)
            self.diag(
                "IE201",
                f"IEEE Xplore needs {MIN_STEM} letters before a wildcard: {word} cannot be "
                f"searched, and {word.rstrip('*')} alone is not the same word",
                node.span, "write the word's variants out in full, ORed "
                f"({word.rstrip('*')} OR ...), or give the wildcard a longer stem",
            )
        else:
            self.diag(
                "IE202",
                f"IEEE Xplore needs {MIN_STEM} letters before a wildcard: {word} cannot be searched",
                node.span, "write the word's variants out in full, ORed",
            )

    def _chosen_wildcards(self, text: str, node: Word | Phrase) -> str | None:
        """Every wildcard is kept, the same in every line (a stem without its
        wildcard is not a word: radiolog, "medical imag"). When the user chose
        the words that keep theirs (``# ieee-wildcards:``), any other wildcard
        word is refused, never cut to its stem."""
        refused: list[str] = []
        for word in text.split(" "):
            if "*" not in word:
                continue
            key = word.lower()
            self._wild.setdefault(key, node.span)
            if self.keep_wildcards is not None and key not in self.keep_wildcards:
                refused.append(word)
        if not refused:
            return text
        chosen = " ".join(sorted(self.keep_wildcards or ())) or "(none)"
        self.diag(
            "IE205",
            f"{', '.join(refused)}: not among the words chosen to keep their wildcard in "
            f"IEEE Xplore (# ieee-wildcards: {chosen}); a stem without its wildcard is not "
            "a word, so the term cannot be searched",
            node.span,
            f"write the variants of {refused[0]} out in full (ORed), or add {refused[0]} "
            "to the # ieee-wildcards: line",
        )
        return None

    def _warn_wildcard_words(self, expr: Node) -> None:
        """Once per line: more wildcard words than IEEE's SDK allows for index
        terms. Nothing is changed; the user is told how to choose."""
        if self.keep_wildcards is not None or len(self._wild) <= MAX_WILDCARD_WORDS:
            return
        words = list(self._wild)
        shown = ", ".join(words[:8]) + (f" and {len(words) - 8} more" if len(words) > 8 else "")
        line = _line_span(expr)
        # A final line such as "#11 AND lang:english" holds no wildcard as
        # written: say where the words come from.
        outside = [not line.start <= span.start < line.end for span in self._wild.values()]
        through = ("" if not any(outside) else
                   ", all from the lines it refers to (#n)" if all(outside) else
                   ", some from the lines it refers to (#n)")
        self.diag(
            "IE204",
            f"this line has {len(words)} wildcard words ({shown}){through}; IEEE Xplore "
            f"documents a limit of {MAX_WILDCARD_WORDS} only for index-term searches, so "
            "every wildcard is kept",
            _line_span(expr),
            f"if IEEE Xplore refuses the search, add a line '# ieee-wildcards: {words[0]} "
            f"{words[1]}' naming the words that keep their wildcard and write the others' "
            "variants out",
        )

    # -- proximity, spelled out per field tag -------------------------------------------

    def near(self, node: Near, field: str, origin: Span | None) -> tuple[str, bool] | None:
        self.diag(
            "IE301",
            "NEAR through the IEEE Xplore API, and with a field on each side, is "
            "undocumented: kept as written",
            node.span, "compare the count with IEEE Xplore's command search",
        )
        field = near_field(node, field)
        left, right = leaves(node.left), leaves(node.right)
        if left is None or right is None or len(left) * len(right) > MAX_NEAR_PAIRS:
            return super().near(node, field, origin)
        mapping = self.field_map(field, origin, node)
        parts: list[str] = []
        for tag in mapping.tags:
            for a in left:
                for b in right:
                    ta, tb = self.term_text(a, mapping.tags), self.term_text(b, mapping.tags)
                    if ta is None or tb is None:
                        return "", True  # refused; an error is recorded
                    parts.append(f"{self.tag(ta, tag)} NEAR/{node.distance} {self.tag(tb, tag)}")
        if len(parts) == 1:
            return parts[0], False
        return " OR ".join(f"({p})" for p in parts), False

    # -- request --------------------------------------------------------------------------

    def request(self, api_query: str, params: dict[str, str]) -> ApiRequest:
        return ApiRequest(
            method="GET",
            url=self.url(),
            params={"querytext": api_query, "format": "json", "max_records": "1", **params},
            key_env="IEEE_API_KEY",
            key_param="apikey",
            key_required=True,
        )


def _years_shown(start: int | None, end: int | None) -> str:
    """The year filter in words: ``2015-2024``, ``2020``, and an open range
    as "years from 2013" / "years up to 2005" (never "2013-" or "-2005")."""
    if start is None:
        return f"years up to {end}"
    if end is None:
        return f"years from {start}"
    return str(start) if start == end else f"{start}-{end}"


def _line_span(expr: Node) -> Span:
    span = getattr(expr, "span", None)
    return span if isinstance(span, Span) else NO_SPAN


def _show(node: Word | Phrase) -> str:
    return f'"{node.text}"' if isinstance(node, Phrase) else node.text
