"""PubMed (NCBI E-utilities esearch).

Differences from the base: a tag after every term (``(a OR b)[tiab]`` is
invalid), 4 characters before ``*`` and no ``?``, proximity written as
``"a b"[tiab:~n]`` for plain words in ti/tiab, limits inline
(``2013:2023[dp]``, ``english[la]``).
"""

from __future__ import annotations

import unicodedata
from typing import ClassVar

from querylang.ast import LangGroup, LangLimit, Near, Phrase, Span, Word, YearLimit
from querylang.targets.base import (
    MAX_NEAR_PAIRS,
    ApiRequest,
    FieldMap,
    Target,
    alnum_count,
    author_name,
    first_wildcard,
    fix_short_stems,
    leaves,
    near_field,
    year_bounds,
)

__all__ = ["PubMed"]

#: Biopython switches to POST above about this many characters.
POST_ABOVE = 1000
MIN_STEM = 4


class PubMed(Target):
    name = "pubmed"
    title = "PubMed"
    fields: ClassVar[dict[str, FieldMap]] = {
        "ti": FieldMap(("ti",)),
        "ab": FieldMap(
            ("tiab",), "PM101", "ab: is searched as [tiab] (title or abstract): broader",
            "write tiab: to say what PubMed searches",
        ),
        "tiab": FieldMap(("tiab",)),
        "kw": FieldMap(("ot",)),
        "topic": FieldMap(("tiab", "ot")),
        "all": FieldMap(("all",)),
        "au": FieldMap(("au",)),
        "so": FieldMap(("ta",)),
        "mesh": FieldMap(("mh",)),
        "mesh-noexp": FieldMap(("mh:noexp",)),
        "mesh-major": FieldMap(("majr",)),
        "doi": FieldMap(("aid",)),
        # PubMed Help, Search Field Descriptions and Tags: Text Words [tw],
        # Publication Type [pt], MeSH Subheadings [sh], ISSN [is].
        "tw": FieldMap(("tw",)),
        "pt": FieldMap(("pt",)),
        "sh": FieldMap(("sh",)),
        "issn": FieldMap(("is",)),
    }
    #: Brackets end a term's tag, # names a history line, : separates ranges.
    reserved = "()[]{}#:"
    doi_tags = frozenset({"aid"})
    url_env = "QUERYLANG_PUBMED_URL"
    default_url = "https://eutils.ncbi.nlm.nih.gov/entrez/eutils/esearch.fcgi"
    #: PubMed Advanced Search, History and Search Details: #1 AND #2.
    set_reference = "#{n}"

    def tag(self, text: str, tag: str) -> str:
        return f"{text}[{tag}]"

    def year(self, node: YearLimit) -> tuple[str, bool]:
        start, end = year_bounds(node)
        if start == end:
            return f"{start}[dp]", True
        return f"{start}:{end}[dp]", True

    def lang(self, node: LangLimit | LangGroup) -> tuple[str, bool]:
        # PubMed Help, Language [LA]: the language's English name
        # (english[la]); several languages are ORed, each with its tag.
        if isinstance(node, LangLimit):
            return f"{node.language}[la]", True
        return "(" + " OR ".join(f"{name}[la]" for name in node.languages) + ")", True

    def term_text(self, node: Word | Phrase, tags: tuple[str, ...]) -> str | None:
        # "Smith J"[au] (quoted) turns PubMed's author-initial matching off;
        # Smith J[au] finds Smith J, Smith JA, Smith JB... which is what a
        # trailing * on the initials asks for, and what searchers expect
        # (PubMed Help, Search Field Descriptions: Author [AU]).
        if tags == ("au",) and isinstance(node, Phrase):
            name = author_name(node.text)
            if name is not None:
                surname, initials = name
                return f"{surname} {initials.rstrip('*')}"
        if not node.text.isascii() and _non_latin(node.text):
            self.diag(
                "PM401",
                f"PubMed's index is in Latin script: {_show(node)} will probably find nothing",
                node.span, "search the English or transliterated term (PubMed indexes "
                "titles of non-English articles in English)",
            )
        return super().term_text(node, tags)

    dollar_code = "PM310"

    # PubMed Help, "Searching MeSH": Heading/subheading[mh] searches the
    # heading with that subheading ("asthma/drug therapy"[mh]); the same form
    # takes [mh:noexp] and [majr]. Target.heading_with_subheading writes it,
    # the subheading spelled out ("and" for "&", DT as "drug therapy").
    subheading_code = None

    def wildcards(self, text: str, node: Word | Phrase, tags: tuple[str, ...]) -> str | None:
        text = self.widen_dollar(text, node)
        if "?" in text:
            self.diag(
                "PM203", f"PubMed has no ? wildcard: {_show(node)} is searched with *",
                node.span, "write the variants out (woman OR women) to keep the meaning",
            )
            text = text.replace("?", "*")
        if " " in text:
            return self._phrase_wildcards(text, node)
        return fix_short_stems(text, MIN_STEM, "*", lambda w, ok: self._short(node, w, ok))

    def _phrase_wildcards(self, text: str, node: Word | Phrase) -> str | None:
        """NLM counts the 4 characters before the *first* wildcard of the term,
        and a phrase is one term (Technical Bulletin mj24: "Terms must have at
        least 4 characters before the first wildcard"; "Phrases can include
        more than one wildcard": "colo* cancer*"). So "critical ill*" keeps its
        wildcard. Only a phrase whose first wildcard comes within its first 4
        characters is fixed, word by word from the left."""
        words = text.split(" ")
        while True:
            cut = first_wildcard(text)
            if cut == len(text) or alnum_count(text[:cut]) >= MIN_STEM:
                return text
            # Fewer than 4 characters precede the phrase's first wildcard: it
            # stands in the first word(s), whose wildcard must go (or, inside
            # a word, the term is refused, as for a single word).
            index = next(i for i, w in enumerate(words) if "*" in w)
            word = words[index]
            stripped = word.rstrip("*")
            if "*" in stripped:
                self._short(node, word, False)
                return None
            self._short(node, word, True)
            words[index] = stripped
            text = " ".join(words)

    def _short(self, node: Word | Phrase, word: str, stripped: bool) -> None:
        if stripped:
            self.diag(
                "PM201",
                f"PubMed needs {MIN_STEM} letters before a wildcard: {word} is searched as "
                f"{word.rstrip('*')}",
                node.span, "write the word's variants out in full, ORed",
            )
        else:
            self.diag(
                "PM202",
                f"PubMed needs {MIN_STEM} letters before a wildcard: {word} cannot be searched",
                node.span, "write the word's variants out in full, ORed",
            )

    # -- proximity -------------------------------------------------------------------

    def near(self, node: Near, field: str, origin: Span | None) -> tuple[str, bool] | None:
        field = near_field(node, field)
        left, right = leaves(node.left), leaves(node.right)
        reason = None
        if field not in ("ti", "tiab", "ab"):
            reason = f"PubMed has proximity in title and title/abstract only, not {field}:"
        elif left is None or right is None:
            reason = "PubMed proximity takes words and phrases only"
        elif any(t.has_wildcard for t in (*left, *right)):
            reason = "PubMed proximity takes no wildcard"
        elif len(left) * len(right) > MAX_NEAR_PAIRS:
            reason = f"more than {MAX_NEAR_PAIRS} word pairs to spell out"
        if reason is not None or left is None or right is None:
            self.diag(
                "PM301", f"{reason}: NEAR/{node.distance} is written as AND (broader)",
                node.span, "use plain words (no wildcard) in ti: or tiab: to keep the proximity",
            )
            return self.near_as_and(node, field, origin)
        mapping = self.field_map(field, origin, node)
        tag = f"{mapping.tags[0]}:~{node.distance}"
        pairs: list[str] = []
        for a in left:
            for b in right:
                words = [self._near_words(a), self._near_words(b)]
                if None in words:
                    return "", True  # refused; an error is recorded
                pairs.append(f'"{words[0]} {words[1]}"[{tag}]')
        if len(pairs) == 1:
            return pairs[0], True
        return " OR ".join(pairs), False

    def _near_words(self, term: Word | Phrase) -> str | None:
        if isinstance(term, Word):
            return term.text
        text = self.clean(term)
        if text is not None and " " in text:
            self.diag(
                "PM302",
                f'PubMed proximity cannot keep "{term.text}" as a phrase: its words may '
                "stand in any order",
                term.span, "use single words on each side of NEAR",
            )
        return text

    # -- request --------------------------------------------------------------------

    def request(self, api_query: str, params: dict[str, str]) -> ApiRequest:
        return ApiRequest(
            method="POST" if len(api_query) > POST_ABOVE else "GET",
            url=self.url(),
            params={
                "db": "pubmed",
                "term": api_query,
                "retmode": "json",
                "retmax": "0",
                "tool": "querylang",
            },
            key_env="NCBI_API_KEY",
            key_param="api_key",
            key_required=False,
        )


def _non_latin(text: str) -> bool:
    """A letter outside the Latin script (東京, Ärzte is Latin)."""
    return any(c.isalpha() and not unicodedata.name(c, "").startswith("LATIN") for c in text)


def _show(node: Word | Phrase) -> str:
    return f'"{node.text}"' if isinstance(node, Phrase) else node.text
