"""Europe PMC (articles search, REST): Lucene syntax with Europe PMC's field names.

Differences from the base: ``FIELD:term`` on every term (``TITLE_ABS:x``;
a term without a field, for ``all:``, searches every field), every group
parenthesised (Lucene has no precedence in the usual sense), proximity as a
sloppy phrase ``FIELD:"a b"~n``, no truncation inside a phrase (its words
are ANDed instead), years as ``PUB_YEAR:[2013 TO 2023]``, languages as
three-letter codes ``LANG:eng``. The web site takes the same string.
docs/db-europepmc.md cites the source of each rule.
"""

from __future__ import annotations

import re
from typing import ClassVar

from querylang.ast import LangGroup, LangLimit, Near, Phrase, Span, Word, YearLimit
from querylang.languages import LANGUAGES, THREE_LETTER
from querylang.targets.base import (
    MAX_NEAR_PAIRS,
    ApiRequest,
    FieldMap,
    Target,
    leaves,
    near_field,
    year_bounds,
)
from querylang.vocab import publication_type

__all__ = ["EuropePMC"]

#: Europe PMC's own combined title-and-abstract field (in its /fields list).
_TIABS = "TITLE_ABS"
#: A term without a field: Europe PMC searches every field, full text included.
_UNTAGGED = ""

_MESH_HINT = "compare the count with PubMed's for the same heading"

FIELDS: dict[str, FieldMap] = {
    "ti": FieldMap(("TITLE",)),
    "ab": FieldMap(("ABSTRACT",)),
    "tiab": FieldMap((_TIABS,)),
    "kw": FieldMap(
        ("KW",), "EP101", "Europe PMC's KW: also holds MeSH terms: {field}: finds more",
        "write tiab: if MeSH matches are not wanted",
    ),
    "topic": FieldMap(
        (_TIABS, "KW"), "EP102", "topic: is searched as TITLE_ABS: OR KW:, and KW: also "
        "holds MeSH terms (broader)", "write tiab: for title and abstract only",
    ),
    "all": FieldMap(
        (_UNTAGGED,), "EP103", "a term without a field searches every field in Europe PMC, "
        "the full text of PMC articles and preprints included: all: finds far more",
        "use topic: or tiab: to search the record's metadata",
    ),
    "au": FieldMap(("AUTH",)),
    "so": FieldMap(("JOURNAL",)),
    "mesh": FieldMap(
        ("MESH",), "EP104", "whether Europe PMC's MESH: explodes the heading is "
        "undocumented: narrower headings may be left out", _MESH_HINT,
    ),
    "mesh-noexp": FieldMap(
        ("MESH",), "EP105", "Europe PMC has no non-exploded MeSH search: mesh-noexp: is "
        "searched as MESH: (broader if MESH: explodes)", _MESH_HINT,
    ),
    "mesh-major": FieldMap(
        ("MESH",), "EP106", "Europe PMC has no MeSH major-topic search: mesh-major: is "
        "searched as MESH: (broader)", "AND a title word to keep the focus",
    ),
    "doi": FieldMap(("DOI",)),
    "tw": FieldMap(
        (_TIABS, "KW"), "EP311", "Europe PMC has no text-word field: tw: is searched as "
        "TITLE_ABS: OR KW: (a different set of fields)", "write topic: or tiab:",
    ),
    "pt": FieldMap(("PUB_TYPE",)),
    "sh": FieldMap(
        ("KW",), "EP313", "Europe PMC has no MeSH subheading field: sh: is searched as text "
        "in KW: (a different search)", "name the idea in words in topic:",
    ),
    "issn": FieldMap(("ISSN",)),
}

#: Fields whose words Lucene's sloppy phrase can search (text fields).
_NEAR_FIELDS = frozenset({"ti", "ab", "tiab", "kw", "topic", "all", "tw", "so", "sh"})

#: English name -> ISO 639-1 code (querylang.languages keeps the other way).
_CODE_OF_NAME = {name: code for code, name in LANGUAGES.items()}

#: What splits a phrase with a wildcard into the words Lucene can truncate.
_NOT_WORD = re.compile(r"[^\w*?]+|_+")


