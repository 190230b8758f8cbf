"""Web of Science advanced search -> the portable language.

:func:`read_wos_line` reads one search of a pasted Web of Science strategy
(:mod:`querylang.databases.wos.syntax` gives its tree) and writes it as one
fully parenthesised portable expression. Whatever the portable language
cannot say exactly is written in its closest form with a diagnostic, or
refused with a hint (an error): nothing is dropped silently. Every
diagnostic points into the whole pasted source (the NativeLine's position).

How each tag maps (docs/import.md, "Web of Science"):

    TS= topic:   TI= ti:   AB= ab:   AK= kw:   AU= au:   SO= so:   DO= doi:
    ALL= all:    IS= issn:  DT= pt:   PY= year:   LA= lang:
    KP= topic: (IM202)     MHX= mesh: / MH= mesh-noexp: (IM207)
    WC= SU= and other tags with no portable field: refused (IM206)
"""

from __future__ import annotations

import re

from querylang import codes
from querylang.ast import Span
from querylang.databases.wos.syntax import (
    DEFAULT_NEAR,
    Group,
    Node,
    SetRef,
    SyntaxProblem,
    Tagged,
    Term,
    parse_wos,
)
from querylang.databases.wos.target import _DOCUMENT_TYPES as _TARGET_DOCUMENT_TYPES
from querylang.diagnostics import Diagnostic
from querylang.imports.model import NativeLine, Translated
from querylang.languages import close_languages, resolve_language
from querylang.vocab import issn_problem, split_heading, subheading

__all__ = ["read_wos_line", "TAGS", "DOCUMENT_TYPES"]

#: Web of Science tag -> portable field, where the portable field searches the
#: same thing.
TAGS: dict[str, str] = {
    "TS": "topic",
    "TI": "ti",
    "AB": "ab",
    "AK": "kw",
    "AU": "au",
    "SO": "so",
    "DO": "doi",
    "ALL": "all",
    "IS": "issn",
    "DT": "pt",
}

#: Tags read as the closest portable field, each said (code, message, hint).
_CLOSEST: dict[str, tuple[str, str, str, str]] = {
    "KP": (
        "topic", "IM202",
        "KP= (Keywords Plus) has no portable field: read as topic:, which Web of "
        "Science searches as TS= (title, abstract, author keywords and Keywords Plus: more)",
        "keep KP= in Web of Science by hand if only Keywords Plus must match",
    ),
    "MHX": (
        "mesh", "IM207",
        "MHX= is the exploded MeSH heading of Web of Science's MEDLINE database: read "
        "as mesh: (the Core Collection has no MeSH: there it becomes a text search)",
        "search MEDLINE through PubMed, where mesh: is exact",
    ),
    "MH": (
        "mesh-noexp", "IM207",
        "MH= is the MeSH heading of Web of Science's MEDLINE database: read as "
        "mesh-noexp: (the Core Collection has no MeSH: there it becomes a text search)",
        "search MEDLINE through PubMed, where mesh-noexp: is exact",
    ),
}

#: Tags with no portable field at all: refused with a hint.
_NO_FIELD: dict[str, str] = {
    "WC": "Web of Science Categories",
    "SU": "Research Areas",
    "AD": "Address",
    "OG": "Organization-Enhanced",
    "OO": "Organization",
    "CU": "Country/Region",
    "CI": "City",
    "PS": "Province/State",
    "ZP": "Zip/Postal Code",
    "SA": "Street Address",
    "SG": "Suborganization",
    "FO": "Funding Agency",
    "FG": "Grant Number",
    "FT": "Funding Text",
    "GP": "Group Author",
    "ED": "Editor",
    "AI": "Author Identifiers",
    "UT": "Accession Number",
    "PMID": "PubMed ID",
    "CF": "Conference",
    "PUBL": "Publisher",
    "DOP": "Publication Date",
    "FPY": "Final Publication Year",
}

def _document_types() -> dict[str, tuple[str, bool]]:
    """Web of Science document type (DT=, lower case) -> (the PubMed
    publication type, the portable pt: value; True when both name the same
    records). The inverse of the Web of Science target's table, so that
    Clarivate's document types live in one place (targets/wos.py); where
    several publication types share a document type, the exact one wins.
    Meeting Abstract, which the target never writes, reads as "congress"."""
    found: dict[str, tuple[str, bool]] = {}
    for publication_type, (document_type, same) in _TARGET_DOCUMENT_TYPES.items():
        key = document_type.lower()
        if key not in found or (same and not found[key][1]):
            found[key] = (publication_type, same)
    found.setdefault("meeting abstract", ("congress", False))
    found.setdefault("biographical item", found["biographical-item"])
    return found


