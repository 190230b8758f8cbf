"""Web of Science: two faces.

The interface string uses the advanced-search tags (``TI= AB= AK= TS= ALL=
LA=``...); the Starter API query uses only the tags the API accepts, so
``AB``/``AK``/``ALL``/``LA`` are widened or dropped there, each with a
diagnostic. Terms that share a field are grouped under one tag
(``TS=(a OR b)``), which also keeps ``NEAR`` inside one tag as Web of
Science requires.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import ClassVar

from querylang.ast import (
    DOLLAR_WILDCARD,
    And,
    Field,
    LangGroup,
    LangLimit,
    Near,
    Node,
    Not,
    Or,
    Phrase,
    Span,
    Word,
    YearLimit,
    dollar_wildcard,
)
from querylang.languages import display_name
from querylang.targets.base import (
    ApiRequest,
    FieldMap,
    Target,
    alnum_count,
    shared_field,
    year_bounds,
)
from querylang.vocab import publication_type

__all__ = ["WebOfScience"]

MIN_STEM = 3
#: WoS help: at least two characters before a wildcard in an author search.
MIN_AUTHOR_STEM = 2
#: Clarivate's help (Search Rules, Search Operators): an All Fields search
#: takes at most 49 Boolean or proximity operators; other searches have no limit.
MAX_ALL_FIELDS_OPERATORS = 49
#: Largest distance Web of Science's help shows for NEAR/n (a bare NEAR is 15).
NEAR_DOCUMENTED_MAX = 15
#: Tags where Web of Science enforces the 3-letter stem before a right-hand wildcard.
_STEM_TAGS = frozenset({"TS", "TI"})

_QUOTED = re.compile(r'"[^"]*"')
_OPERATOR = re.compile(r"(?<![\w=])(?:AND|OR|NOT|SAME|NEAR/\d+)(?![\w=])")
_OPERATOR_WORDS = ("AND", "OR", "NOT", "SAME", "NEAR/")

_MESH = FieldMap(
    ("TS",), "WS102", "Web of Science has no MeSH: {field}: is searched as text in TS= "
    "(not equivalent: narrower headings are not exploded, and records indexed "
    "with the heading need not use its words)",
    "name the concept in words in topic: (synonyms ORed)",
)
_TOPIC = FieldMap(
    ("TS",), "WS101", "TS= also searches Keywords Plus: topic: finds a little more",
    "write (ti: OR ab: OR kw:) by hand if Keywords Plus must be left out",
)
_API_WIDER = (
    "the Starter API has no {field}: tag: searched as TS= (title, abstract, keywords; broader)"
)
_API_HINT = "the interface string keeps the exact tag; for the API use ti: or topic:"

ADVANCED: dict[str, FieldMap] = {
    "ti": FieldMap(("TI",)),
    "ab": FieldMap(("AB",)),
    "tiab": FieldMap(("TI", "AB")),
    "kw": FieldMap(("AK",)),
    "topic": _TOPIC,
    "all": FieldMap(("ALL",)),
    "au": FieldMap(("AU",)),
    "so": FieldMap(("SO",)),
    "mesh": _MESH,
    "mesh-noexp": _MESH,
    "mesh-major": _MESH,
    "doi": FieldMap(("DO",)),
    "tw": FieldMap(
        ("TS",), "WS311", "Web of Science has no text-word field: tw: is searched as TS= "
        "(title, abstract, keywords; no MeSH)",
        "name the concept in words in topic:, or add the headings' words",
    ),
    # Written term by term as DT= or, where no document type matches, as
    # text (WebOfScience.term): _DOCUMENT_TYPES.
    "pt": FieldMap(("DT",)),
    "sh": FieldMap(
        ("TS",), "WS313", "Web of Science has no MeSH subheadings: sh: is searched as text "
        "in TS= (a different search)",
        "name the idea in words in topic: (drug* OR pharmacotherap*)",
    ),
    # Clarivate's field tags: IS= searches ISSN and ISBN (the Starter API
    # accepts IS too: REFERENCE of its HTTP 400 message).
    "issn": FieldMap(("IS",)),
}

#: PubMed publication type -> (Web of Science document type, same meaning).
#: Clarivate's help, "Document Types"; where a type has no row, it is
#: searched as text in TS= (WS315). "Same meaning" is False where the two
#: lists draw the line elsewhere (WS314).
_DOCUMENT_TYPES: dict[str, tuple[str, bool]] = {
    "review": ("Review", True),
    "systematic review": ("Review", False),
    "scoping review": ("Review", False),
    "editorial": ("Editorial Material", True),
    "comment": ("Editorial Material", False),
    "letter": ("Letter", True),
    "news": ("News Item", True),
    "biography": ("Biographical-Item", True),
    "bibliography": ("Bibliography", True),
    "published erratum": ("Correction", True),
    "retracted publication": ("Retracted Publication", True),
    "retraction of publication": ("Retraction", True),
    "congress": ("Proceedings Paper", False),
    "journal article": ("Article", False),
    "dataset": ("Data Paper", False),
}

STARTER_API: dict[str, FieldMap] = {
    **ADVANCED,
    "ab": FieldMap(("TS",), "WS111", _API_WIDER, _API_HINT),
    "tiab": FieldMap(("TS",), "WS111", _API_WIDER, _API_HINT),
    "kw": FieldMap(("TS",), "WS111", _API_WIDER, _API_HINT),
    "all": FieldMap(
        ("TS",), "WS112", "the Starter API has no ALL= tag: all: is searched as TS= (narrower)",
        "use topic: when title, abstract and keywords are enough",
    ),
}


class WebOfScience(Target):
    name = "wos"
    title = "Web of Science"
    fields: ClassVar[dict[str, FieldMap]] = ADVANCED
    operators = frozenset({"and", "or", "not", "near", "same"})
    #: Quotes keep most of these literal, but the = of a tag and # of a
    #: history set must never reach the parser; $ is a wildcard (WS202).
    reserved = "()[]{}=#"
    doi_tags = frozenset({"DO"})
    url_env = "QUERYLANG_WOS_URL"
    default_url = "https://api.clarivate.com/apis/wos-starter/v1/documents"
    subheading_code = "WS312"
    #: The advanced search's history combines sets as #1 AND #2; the Starter
    #: API has no history (its lines are always written out).
    set_reference = "#{n}"

    def __init__(
        self, *, strict: bool = False, keep_wildcards: frozenset[str] | None = None,
        search_lines: Mapping[int, int] | None = None,
    ) -> None:
        super().__init__(strict=strict, keep_wildcards=keep_wildcards, search_lines=search_lines)
        self._bare = False
        self._api = False
        self._texts: dict[tuple[int, bool, bool, bool, bool], str | None] = {}
        self._uniform_fields: dict[tuple[int, str], str | None] = {}
        self._splittable_nodes: dict[int, bool] = {}

    def generate(self, expr: Node) -> tuple[str | None, str | None, dict[str, str]]:
        span = getattr(expr, "span", None)
        query = self.render(expr)
        self._check_all_fields(query, "the advanced search", span)
        self.table, self._api = STARTER_API, True
        api_query = self.render(expr)
        # The Starter API face never holds ALL= (all: becomes TS=, WS112), so
        # no published operator limit applies to it; it is still judged on its own.
        self._check_all_fields(api_query, "the Starter API query", span)
        return query, api_query, {}

    def history_query(self, expr: Node) -> str | None:
        # The history is the advanced search's (the web interface): the
        # Starter API has none, so only the interface face is written.
        query = self.render(expr)
        self._check_all_fields(query, "the advanced search", getattr(expr, "span", None))
        return query

    def _check_all_fields(self, query: str | None, face: str, span: Span | None) -> None:
        """Warn (never refuse) when ``query`` is an All Fields search with more
        operators than Clarivate's help allows there. Clarivate's current help
        (Search Rules; Search Operators) limits only All Fields searches to 49
        Boolean or proximity operators; TS=, TI=, AB= searches have no limit."""
        if query is None or span is None or "ALL=" not in query:
            # Terms never hold "=" (a reserved character, replaced in
            # phrases), so only the tag writes ALL=.
            return
        # Every operator is one of these substrings, so their count bounds
        # the operators from above; most queries stay far below the limit
        # and skip the exact count.
        if sum(query.count(word) for word in _OPERATOR_WORDS) <= MAX_ALL_FIELDS_OPERATORS:
            return
        count = len(_OPERATOR.findall(_QUOTED.sub("", query)))
        if count > MAX_ALL_FIELDS_OPERATORS:
            self.diag(
                "WS401",
                f"{face} is an All Fields (ALL=) search with {count} operators; Clarivate's help "
                f"limits an All Fields search to {MAX_ALL_FIELDS_OPERATORS} Boolean or "
                "proximity operators, so Web of Science may refuse it",
                span, "write topic: (TS=) instead of all: where title, abstract and keywords "
                "are enough: no operator limit is documented outside All Fields",
            )

    # -- grouping ---------------------------------------------------------------------
    # Each operator first tries to gather its terms under one tag; inside a
    # tag (``_bare``) the base writes it as usual.

    def or_(self, node: Or, field: str, origin: Span | None) -> tuple[str, bool] | None:
        if self._bare:
            return super().or_(node, field, origin)
        shared = self._uniform(node, field)
        if shared is None:
            return self._regroup_or(node, field, origin)
        grouped = self._group(node, self.table[shared].tags, field, origin)
        return grouped if grouped is not None else super().or_(node, field, origin)

    def and_(self, node: And, field: str, origin: Span | None) -> tuple[str, bool] | None:
        grouped = self._grouped(node, field, origin)
        return grouped if grouped is not None else super().and_(node, field, origin)

    def not_(self, node: Not, field: str, origin: Span | None) -> tuple[str, bool] | None:
        grouped = self._grouped(node, field, origin)
        return grouped if grouped is not None else super().not_(node, field, origin)

    def _grouped(self, node: Node, field: str, origin: Span | None) -> tuple[str, bool] | None:
        """``node`` under one tag when all its terms share a field, else None."""
        if self._bare:
            return None
        shared = self._uniform(node, field)
        if shared is None:
            return None
        return self._group(node, self.table[shared].tags, field, origin)

    def _uniform(self, node: Node, field: str) -> str | None:
        # A publication type is written term by term (DT= or TS=): never
        # gathered under one tag.
        return shared_field(node, field, self._uniform_fields, lambda name: name != "pt")

    def _splittable(self, node: Node) -> bool:
        """:func:`_or_or_near`, remembered per node (both faces ask)."""
        memo = self._splittable_nodes
        key = id(node)
        if key not in memo:
            memo[key] = _or_or_near(node)
        return memo[key]

    def _regroup_or(self, node: Or, field: str, origin: Span | None) -> tuple[str, bool] | None:
        """An OR over several fields: operands of one field are gathered under
        one tag (OR is commutative, so this is exact): TI=(a OR b) OR SO=c."""
        groups: dict[object, list[Node]] = {}
        for position, op in enumerate(node.operands):
            shared = self._uniform(op, field) if self._splittable(op) else None
            # An operand that cannot be grouped stands alone, keyed by its
            # position: an expanded #n appears as one shared object twice.
            key: object = self.table[shared].tags if shared is not None else ("alone", position)
            groups.setdefault(key, []).append(op)
        if len(groups) == len(node.operands):
            return super().or_(node, field, origin)
        parts: list[str | None] = []
        for key, ops in groups.items():
            if len(ops) == 1:
                parts.append(self.operand(ops[0], field, origin))
                continue
            assert isinstance(key, tuple)
            grouped = self._group(Or(tuple(ops), node.span), key, field, origin)
            if grouped is None:  # never drop an operand: write each on its own
                parts.extend(self.operand(op, field, origin) for op in ops)
            else:
                parts.append(grouped[0])
        return self.join("OR", parts)

    def _group(
        self, node: Node, tags: tuple[str, ...], field: str, origin: Span | None
    ) -> tuple[str, bool] | None:
        """``TAG=(inner)``, or ``(TI=(inner) OR AB=(inner))`` for a two-tag
        field when that is exact (an OR group, or a proximity inside one field)."""
        if len(tags) > 1 and not self._splittable(node):
            return None
        self._bare = True
        try:
            inner = super().emit(node, field, origin)
        finally:
            self._bare = False
        if inner is None:
            return None
        if len(tags) == 1:
            return f"{tags[0]}=({inner[0]})", True
        return "(" + " OR ".join(f"{t}=({inner[0]})" for t in tags) + ")", True

    def term_text(self, node: Word | Phrase, tags: tuple[str, ...]) -> str | None:
        # Each term is written up to three times (TI=, AB= for the interface,
        # TS= for the API); its text depends only on which rules its tags
        # bring (and on NOT around it, for the diagnostics), so it is worked
        # out once per kind.
        key = (id(node), _STEM_TAGS.isdisjoint(tags), "AU" in tags, "DO" in tags, self._negated)
        if key in self._texts:
            return self._texts[key]
        text = super().term_text(node, tags)
        self._texts[key] = text
        return text

    def term(self, node: Word | Phrase, field: str, origin: Span | None) -> tuple[str, bool] | None:
        if field == "pt":
            return self._document_type(node)
        if not self._bare:
            return super().term(node, field, origin)
        return self.written_term(node, field, origin)[0] or "", True

    def tag(self, text: str, tag: str) -> str:
        return f"{tag}={text}"

    def _document_type(self, node: Word | Phrase) -> tuple[str, bool]:
        """``pt:`` as the closest document type, DT=Review, or as text in TS=
        where Web of Science has none (both said)."""
        name = publication_type(node.text)
        found = _DOCUMENT_TYPES.get(name or "")
        if found is None:
            self.diag(
                "WS315",
                f"Web of Science has no document type for the publication type {_shown(node)}: "
                "searched as text in TS= (a different search)",
                node.span, "name the design in words in topic: (randomized OR randomised...), "
                "or leave the filter out for Web of Science",
            )
            text = self.term_text(node, ("TS",))
            return self.tagged_or(text or "", ("TS",))
        document_type, same = found
        if not same:
            self.diag(
                "WS314",
                f"the publication type {_shown(node)} is written as the document type "
                f"{document_type}, which is not the same set of records",
                node.span, f"check a sample of the DT={document_type} records, or name the "
                "design in words in topic:",
            )
        written = f'"{document_type}"' if " " in document_type else document_type
        return f"DT={written}", True

    def near(self, node: Near, field: str, origin: Span | None) -> tuple[str, bool] | None:
        grouped = self._grouped(node, field, origin)
        if grouped is not None:
            return grouped  # written inside the tag by this method, in _bare mode
        if node.distance is not None and node.distance > NEAR_DOCUMENTED_MAX:
            self.diag(
                "WS301",
                f"NEAR/{node.distance}: Web of Science's help shows distances up to "
                f"{NEAR_DOCUMENTED_MAX}; written as given",
                node.span, f"use NEAR/{NEAR_DOCUMENTED_MAX} or less if Web of Science refuses it",
            )
        if self._api:
            self.diag(
                "WS302", "NEAR through the Starter API is unconfirmed: kept as written",
                node.span, "compare the API count with the web interface",
            )
        return super().near(node, field, origin)

    # -- limits ---------------------------------------------------------------------------

    def year(self, node: YearLimit) -> tuple[str, bool]:
        start, end = year_bounds(node)
        if start == end:
            return f"PY=({start})", True
        return f"PY=({start}-{end})", True

    def lang(self, node: LangLimit | LangGroup) -> tuple[str, bool] | None:
        if self._api:
            self.diag(
                "WS113",
                f"the Starter API has no language filter: {self.dropped_languages(node)} is left out "
                "of the API query (the interface string keeps LA=)",
                node.span, "screen the records by language afterwards",
            )
            return None
        # Clarivate's field tags: LA= takes the language's English name, and
        # several are ORed inside the tag's parentheses: LA=(English OR French).
        return f"LA=({' OR '.join(display_name(name) for name in node.languages)})", True

    # -- terms ------------------------------------------------------------------------------

    def clean(self, node: Phrase) -> str | None:
        text = super().clean(node)
        if text is None or "$" not in text:
            return text
        if dollar_wildcard(text):
            # Clarivate's help, "Wildcards": "You cannot use the dollar sign
            # ($) in quoted searches". * finds at least as much.
            self.diag(
                "WS310", f'Web of Science allows no $ inside quotes: "{node.text}" is searched '
                "with * (any number of characters: broader)", node.span,
                "write the phrase's variants out, ORed, to keep the meaning",
            )
            text = DOLLAR_WILDCARD.sub("*", text)
            if "$" not in text:
                return text
        self.diag(
            "WS202", "$ is a Web of Science wildcard and is not allowed in a phrase: "
            "replaced by a space", node.span, "remove the $ from the phrase",
        )
        text = " ".join(text.replace("$", " ").split())
        if not any(c.isalnum() for c in text):
            self.diag("CP103", f'nothing searchable is left of "{node.text}" for {self.title}',
                      node.span, "use letters or digits in the phrase, or remove it")
            return None
        return text

    def wildcards(self, text: str, node: Word | Phrase, tags: tuple[str, ...]) -> str | None:
        if "AU" in tags and self._author_wildcards(text) is not None:
            return self._strip_author_wildcards(text, node)
        stem_rule = not _STEM_TAGS.isdisjoint(tags)
        words = text.split(" ")
        changed = False
        for i, word in enumerate(words):
            cut = _first_wildcard(word)
            if cut == len(word):
                continue
            if cut and not word[cut - 1].isalnum():
                # WoS help: "You cannot use wildcards after special characters
                # (/ @ #) and punctuation (. , : ; !)".
                self.diag(
                    "WS204",
                    f"Web of Science allows no wildcard right after punctuation: {word} "
                    "cannot be searched",
                    node.span, "end the stem with a letter or digit, or write the term out",
                )
                return None
            if not stem_rule or alnum_count(word[:cut]) >= MIN_STEM:
                continue
            stem = word.rstrip("*?$")
            if len(stem) > cut:
                # WoS help: "Right-Hand and Internal Truncation - at least three
                # characters must precede the wildcard" (else a search error);
                # dropping an inner wildcard would glue letters into a non-word.
                self.diag(
                    "WS203",
                    f"Web of Science needs {MIN_STEM} letters before a wildcard: "
                    f"{word} cannot be searched",
                    node.span, "write the word's variants out in full, ORed (woman OR women)",
                )
                return None
            self.diag(
                "WS201",
                f"Web of Science needs {MIN_STEM} letters before a right-hand wildcard: "
                f"{word} is searched as {stem}",
                node.span, "write the word's variants out in full, ORed",
            )
            words[i] = stem
            changed = True
        return " ".join(words) if changed else text

    @staticmethod
    def _author_wildcards(text: str) -> int | None:
        """The letters before the wildcard of an author name, when too few
        (WoS help: at least two in Author searches), else None."""
        count = alnum_count(text[: _first_wildcard(text)])
        return count if count < MIN_AUTHOR_STEM and _first_wildcard(text) < len(text) else None

    def _strip_author_wildcards(self, text: str, node: Word | Phrase) -> str:
        words = text.split(" ")
        for i, word in enumerate(words):
            if "*" in word or "?" in word or "$" in word:
                stem = word.rstrip("*?$")
                self.diag(
                    "WS205",
                    f"Web of Science needs {MIN_AUTHOR_STEM} letters before a wildcard in an "
                    f"author name: {word} is searched as {stem}",
                    node.span, "write the surname out",
                )
                words[i] = stem
        return " ".join(words)

    # -- request --------------------------------------------------------------------------------

    def request(self, api_query: str, params: dict[str, str]) -> ApiRequest:
        return ApiRequest(
            method="GET",
            url=self.url(),
            params={"q": api_query, "db": "WOS", "limit": "1", "page": "1"},
            headers=("X-ApiKey",),
            key_env="WOS_API_KEY",
            key_header="X-ApiKey",
            key_required=True,
        )


_WILDCARD = re.compile(r"[*?$]")


def _first_wildcard(word: str) -> int:
    """Index of the first wildcard of ``word`` (* ? or $), its length if none."""
    found = _WILDCARD.search(word)
    return found.start() if found else len(word)


def _shown(node: Word | Phrase) -> str:
    return f'"{node.text}"' if isinstance(node, Phrase) else node.text


def _or_or_near(node: Node) -> bool:
    """True for an OR of terms or a proximity: the only shapes where one field
    with two tags can be split as (TI=(...) OR AB=(...)) without changing
    the meaning."""
    if isinstance(node, Near):
        return True
    if isinstance(node, Field):
        return _or_or_near(node.operand)
    if isinstance(node, Or):
        return all(isinstance(op, (Word, Phrase, Field, Or, Near)) and _or_or_near(op)
                   for op in node.operands)
    return isinstance(node, (Word, Phrase))
