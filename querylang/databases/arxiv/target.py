"""arXiv (export.arxiv.org API).

Differences from the base: a prefix on every term (``ti:x``; no grouping
under one prefix, as in the arXiv manual's examples), ``ANDNOT`` for NOT, no
proximity (AND), no language, no DOI, years as ``submittedDate:[... TO ...]``.
"""

from __future__ import annotations

from typing import ClassVar

from querylang.ast import LangGroup, LangLimit, Near, Phrase, Span, Word, YearLimit
from querylang.targets.base import ApiRequest, FieldMap, Target, year_bounds

__all__ = ["Arxiv"]

_TEXT = ("ti", "abs")
_MESH = FieldMap(
    _TEXT, "AX103", "arXiv has no MeSH: {field}: is searched as text in title and abstract "
    "(not equivalent: narrower headings are not exploded)",
    "name the concept in words (synonyms ORed) in tiab:",
)


class Arxiv(Target):
    name = "arxiv"
    title = "arXiv"
    fields: ClassVar[dict[str, FieldMap]] = {
        "ti": FieldMap(("ti",)),
        "ab": FieldMap(("abs",)),
        "tiab": FieldMap(_TEXT),
        "kw": FieldMap(
            ("all",), "AX101", "arXiv has no keyword field: kw: is searched in all: (broader)",
            "use tiab: to search title and abstract",
        ),
        "topic": FieldMap(
            _TEXT, "AX102",
            "arXiv has no keywords: topic: searches title and abstract only (can find less)",
            "write tiab: to say what arXiv searches",
        ),
        "all": FieldMap(("all",)),
        "au": FieldMap(("au",)),
        "so": FieldMap(("jr",)),
        "mesh": _MESH,
        "mesh-noexp": _MESH,
        "mesh-major": _MESH,
        "doi": FieldMap(
            (), "AX104", "arXiv cannot search a DOI: no query for arXiv",
            "search the title with ti: instead",
        ),
        "tw": FieldMap(
            _TEXT, "AX311", "arXiv has no text-word field: tw: is searched in title and "
            "abstract (no MeSH or other terms)", "write tiab: to say what arXiv searches",
        ),
        "pt": FieldMap(
            _TEXT, "AX312", "arXiv has no publication types: pt: is searched as text in "
            "title and abstract (a different search)",
            "leave the publication type out for arXiv, or name it in words (review OR survey)",
        ),
        "sh": FieldMap(
            _TEXT, "AX313", "arXiv has no MeSH subheadings: sh: is searched as text in "
            "title and abstract (a different search)", "name the idea in words in tiab:",
        ),
        "issn": FieldMap(
            (), "AX315", "arXiv cannot search an ISSN: no query for arXiv",
            "search the journal reference by name with so: (arXiv's jr:)",
        ),
    }
    operators = frozenset({"and", "or", "not", "andnot"})
    not_operator = "ANDNOT"
    #: arXiv's Lucene-like parser: brackets, ranges, boosts, escapes, prefixes.
    reserved = "()[]{}:\\^~!"
    author_tags = ("au",)
    surname_code = "AX107"
    url_env = "QUERYLANG_ARXIV_URL"
    default_url = "https://export.arxiv.org/api/query"

    def tag(self, text: str, tag: str) -> str:
        return f"{tag}:{text}"

    def near(self, node: Near, field: str, origin: Span | None) -> tuple[str, bool] | None:
        self.diag(
            "AX301", f"arXiv has no proximity: NEAR/{node.distance} is written as AND (broader)",
            node.span, "use a phrase if the words stand together",
        )
        return self.near_as_and(node, field, origin)

    def year(self, node: YearLimit) -> tuple[str, bool]:
        start, end = year_bounds(node)
        self.diag(
            "AX106", "arXiv filters on the first version's submission date",
            node.span, None,
        )
        return f"submittedDate:[{start}01010000 TO {end}12312359]", True

    def lang(self, node: LangLimit | LangGroup) -> tuple[str, bool] | None:
        self.diag(
            "AX105", f"arXiv has no language filter: {self.dropped_languages(node)} is left out",
            node.span, "screen the records by language afterwards",
        )
        return None

    def term_text(self, node: Word | Phrase, tags: tuple[str, ...]) -> str | None:
        # arXiv matches a quoted name as a sequence and its manual searches by
        # surname (au:del_maestro): see Target.surname_only.
        surname = self.surname_only(node, tags)
        return surname if surname is not None else super().term_text(node, tags)

    subheading_code = "AX314"
    dollar_code = "AX310"
    issn_filter_code = "AX316"

    def wildcards(self, text: str, node: Word | Phrase, tags: tuple[str, ...]) -> str | None:
        text = self.widen_dollar(text, node)
        if isinstance(node, Phrase):
            self.diag(
                "AX202",
                f'arXiv documents no wildcards, and a quoted phrase matches as written: the * or ? '
                f'in "{node.text}" may be ignored',
                node.span, "write the phrase's variants out, or use single words with a wildcard",
            )
        for word in text.split(" "):
            if word[:1].isalnum():
                continue
            first = next((c for c in word if c.isalnum() or c in "*?"), "")
            if first in ("*", "?"):
                self.diag(
                    "AX201", f"arXiv refuses a wildcard at the start of {word!r}: no query for arXiv",
                    node.span, "start the word with a letter or digit",
                )
                return None
        return text

    def request(self, api_query: str, params: dict[str, str]) -> ApiRequest:
        return ApiRequest(
            method="GET",
            url=self.url(),
            params={"search_query": api_query, "start": "0", "max_results": "0"},
        )