DOCUMENT_TYPES = _document_types()

#: Fields whose terms are identifiers or names: written as one quoted value.
_QUOTED_FIELDS = frozenset({"doi", "issn", "pt", "au", "mesh", "mesh-noexp"})

#: A portable word (grammars/query.lark, WORD): what may be written unquoted.
_PORTABLE_WORD = re.compile(r"[^\W_](?:[^\W_]|[*?$]|[\-'.\/+](?=[^\W_*?$]|[*?$]))*")
_YEARS = re.compile(r"([0-9]{4})(?:-([0-9]{4}))?")
_WILDCARDS = "*?$"


class _Refused(Exception):
    """The line cannot be read; the diagnostic is already recorded."""


class _Reader:
    def __init__(self, line: NativeLine) -> None:
        self.line = line
        self.text = line.text
        self.diagnostics: list[Diagnostic] = []
        starts = [0]
        starts.extend(i + 1 for i, c in enumerate(self.text) if c == "\n")
        self._line_starts = starts

    # -- positions ----------------------------------------------------------

    def _position(self, index: int) -> tuple[int, int]:
        row = 0
        for i, start in enumerate(self._line_starts):
            if start <= index:
                row = i
        column = index - self._line_starts[row] + (self.line.column if row == 0 else 1)
        return self.line.line + row, column

    def span(self, start: int, end: int) -> Span:
        end = max(end, start)
        line, column = self._position(start)
        end_line, end_column = self._position(end)
        return Span(line, column, end_line, end_column,
                    self.line.offset + start, self.line.offset + end)

    def say(self, code: str, message: str, start: int, end: int, hint: str) -> None:
        self.diagnostics.append(codes.make(code, message, self.span(start, end), hint))

    def refuse(self, code: str, message: str, start: int, end: int, hint: str) -> _Refused:
        self.say(code, message, start, end, hint)
        return _Refused()

    # -- the line -----------------------------------------------------------

    def read(self) -> str:
        tree = parse_wos(self.text)
        if isinstance(tree, SyntaxProblem):
            raise self.refuse("IM214", tree.message, tree.start, tree.end, tree.hint)
        operands = _and_operands(tree)
        limits = [op for op in operands if _limit_tag(op)]
        if limits and len(limits) == len(operands):
            first = limits[0]
            raise self.refuse(
                "IM211", "the search holds only limits (PY=, LA=): the portable language "
                "needs a search term or a #n besides them", first.start, limits[-1].end,
                "AND the limits with the search they restrict: #1 AND PY=(2013-2023)",
            )
        if not limits:
            return self.expr(tree, None)
        for group in _and_groups(tree):
            if group.op == "SAME":
                self.say_same(group)
        parts = []
        for op in operands:
            if _limit_tag(op):
                assert isinstance(op, Tagged)
                parts.append(self.limit(op))
            else:
                parts.append(self.wrapped(op, None))
        return " AND ".join(parts)

    # -- expressions ---------------------------------------------------------

    def wrapped(self, node: Node, field: str | None) -> str:
        text = self.expr(node, field)
        return f"({text})" if _compound(node, field) else text

    def expr(self, node: Node, field: str | None) -> str:
        if isinstance(node, Term):
            return self.term(node, field)
        if isinstance(node, SetRef):
            if field is not None:
                raise self.refuse(
                    "IM216", f"#{node.number} inside a field tag: a search set has no field",
                    node.start, node.end, f"write #{node.number} outside the tag: #{node.number} AND TS=(...)",
                )
            return f"#{node.number}"
        if isinstance(node, Tagged):
            return self.tagged(node, field)
        return self.group(node, field)

    def group(self, node: Group, field: str | None) -> str:
        if node.op == "NEAR":
            return self.near(node, field)
        if node.op == "SAME":
            self.say_same(node)
        if node.implicit and field in _QUOTED_FIELDS and _all_terms(node):
            # AU=Smith J: the words of one name (or one identifier), not an AND
            joined = Term(" ".join(op.text for op in node.operands if isinstance(op, Term)),
                          True, node.start, node.end)
            for operand in node.operands:
                assert isinstance(operand, Term)
                self.term_text(operand, field)  # each word's own checks
            return self.term_text(joined, field)
        for operand in node.operands:
            if isinstance(operand, Tagged) and _limit_tag(operand):
                raise self.refuse(
                    "IM211", f"{operand.tag}= inside {_where(node)}: a portable limit (year:, "
                    "lang:) restricts a whole line and may only be ANDed at its top level",
                    operand.start, operand.end,
                    "move the limit out, ANDed with the whole search, or split the line",
                )
        if node.op == "NOT":
            text = self.wrapped(node.operands[0], field)
            for operand in node.operands[1:]:
                text = f"{text} NOT {self.wrapped(operand, field)}"
                # each further NOT applies to the result so far: ((a NOT b) NOT c)
                if operand is not node.operands[-1]:
                    text = f"({text})"
            return text
        op = "OR" if node.op == "OR" else "AND"
        parts = [self._flat(operand, field, node) for operand in node.operands]
        return f" {op} ".join(parts)

    def say_same(self, node: Group) -> None:
        for start, end in node.op_spans:
            self.say(
                "IM203", "SAME is read as AND: Web of Science documents SAME for Address "
                "searches (terms in the same address); older help has it as 'in the same "
                "sentence'; AND finds at least as much",
                start, end, "write AND, or NEAR/n to keep the terms close",
            )

    def _flat(self, operand: Node, field: str | None, parent: Group) -> str:
        """An operand of an OR or AND chain: a chain of the same operator
        is joined without parentheses (the same meaning, fewer of them)."""
        if isinstance(operand, Group) and operand.op != "NEAR" and _joins(operand) == _joins(parent):
            return self.group(operand, field)
        return self.wrapped(operand, field)

    def near(self, node: Group, field: str | None) -> str:
        distance = node.distance if node.distance is not None else DEFAULT_NEAR
        if node.bare:
            for start, end in node.op_spans:
                if end - start == 4:
                    self.say(
                        "IM204", f"a bare NEAR is NEAR/{DEFAULT_NEAR} in Web of Science: written "
                        f"NEAR/{DEFAULT_NEAR}", start, end,
                        "the portable language always writes the distance",
                    )
        if len(node.operands) > 2:
            start, end = node.op_spans[1]
            raise self.refuse(
                "IM210", "a chain of NEAR: the portable language takes two NEAR operands",
                start, end, "split it: (a NEAR/3 b) AND (b NEAR/3 c), or use a phrase",
            )
        fields = []
        for operand in node.operands:
            self._near_operand(operand)
            fields.append(_field_of(operand, field))
        if fields[0] != fields[1]:
            raise self.refuse(
                "IM210", "the two NEAR operands search different fields", node.start, node.end,
                "put the NEAR inside one tag: TS=(a NEAR/3 b)",
            )
        left, right = (self.wrapped(op, field) for op in node.operands)
        return f"{left} NEAR/{distance} {right}"

    def _near_operand(self, operand: Node) -> None:
        if isinstance(operand, Tagged):
            self._near_operand(operand.operand)
            return
        if isinstance(operand, Term):
            return
        if isinstance(operand, SetRef):
            raise self.refuse("IM210", f"#{operand.number} as a NEAR operand",
                              operand.start, operand.end, "NEAR joins words and phrases only")
        if operand.op == "OR":
            for inner in operand.operands:
                self._near_operand(inner)
            return
        if operand.op in ("AND", "NOT", "SAME"):
            implied = "an implied AND (terms side by side)" if operand.implicit else operand.op
            hint = ('quote the words to make a phrase: "spider bite"' if operand.implicit
                    else "use NEAR only between words, phrases or OR groups of them")
            raise self.refuse(
                "IM209", f"{implied} inside a NEAR operand: Web of Science refuses this too",
                operand.start, operand.end, hint,
            )
        raise self.refuse(
            "IM210", "a NEAR inside a NEAR operand: the portable language does not nest NEAR",
            operand.start, operand.end, 'write the inner pair as a phrase: "monetary union"',
        )

    def tagged(self, node: Tagged, field: str | None) -> str:
        tag = node.tag
        if tag in ("PY", "LA"):
            raise self.refuse(
                "IM211", f"{tag}= inside a field tag or a NEAR: a limit restricts a whole line",
                node.start, node.end, "move the limit out, ANDed with the whole search",
            )
        if tag in TAGS:
            name = TAGS[tag]
        elif tag in _CLOSEST:
            name, code, message, hint = _CLOSEST[tag]
            self.say(code, message, node.start, node.tag_end, hint)
        elif tag in _NO_FIELD:
            raise self.refuse(
                "IM206", f"{tag}= ({_NO_FIELD[tag]}) has no portable field",
                node.start, node.tag_end,
                "remove it and apply it in Web of Science by hand, or refine the results there"
                if tag in ("WC", "SU") else "remove it, or search its words in topic: instead",
            )
        else:
            raise self.refuse(
                "IM208", f"{tag}= is not a Web of Science field tag querylang knows",
                node.start, node.tag_end,
                "use TS= TI= AB= AK= AU= SO= DO= IS= DT= PY= LA= or ALL=",
            )
        if name == "pt":
            return self.document_types(node)
        if name == "issn":
            self.check_issns(node)
        text = self.expr(node.operand, name)
        if name == field:
            return text
        if _compound(node.operand, name):
            text = f"({text})"
        return f"{name}:{text}"

    # -- terms ----------------------------------------------------------------

    def term(self, node: Term, field: str | None) -> str:
        if field is None:
            self.say(
                "IM201", f"{node.text!r} has no field tag: read as TS= (topic:)",
                node.start, node.end,
                "write the tag Web of Science should search: TS=, TI=, AB=...",
            )
            return f"topic:{self.term_text(node, 'topic')}"
        return self.term_text(node, field)

    def term_text(self, node: Term, field: str) -> str:
        if not node.text.strip():
            raise self.refuse("IM214", "an empty phrase", node.start, node.end,
                              "put words inside the quotes, or remove them")
        for word_start, word in _words(node):
            if word[0] in _WILDCARDS:
                raise self.refuse(
                    "IM205", f"{word}: a wildcard at the start of a word (left-hand truncation) "
                    "has no portable form", node.start + word_start,
                    node.start + word_start + len(word),
                    f"write out the words {word} should find, ORed (peroxide OR sulfoxide for *oxide)",
                )
        if field in ("mesh", "mesh-noexp") and "/" in node.text:
            self.check_subheadings(node)
        text = node.text.replace("\u201c", "").replace("\u201d", "")
        if node.quoted or field in _QUOTED_FIELDS:
            return '"' + " ".join(text.split()) + '"'
        if not _PORTABLE_WORD.fullmatch(text):
            self.say(
                "IM221", f"{text} is quoted: the portable language takes it only as a phrase "
                "(Web of Science does not lemmatize a quoted term)", node.start, node.end,
                "write the word without the punctuation if variants should match",
            )
            return f'"{text}"'
        return text

    def document_types(self, node: Tagged) -> str:
        values: list[str] = []
        for term in _or_terms(node.operand):
            if term is None:
                raise self.refuse("IM217", "DT= takes document types ORed", node.start, node.end,
                                  "write DT=(Article OR Review)")
            name = " ".join(term.text.split())
            found = DOCUMENT_TYPES.get(name.lower())
            if found is None:
                raise self.refuse(
                    "IM218", f"DT={name}: no PubMed publication type names this Web of Science "
                    "document type", term.start, term.end,
                    "remove it and refine by document type in Web of Science by hand",
                )
            known, same = found
            if not same:
                self.say("IM215", f"DT={name} is read as pt:\"{known}\", which is not the same "
                         "set of records", term.start, term.end,
                         f"check a sample of the pt:\"{known}\" records in PubMed")
            values.append(f'"{known}"')
        if len(values) == 1:
            return f"pt:{values[0]}"
        return f"pt:({' OR '.join(values)})"

    def check_subheadings(self, node: Term) -> None:
        """``Asthma/drug therapy``: in the portable language the part after
        the slash is a MeSH subheading, so it must be one."""
        _, qualifiers = split_heading(node.text)
        for qualifier in qualifiers:
            if subheading(qualifier) is None:
                raise self.refuse(
                    "IM220", f"{node.text}: {qualifier!r} after the slash is not a MeSH "
                    "subheading", node.start, node.end,
                    "write the heading alone, or Heading/subheading with one of MeSH's 76 "
                    "subheadings (Asthma/drug therapy)",
                )

    def check_issns(self, node: Tagged) -> None:
        for term in _or_terms(node.operand):
            problem = issn_problem(term.text) if term is not None else "ISSNs ORed"
            if problem is not None:
                where = term if term is not None else node
                raise self.refuse(
                    "IM219", f"{node.tag}={where.text if isinstance(where, Term) else '(...)'}: "
                    f"not an ISSN the portable language can carry ({problem})",
                    where.start, where.end,
                    "IS= also finds ISBNs, which have no portable field: keep ISSNs "
                    "(NNNN-NNNC), ORed",
                )

    # -- limits ---------------------------------------------------------------

    def limit(self, node: Tagged) -> str:
        return self.years(node) if node.tag == "PY" else self.languages(node)

    def years(self, node: Tagged) -> str:
        spans: list[tuple[int, int]] = []
        for term in _or_terms(node.operand):
            match = _YEARS.fullmatch(term.text) if term is not None else None
            if term is None or match is None:
                raise self.refuse(
                    "IM212", "PY= takes a year or a range of years", node.start, node.end,
                    "write PY=2020 or PY=(2013-2023)",
                )
            start = int(match.group(1))
            end = int(match.group(2) or start)
            if end < start:
                raise self.refuse("IM212", f"PY={term.text}: the range ends before it starts",
                                  term.start, term.end, f"write PY=({end}-{start})")
            spans.append((start, end))
        spans.sort()
        low, high = spans[0]
        for start, end in spans[1:]:
            if start > high + 1:
                raise self.refuse(
                    "IM212", "PY= years that do not follow on: a portable year: limit is one range",
                    node.start, node.end, "use one range, or one line per range ORed with #n",
                )
            high = max(high, end)
        return f"year:{low}" if low == high else f"year:{low}-{high}"

    def languages(self, node: Tagged) -> str:
        names: list[str] = []
        for term in _or_terms(node.operand):
            if term is None:
                raise self.refuse("IM213", "LA= takes languages ORed", node.start, node.end,
                                  "write LA=(English OR French)")
            language = resolve_language(term.text)
            if language is None:
                close = close_languages(term.text)
                hint = f"did you mean {', '.join(close)}?" if close else "write the language's English name"
                raise self.refuse("IM213", f"LA={term.text}: unknown language",
                                  term.start, term.end, hint)
            if language not in names:
                names.append(language)
        if len(names) == 1:
            return f"lang:{names[0]}"
        return f"lang:({' OR '.join(names)})"


