"""Embase.com: the strategy as Embase.com's Advanced Search writes it.

Sources (docs/db-embase.md has the list): Elsevier's Embase support pages
("Can I use Boolean operators, wildcards and proximity operators in
Embase?"; "What are the differences between Emtree and MeSH?") and Embase.com's
search hints ("Boolean Operators").

Differences from the base:
- fields as a suffix, once for a group: ``(asthma OR wheez*):ti,ab``;
  title, abstract and author keywords is one field, ``:ti,ab,kw``;
- phrases and Emtree terms in single quotes (``'large language model*'``);
- a MeSH heading is written as an Emtree term (``'asthma'/exp``,
  ``'asthma'/de``, ``'asthma'/exp/mj``) and always said (EM101): the name
  must be checked in Emtree (:mod:`querylang.thesauri` gives the likely one
  where the names are known to differ);
- ``NEAR/n`` counts differently: Embase's ``NEAR/5`` has at most 4 words
  between ("symptom NEAR/5 headache retrieves records with at most 4 words
  between"), the portable ``NEAR/n`` at most n, so ``NEAR/n`` is written
  ``NEAR/n+1`` (exact);
- limits inline: ``[english]/lim``, ``[2013-2023]/py``.
"""

from __future__ import annotations

from typing import ClassVar

from querylang.ast import LangGroup, LangLimit, Near, Phrase, Span, Word, YearLimit
from querylang.fields import MESH_FIELDS
from querylang.targets.base import FieldMap, year_bounds
from querylang.targets.grouped import GroupedTarget
from querylang.thesauri import inverted, likely_heading

__all__ = ["Embase"]

#: Portable heading field -> Emtree suffix (Embase.com: /exp explodes, /de is
#: the term alone, /mj the term as a major focus).
_EMTREE_SUFFIX = {"mesh": "/exp", "mesh-noexp": "/de", "mesh-major": "/exp/mj"}

FIELDS: dict[str, FieldMap] = {
    "ti": FieldMap(("ti",)),
    "ab": FieldMap(("ab",)),
    "tiab": FieldMap(("ti,ab",)),
    "kw": FieldMap(("kw",)),
    "topic": FieldMap(("ti,ab,kw",)),
    "all": FieldMap(
        ("",), "EM111", "all: is written without a field suffix: Embase.com searches all "
        "fields, and with its mapping options on it also maps the term to Emtree and explodes "
        "it (broader)",
        "use topic: (:ti,ab,kw), or untick the mapping options in Advanced Search",
    ),
    "au": FieldMap(("au",)),
    "so": FieldMap(("jt",)),
    "doi": FieldMap(("do",)),
    "issn": FieldMap(("is",)),
    # Written term by term (Embase.term): the suffix is the heading's.
    "mesh": FieldMap(("exp",)),
    "mesh-noexp": FieldMap(("de",)),
    "mesh-major": FieldMap(("exp/mj",)),
    "tw": FieldMap(
        ("ti,ab,kw",), "EM112", "Embase.com has no text-word field: tw: is searched in "
        ":ti,ab,kw (title, abstract, author keywords; not the index terms)",
        "add the concept's Emtree term (mesh:) beside the words",
    ),
    "pt": FieldMap(
        ("it",), "EM114", "pt: is written as Embase's item type (:it): its names differ "
        "from PubMed's publication types (article, review, letter, editorial, conference "
        "paper...); study designs such as randomized controlled trial are Emtree terms",
        "check the name among Embase's item types, or write a study design as mesh-noexp: "
        "(an Emtree term)",
    ),
    "sh": FieldMap(
        ("lnk",), "EM115", "sh: is written as an Embase subheading (:lnk): Emtree's "
        "subheadings are not MeSH's (a different search)",
        "check the subheading in Emtree (drug therapy, adverse drug reaction...)",
    ),
}


