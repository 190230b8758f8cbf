"""Scopus (Elsevier Scopus Search API and Advanced Document Search).

Differences from the base (docs/db-scopus.md, with its sources):

- a field code before a parenthesised group, ``TITLE-ABS-KEY(a OR b)``;
  terms that share a field are gathered under one code, and title-or-
  abstract (Scopus has no such code) is ``(TITLE(...) OR ABS(...))``;
- Scopus's precedence is OR, then ``W/n``/``PRE/n``, then AND, then AND
  NOT, the reverse of the portable one: every compound operand is
  parenthesised (the base does so), and NOT is written as ``AND NOT`` at
  the end of its group, as Elsevier's search guide asks
  (``a AND (b NOT c)`` is ``a AND b AND NOT c``, the same records);
- proximity ``W/n`` (any order) takes a word or a phrase on each side, never
  an OR group: ``(a OR b) NEAR/3 c`` is written ``(a W/3 c) OR (b W/3 c)``;
- no ``$`` wildcard: ``colo$r`` is written out, ``(color OR colo?r)``;
- years as ``PUBYEAR > 2012 AND PUBYEAR < 2024`` at the top of the query,
  languages as ``LANGUAGE(english)``, publication types as ``DOCTYPE(re)``.
"""

from __future__ import annotations

import itertools
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
from querylang.databases import REGISTRY
from querylang.record import replace
from querylang.targets.base import (
    MAX_NEAR_PAIRS,
    ApiRequest,
    FieldMap,
    Target,
    leaves,
    near_field,
    shared_field,
)
from querylang.vocab import publication_type

__all__ = ["Scopus"]

#: Scopus help, Proximity Operators: n is 0 to 255.
PROXIMITY_MAX = 255
#: A term with more ``$`` than this is widened to ``*`` instead of written
#: out (2**3 = 8 variants: beyond that the query grows faster than it helps).
MAX_DOLLARS = 3

_TITLE_ABS_KEY = "TITLE-ABS-KEY"
_MESH = FieldMap(
    ("KEY",), "SC102", "Scopus has no MeSH: {field}: is searched as words among the author "
    "and index keywords with KEY() (not equivalent: narrower headings are not exploded, and "
    "no major topic)",
    "name the concept in words in topic: (synonyms ORed)",
)

FIELDS: dict[str, FieldMap] = {
    "ti": FieldMap(("TITLE",)),
    "ab": FieldMap(("ABS",)),
    "tiab": FieldMap(("TITLE", "ABS")),
    "kw": FieldMap(("AUTHKEY",)),
    "topic": FieldMap(
        (_TITLE_ABS_KEY,), "SC101", "TITLE-ABS-KEY() also searches the index keywords "
        "(EMTREE, MeSH and others): topic: finds a little more",
        "write (ti: OR ab: OR kw:) if the index keywords must be left out",
    ),
    "all": FieldMap(("ALL",)),
    "au": FieldMap(("AUTH",)),
    "so": FieldMap(("SRCTITLE",)),
    "mesh": _MESH,
    "mesh-noexp": _MESH,
    "mesh-major": _MESH,
    "doi": FieldMap(("DOI",)),
    "tw": FieldMap(
        (_TITLE_ABS_KEY,), "SC311", "Scopus has no text-word field: tw: is searched with "
        "TITLE-ABS-KEY() (title, abstract, author and index keywords)",
        "write topic: to say what Scopus searches",
    ),
    # Written term by term as DOCTYPE() or, where Scopus has no document type
    # for it, as words (Scopus.term): _DOCUMENT_TYPES.
    "pt": FieldMap(("DOCTYPE",)),
    "sh": FieldMap(
        (_TITLE_ABS_KEY,), "SC313", "Scopus has no MeSH subheadings: sh: is searched as "
        "words with TITLE-ABS-KEY() (a different search)",
        "name the idea in words in topic: (drug* OR pharmacotherap*)",
    ),
    "issn": FieldMap(("ISSN",)),
}

#: PubMed publication type -> (Scopus DOCTYPE code, same meaning). Scopus
#: Search Guide, DOCTYPE: ar article, re review, cp conference paper, le
#: letter, ed editorial, no note, er erratum, ch chapter, dp data paper.
#: A type without a row is searched as words in TITLE-ABS-KEY (SC315);
#: "same meaning" is False where the two lists draw the line elsewhere (SC314).
_DOCUMENT_TYPES: dict[str, tuple[str, bool]] = {
    "review": ("re", True),
    "systematic review": ("re", False),
    "scoping review": ("re", False),
    "meta-analysis": ("re", False),
    "editorial": ("ed", True),
    "comment": ("no", False),
    "letter": ("le", True),
    "published erratum": ("er", True),
    "congress": ("cp", False),
    "journal article": ("ar", False),
    "dataset": ("dp", False),
}