# -- helpers -----------------------------------------------------------------------


def _and_operands(node: Node) -> list[Node]:
    """The operands ANDed at the top of a line (written, implied or SAME)."""
    if isinstance(node, Group) and node.op in ("AND", "SAME"):
        # AND is associative: (PY=2020 AND LA=English) AND #1 is three operands
        out: list[Node] = []
        for operand in node.operands:
            out.extend(_and_operands(operand))
        return out
    return [node]


def _and_groups(node: Node) -> list[Group]:
    """The AND and SAME groups :func:`_and_operands` looks through."""
    if isinstance(node, Group) and node.op in ("AND", "SAME"):
        return [node, *(g for operand in node.operands for g in _and_groups(operand))]
    return []


def _limit_tag(node: Node) -> bool:
    return isinstance(node, Tagged) and node.tag in ("PY", "LA")


def _compound(node: Node, field: str | None) -> bool:
    """True when the node is written as several terms with operators (so it
    needs parentheses as an operand); one name or identifier is one term."""
    if not isinstance(node, Group):
        return False
    return not (node.implicit and field in _QUOTED_FIELDS and _all_terms(node))


def _joins(node: Group) -> str:
    return "OR" if node.op == "OR" else ("AND" if node.op in ("AND", "SAME") else node.op)