class Embase(GroupedTarget):
    name = "embase"
    title = "Embase.com"
    fields: ClassVar[dict[str, FieldMap]] = FIELDS
    operators = frozenset({"and", "or", "not", "near", "next"})
    #: Brackets end a limit or a group, # names a history line, : starts a field.
    reserved = "()[]{}#:"
    doi_tags = frozenset({"do"})
    #: Embase.com's search history combines lines as #1 AND #2.
    set_reference = "#{n}"
    subheading_code = "EM103"
    dollar_code = "EM201"

    def tag(self, text: str, tag: str) -> str:
        return f"{text}:{tag}" if tag else text

    # -- terms -------------------------------------------------------------------------------

    def written_term(
        self, node: Word | Phrase, field: str, origin: Span | None
    ) -> tuple[str | None, tuple[str, ...]]:
        text, tags = super().written_term(node, field, origin)
        return _single_quoted(text), tags

    def wildcards(self, text: str, node: Word | Phrase, tags: tuple[str, ...]) -> str | None:
        # Embase.com: * any number of characters, ? exactly one; no $.
        return self.widen_dollar(text, node)

    def term(self, node: Word | Phrase, field: str, origin: Span | None) -> tuple[str, bool] | None:
        if field in MESH_FIELDS:
            return self._emtree(node, field), True
        return super().term(node, field, origin)

    def _emtree(self, node: Word | Phrase, field: str) -> str:
        """A MeSH heading as an Emtree term, always said (EM101)."""
        heading = self.controlled_value(node, field).text
        likely = likely_heading(heading, "emtree")
        # The table's names are Emtree's own (brackets included: "randomized
        # controlled trial (topic)"); a name as given is cleaned of syntax.
        name = likely if likely is not None else _plain(heading).lower()
        written = f"'{name}'{_EMTREE_SUFFIX[field]}"
        if likely is not None:
            said = (f"{field}:\"{heading}\" is a MeSH heading; Emtree likely names it "
                    f"'{likely}': written as {written}")
        else:
            why = ("MeSH inverts it with a comma, Emtree writes terms in natural order "
                   "(MeSH 'Leukemia, Myeloid' is Emtree 'myeloid leukemia')" if inverted(heading)
                   else "Emtree may name it otherwise")
            said = (f"{field}:\"{heading}\" is a MeSH heading, written as the Emtree term "
                    f"{written}: {why}")
        self.diag(
            "EM101", f"{said}; check the name in Emtree (not equivalent)",
            node.span, "look the term up in Embase.com's Emtree browser and use its preferred term",
        )
        return written

    # -- proximity -------------------------------------------------------------------------------

    def proximity(self, node: Near, field: str, origin: Span | None) -> tuple[str, bool] | None:
        left = self.operand(node.left, field, origin)
        right = self.operand(node.right, field, origin)
        if left is None or right is None:
            return self.join("AND", [left, right])
        assert node.distance is not None  # the checks refuse a bare NEAR (QL106)
        # Embase.com's NEAR/n allows n-1 words between; the portable NEAR/n allows n.
        return f"{left} NEAR/{node.distance + 1} {right}", False

    # -- limits ------------------------------------------------------------------------------------

    def year(self, node: YearLimit) -> tuple[str, bool]:
        start, end = year_bounds(node)
        return (f"[{start}]/py" if start == end else f"[{start}-{end}]/py"), True

    def lang(self, node: LangLimit | LangGroup) -> tuple[str, bool]:
        limits = [f"[{name}]/lim" for name in node.languages]
        if len(limits) == 1:
            return limits[0], True
        return "(" + " OR ".join(limits) + ")", True


def _single_quoted(text: str | None) -> str | None:
    """``"a b"`` as Embase.com writes a phrase, ``'a b'`` (a text holding an
    apostrophe keeps its double quotes)."""
    if text is None or len(text) < 2 or text[0] != '"' or text[-1] != '"' or "'" in text:
        return text
    return f"'{text[1:-1]}'"


def _plain(name: str) -> str:
    """A heading's name with nothing Embase.com reads as syntax inside quotes."""
    return " ".join(name.replace("'", "").translate(_BRACKETS).split())


_BRACKETS = {ord(c): " " for c in "()[]{}\"#"}