class Scopus(Target):
    name = "scopus"
    title = "Scopus"
    fields: ClassVar[dict[str, FieldMap]] = FIELDS
    #: Operators are not case-sensitive in Scopus (a lower-case "and" is the
    #: operator): such a word is quoted, and so is PUBYEAR, which would
    #: otherwise start a year comparison.
    operators = frozenset({"and", "or", "not", "pubyear"})
    not_operator = "AND NOT"
    #: Parentheses group; braces mark an exact phrase {...}.
    reserved = "()[]{}"
    doi_tags = frozenset({"DOI"})
    url_env = "QUERYLANG_SCOPUS_URL"
    default_url = "https://api.elsevier.com/content/search/scopus"
    subheading_code = "SC312"
    dollar_code = "SC201"

    def __init__(
        self, *, strict: bool = False, keep_wildcards: frozenset[str] | None = None,
        search_lines: Mapping[int, int] | None = None,
    ) -> None:
        super().__init__(strict=strict, keep_wildcards=keep_wildcards, search_lines=search_lines)
        #: True while writing inside one field code's parentheses.
        self._bare = False
        self._uniform_fields: dict[tuple[int, str], str | None] = {}

    # -- grouping under one field code ---------------------------------------------
    # Each operator first tries to gather its terms under one code; inside a
    # code (``_bare``) terms are written without one.

    def or_(self, node: Or, field: str, origin: Span | None) -> tuple[str, bool] | None:
        if self._bare:
            return super().or_(node, field, origin)
        grouped = self._grouped(node, field, origin)
        return grouped if grouped is not None else self._regroup_or(node, field, origin)

    def and_(self, node: And, field: str, origin: Span | None) -> tuple[str, bool] | None:
        grouped = self._grouped(node, field, origin)
        return grouped if grouped is not None else self._conjunction(node, field, origin)

    def not_(self, node: Not, field: str, origin: Span | None) -> tuple[str, bool] | None:
        grouped = self._grouped(node, field, origin)
        return grouped if grouped is not None else self._conjunction(node, field, origin)

    def near(self, node: Near, field: str, origin: Span | None) -> tuple[str, bool] | None:
        if self._bare:
            return self._proximity(node, field, origin)
        grouped = self._grouped(node, field, origin)
        if grouped is not None:
            return grouped
        self.diag(
            "SC301", "Scopus proximity takes a word or a phrase of one field on each side: "
            "written as AND (broader)", node.span,
            "put words or phrases of one field on both sides of NEAR",
        )
        return self.near_as_and(node, field, origin)

    def _grouped(self, node: Node, field: str, origin: Span | None) -> tuple[str, bool] | None:
        """``CODE(inner)`` when every term below ``node`` shares a field, or
        ``(TITLE(inner) OR ABS(inner))`` for title-or-abstract when that is
        exact (an OR of terms, or a proximity); else None."""
        if self._bare:
            return None
        shared = self._uniform(node, field)
        if shared is None:
            return None
        return self._group(node, self.table[shared].tags, field, origin)

    def _group(self, node: Node, tags: tuple[str, ...], field: str, origin: Span | None
               ) -> tuple[str, bool] | None:
        if len(tags) > 1 and not _or_or_near(node):
            return None
        self._bare = True
        try:
            inner = super().emit(node, field, origin)
        finally:
            self._bare = False
        if inner is None:
            return None
        if len(tags) == 1:
            return f"{tags[0]}({inner[0]})", True
        return "(" + " OR ".join(f"{tag}({inner[0]})" for tag in tags) + ")", True

    def _uniform(self, node: Node, field: str) -> str | None:
        return shared_field(node, field, self._uniform_fields, lambda name: name != "pt")

    def _regroup_or(self, node: Or, field: str, origin: Span | None) -> tuple[str, bool] | None:
        """An OR over several fields: operands of one field are gathered under
        one code (OR is commutative, so this is exact): TITLE(a OR b) OR SRCTITLE(c)."""
        groups: dict[object, list[Node]] = {}
        for position, op in enumerate(node.operands):
            shared = self._uniform(op, field) if _or_or_near(op) else None
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

    # -- AND NOT at the end ------------------------------------------------------------

    def _conjunction(self, node: And | Not, field: str, origin: Span | None
                     ) -> tuple[str, bool] | None:
        """An AND with its NOTs gathered at the end: ``a AND (b NOT c)`` is
        written ``a AND b AND NOT c`` (the same records), because Scopus
        wants AND NOT last and reads it after every AND. A range of years
        stays two comparisons of the AND (``PUBYEAR > 2012 AND PUBYEAR < 2024``)."""
        positives, negatives = _split(node)
        parts: list[str] = []
        for op in positives:
            if isinstance(op, YearLimit):
                written = self.year(op)
                if written is not None:
                    parts.append(written[0])
                continue
            text = self.operand(op, field, origin)
            if text is not None:
                parts.append(text)
        excluded = [text for text in (self.negated(op, field, origin) for op in negatives)
                    if text is not None]
        if not parts:
            # Nothing left to exclude from (the base keeps what is left).
            return self.join("AND", excluded)
        if len(parts) == 1 and not excluded:
            return parts[0], len(positives) == 1 and not isinstance(positives[0], YearLimit)
        text = " AND ".join(parts) + "".join(f" AND NOT {part}" for part in excluded)
        return text, False

    # -- proximity ------------------------------------------------------------------------

    def _proximity(self, node: Near, field: str, origin: Span | None) -> tuple[str, bool] | None:
        """``a W/n b`` for each pair of words or phrases (inside a code)."""
        field = near_field(node, field)
        distance = node.distance if node.distance is not None else 0
        left, right = leaves(node.left), leaves(node.right)
        if left is None or right is None:
            self.diag(
                "SC301", "Scopus proximity takes a word or a phrase on each side: "
                "written as AND (broader)", node.span,
                "write NEAR between words, phrases or OR groups of them",
            )
            return self.near_as_and(node, field, origin)
        if distance > PROXIMITY_MAX:
            self.diag(
                "SC302", f"NEAR/{distance}: Scopus's W/n takes n from 0 to {PROXIMITY_MAX}: "
                "written as AND (broader)", node.span,
                f"use NEAR/{PROXIMITY_MAX} or less",
            )
            return self.near_as_and(node, field, origin)
        mapping = self.field_map(field, origin, node)
        lefts = [self._variants(leaf, mapping.tags) for leaf in left]
        rights = [self._variants(leaf, mapping.tags) for leaf in right]
        if any(texts is None for texts in (*lefts, *rights)):
            return "", True  # refused; an error is recorded
        left_texts = [text for texts in lefts for text in texts or ()]
        right_texts = [text for texts in rights for text in texts or ()]
        if len(left_texts) * len(right_texts) > MAX_NEAR_PAIRS:
            self.diag(
                "SC301", f"Scopus proximity takes one word or phrase on each side, and "
                f"this NEAR has {len(left_texts) * len(right_texts)} pairs to write out "
                f"(more than {MAX_NEAR_PAIRS}): written as AND (broader)", node.span,
                "split the OR groups into several NEAR searches ORed",
            )
            return self.near_as_and(node, field, origin)
        pairs = [f"{a} W/{distance} {b}" for a, b in itertools.product(left_texts, right_texts)]
        if len(pairs) == 1:
            return pairs[0], False
        return " OR ".join(f"({pair})" for pair in pairs), False

    # -- terms ------------------------------------------------------------------------

    def term(self, node: Word | Phrase, field: str, origin: Span | None) -> tuple[str, bool] | None:
        if field == "pt":
            return self._document_type(node)
        if not self._bare:
            return super().term(node, field, origin)
        text = self.written_term(node, field, origin)[0]
        return text or "", True

    def tag(self, text: str, tag: str) -> str:
        return f"{tag}({text})"

    def tagged_or(self, text: str, tags: tuple[str, ...]) -> tuple[str, bool]:
        # A term written out as its variants, "(color OR colo?r)", sits in the
        # code's own parentheses: TITLE(color OR colo?r).
        if text.startswith("(") and text.endswith(")"):
            text = text[1:-1]
        return super().tagged_or(text, tags)

    def term_text(self, node: Word | Phrase, tags: tuple[str, ...]) -> str | None:
        variants = self._variants(node, tags)
        if variants is None:
            return None
        if len(variants) == 1:
            return variants[0]
        return "(" + " OR ".join(variants) + ")"

    def _variants(self, node: Word | Phrase, tags: tuple[str, ...]) -> list[str] | None:
        """The term's texts: one, or one per spelling of its ``$`` wildcards
        (Scopus has none: ``colo$r`` is ``color`` or ``colo?r``, exactly)."""
        if "DOI" in tags or not dollar_wildcard(node.text):
            text = super().term_text(node, tags)
            return None if text is None else [text]
        dollars = len(DOLLAR_WILDCARD.findall(node.text))
        if dollars > MAX_DOLLARS:
            text = super().term_text(node, tags)  # widen_dollar says so (SC201)
            return None if text is None else [text]
        out: list[str] = []
        pieces = DOLLAR_WILDCARD.split(node.text)
        for choice in itertools.product(("", "?"), repeat=dollars):
            variant = pieces[0] + "".join(c + piece for c, piece in zip(choice, pieces[1:],
                                                                         strict=True))
            text = super().term_text(replace(node, text=variant, plain=False), tags)
            if text is None:
                return None
            if text not in out:
                out.append(text)
        return out

    def wildcards(self, text: str, node: Word | Phrase, tags: tuple[str, ...]) -> str | None:
        # Only a term with more $ than MAX_DOLLARS still holds one here.
        return self.widen_dollar(text, node)

    def _document_type(self, node: Word | Phrase) -> tuple[str, bool]:
        """``pt:`` as the closest DOCTYPE, or as words in TITLE-ABS-KEY where
        Scopus has none (both said)."""
        shown = f'"{node.text}"' if isinstance(node, Phrase) else node.text
        found = _DOCUMENT_TYPES.get(publication_type(node.text) or "")
        if found is None:
            self.diag(
                "SC315",
                f"Scopus has no document type for the publication type {shown}: searched as "
                "words with TITLE-ABS-KEY() (a different search)",
                node.span, "name the design in words in topic: (randomized OR randomised...), "
                "or leave the filter out for Scopus",
            )
            text = self.term_text(node, (_TITLE_ABS_KEY,))
            return self.tagged_or(text or "", (_TITLE_ABS_KEY,))
        code, same = found
        if not same:
            self.diag(
                "SC314",
                f"the publication type {shown} is written as the Scopus document type "
                f"DOCTYPE({code}), which is not the same set of records",
                node.span, f"check a sample of the DOCTYPE({code}) records, or name the design "
                "in words in topic:",
            )
        return f"DOCTYPE({code})", True

    # -- limits ---------------------------------------------------------------------------

    def year(self, node: YearLimit) -> tuple[str, bool] | None:
        # Scopus Search Guide: PUBYEAR with a strict comparison, or = for one
        # year; never inside a field code's parentheses (the grouping keeps
        # limits out of them). Not atomic: OR binds tighter than the
        # comparison's AND in Scopus.
        if node.start is not None and node.start == node.end:
            return f"PUBYEAR = {node.start}", False
        parts = []
        if node.start is not None:
            parts.append(f"PUBYEAR > {node.start - 1}")
        if node.end is not None:
            parts.append(f"PUBYEAR < {node.end + 1}")
        if not parts:
            return None
        return " AND ".join(parts), False

    def lang(self, node: LangLimit | LangGroup) -> tuple[str, bool]:
        # Scopus Search Guide: LANGUAGE(english), the language's English name;
        # several ORed inside the code's parentheses.
        names = [f'"{name}"' if self.needs_quotes(name) else name for name in node.languages]
        return f"LANGUAGE({' OR '.join(names)})", True

    # -- request --------------------------------------------------------------------------

    def request(self, api_query: str, params: dict[str, str]) -> ApiRequest:
        spec = REGISTRY[self.name].spec
        assert spec is not None
        return ApiRequest(
            method="GET",
            url=self.url(),
            params={spec.query_param: api_query, **spec.params, **params},
            headers=(spec.key_header,) if spec.key_header else (),
            key_env=spec.key_env,
            key_header=spec.key_header,
            key_required=spec.key_required,
        )


def _split(node: Node) -> tuple[list[Node], list[Node]]:
    """The operands ANDed and the operands excluded (NOT) of an AND/NOT tree:
    ``(a NOT b) AND c`` is ([a, c], [b]), since (a AND NOT b) AND c is
    (a AND c) AND NOT b."""
    if isinstance(node, And):
        positives: list[Node] = []
        negatives: list[Node] = []
        for op in node.operands:
            more, fewer = _split(op)
            positives.extend(more)
            negatives.extend(fewer)
        return positives, negatives
    if isinstance(node, Not):
        positives, negatives = _split(node.left)
        return positives, [*negatives, node.right]
    return [node], []


def _or_or_near(node: Node) -> bool:
    """True for an OR of terms or a proximity: the only shapes where
    title-or-abstract can be split as (TITLE(...) OR ABS(...)) exactly."""
    if isinstance(node, Near):
        return True
    if isinstance(node, Field):
        return _or_or_near(node.operand)
    if isinstance(node, Or):
        return all(_or_or_near(op) for op in node.operands)
    return isinstance(node, (Word, Phrase))