class EuropePMC(Target):
    name = "europepmc"
    title = "Europe PMC"
    fields: ClassVar[dict[str, FieldMap]] = FIELDS
    #: Lucene reads AND, OR, NOT (upper case) and TO (in a range) as operators.
    operators = frozenset({"and", "or", "not", "to"})
    #: Inside quotes Lucene reads only \ (escape) and " itself; brackets are
    #: replaced as for every target (the tokenizer drops them anyway), so a
    #: phrase can never open a group or a range.
    reserved = "()[]{}\\"
    doi_tags = frozenset({"DOI"})
    url_env = "QUERYLANG_EUROPEPMC_URL"
    default_url = "https://www.ebi.ac.uk/europepmc/webservices/rest/search"
    subheading_code = "EP312"
    dollar_code = "EP310"

    def tag(self, text: str, tag: str) -> str:
        return f"{tag}:{text}" if tag else text

    # -- terms ---------------------------------------------------------------------

    def term(self, node: Word | Phrase, field: str, origin: Span | None) -> tuple[str, bool] | None:
        if field == "pt" and publication_type(node.text) is None:
            self.diag(
                "EP314",
                f"{_shown(node)} is not a PubMed publication type: searched in PUB_TYPE: as "
                "written (may find nothing)",
                node.span, "use a PubMed publication type (review, \"randomized controlled "
                "trial\"...)",
            )
        return super().term(node, field, origin)

    def term_text(self, node: Word | Phrase, tags: tuple[str, ...]) -> str | None:
        text = super().term_text(node, tags)
        if text is None or not text.startswith('"') or not ("*" in text or "?" in text):
            return text
        if not self.doi_tags.isdisjoint(tags):
            self.diag(
                "EP203", f"the DOI {node.text} holds a wildcard, which Europe PMC cannot read "
                "inside quotes: it cannot be searched",
                node.span, "write the full DOIs, ORed",
            )
            return None
        return self._wild_phrase(text[1:-1], node)

    def _wild_phrase(self, text: str, node: Word | Phrase) -> str | None:
        """A phrase (or a word with punctuation) holding a wildcard: Lucene
        matches a quoted phrase word for word, with no wildcard, so its words
        are ANDed, each keeping its wildcard (broader, said)."""
        words = [w for w in _NOT_WORD.sub(" ", text).split() if w.strip("*?")]
        self.diag(
            "EP201",
            f'Europe PMC cannot truncate inside a phrase: {_shown(node)} is searched as its '
            "words ANDed (they may stand apart: broader)",
            node.span, "write the phrase's forms out, ORed (\"medical imaging\" OR "
            "\"medical images\")",
        )
        if not words:
            return None
        written = [f'"{w}"' if w.lower() in self.operators else w for w in words]
        if len(written) == 1:
            return written[0]
        return "(" + " AND ".join(written) + ")"

    def wildcards(self, text: str, node: Word | Phrase, tags: tuple[str, ...]) -> str | None:
        text = self.widen_dollar(text, node)
        for word in text.split(" "):
            if word[:1] in ("*", "?"):
                self.diag(
                    "EP202", f"Europe PMC (Lucene) refuses a wildcard at the start of {word!r}: "
                    "no query for Europe PMC", node.span, "start the word with a letter or digit",
                )
                return None
        return text

    # -- proximity ------------------------------------------------------------------

    def near(self, node: Near, field: str, origin: Span | None) -> tuple[str, bool] | None:
        field = near_field(node, field)
        left, right = leaves(node.left), leaves(node.right)
        reason = None
        if field not in _NEAR_FIELDS:
            reason = f"{field}: is not a text field"
        elif left is None or right is None:
            reason = "Europe PMC proximity takes words and phrases only"
        elif any(t.has_wildcard for t in (*left, *right)):
            reason = "Europe PMC proximity takes no wildcard"
        elif len(left) * len(right) > MAX_NEAR_PAIRS:
            reason = f"more than {MAX_NEAR_PAIRS} word pairs to spell out"
        if reason is not None or left is None or right is None:
            self.diag(
                "EP301", f"{reason}: NEAR/{node.distance} is written as AND (broader)",
                node.span, "use plain words (no wildcard) on both sides of NEAR to keep "
                "the proximity",
            )
            return self.near_as_and(node, field, origin)
        tags = self.field_map(field, origin, node).tags
        self.diag(
            "EP303", f"NEAR/{node.distance} is written as Lucene's slop ~{node.distance}: "
            f"in reverse order the words must stand 2 positions closer",
            node.span, None,
        )
        pairs: list[str] = []
        for a in left:
            for b in right:
                words = [self._near_words(a), self._near_words(b)]
                if words[0] is None or words[1] is None:
                    return "", True  # refused; an error is recorded
                slop = f'"{words[0]} {words[1]}"~{node.distance}'
                pairs.append(self.tagged_or(slop, tags)[0])
        pairs = list(dict.fromkeys(pairs))
        if len(pairs) == 1:
            return pairs[0], True
        return " OR ".join(pairs), False

    def _near_words(self, term: Word | Phrase) -> str | None:
        if isinstance(term, Word):
            return term.text
        text = self.clean(term)
        if text is not None and " " in text:
            self.diag(
                "EP302", f'Europe PMC proximity cannot keep "{term.text}" as a phrase: its '
                "words may stand apart and in any order",
                term.span, "use single words on each side of NEAR",
            )
        return text

    # -- limits ---------------------------------------------------------------------

    def year(self, node: YearLimit) -> tuple[str, bool]:
        start, end = year_bounds(node)
        if start == end:
            return f"PUB_YEAR:{start}", True
        # Lucene's inclusive range; an open end is a far year, as the other
        # targets write it (Europe PMC has no open-ended form documented).
        return f"PUB_YEAR:[{start} TO {end}]", True

    def lang(self, node: LangLimit | LangGroup) -> tuple[str, bool]:
        written = [f"LANG:{self._language_code(name)}" for name in node.languages]
        if len(written) == 1:
            return written[0], True
        return "(" + " OR ".join(written) + ")", True

    @staticmethod
    def _language_code(name: str) -> str:
        """MEDLINE's three-letter code (ISO 639-2/B: fre, ger), which Europe
        PMC's records carry (``"language": "eng"``). The checks let only
        languages querylang knows reach a target, and each has a code."""
        return THREE_LETTER.get(_CODE_OF_NAME.get(name, ""), (name,))[0]

    # -- request --------------------------------------------------------------------

    def request(self, api_query: str, params: dict[str, str]) -> ApiRequest:
        return ApiRequest(
            method="GET",
            url=self.url(),
            params={
                "query": api_query,
                "format": "json",
                "resultType": "idlist",
                "pageSize": "1",
                "synonym": "false",
            },
        )


def _shown(node: Word | Phrase) -> str:
    return f'"{node.text}"' if isinstance(node, Phrase) else node.text