def _where(node: Group) -> str:
    if node.implicit:
        return "terms side by side"
    return f"{node.op}"


def _field_of(node: Node, field: str | None) -> str:
    """The portable field a NEAR operand searches (an untagged term: topic)."""
    if isinstance(node, Tagged):
        if node.tag in _CLOSEST:
            return _CLOSEST[node.tag][0]
        return TAGS.get(node.tag, node.tag)
    return field or "topic"


def _or_terms(node: Node) -> list[Term | None]:
    """The terms of an OR group (a lone term is a group of one); None marks
    anything else, which the caller refuses."""
    if isinstance(node, Term):
        return [node]
    if isinstance(node, Group) and node.op == "OR":
        out: list[Term | None] = []
        for operand in node.operands:
            out.extend(_or_terms(operand))
        return out
    if isinstance(node, Group) and node.implicit:
        words = [op for op in node.operands if isinstance(op, Term)]
        if len(words) == len(node.operands):
            # DT=(Editorial Material): one value of several words
            return [Term(" ".join(w.text for w in words), False, words[0].start, words[-1].end)]
    return [None]


def _words(node: Term) -> list[tuple[int, str]]:
    """Each word of a term with its offset inside the term's text."""
    base = 1 if node.quoted else 0
    return [(base + m.start(), m.group()) for m in re.finditer(r"\S+", node.text)]


def _all_terms(node: Group) -> bool:
    return all(isinstance(op, Term) for op in node.operands)


def read_wos_line(line: NativeLine) -> Translated:
    """One Web of Science search as portable text, with what could not be
    carried exactly. On a refusal the text is empty and an error says why."""
    reader = _Reader(line)
    try:
        text = reader.read()
    except _Refused:
        return Translated("", tuple(reader.diagnostics))
    except RecursionError:
        reader.say("IM214", "the search is nested too deeply to read", 0, len(line.text),
                   "use fewer levels of parentheses")
        return Translated("", tuple(reader.diagnostics))
    return Translated(text, tuple(reader.diagnostics))
