"""Search syntax pasted from a database's own interface, and its portable form.

People copy strategies out of PubMed (``asthma[tiab]``), Web of Science
(``TS=(...)``), Ovid (``asthma.ti,ab.``, ``exp Asthma/``, ``asthm$``,
``adj3``), EBSCO (``TI asthma``) and Scopus (``TITLE-ABS-KEY(...)``). None of
it is the portable language, and read as such it gives either a cascade of
syntax errors or, inside quotes, a phrase that finds nothing. This module
recognises those forms in a piece of text and names, for each, the portable
form to write instead (``tiab:asthma``). It runs only where something is
already wrong (a line that does not parse, two terms side by side, a phrase
with punctuation), never on the path of a clean strategy.

Sources for each syntax: PubMed Help ("Search Field Descriptions and
Tags"); Web of Science Core Collection Help ("Field Tags", "Search
Operators", "Wildcards"); Ovid's "Ovid Syntax Guide" (field suffixes,
``exp``, ``$`` truncation, ``ADJn``); EBSCOhost Help ("Field Codes");
Scopus Search Guide ("Field codes").
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from querylang import codes
from querylang.ast import Span
from querylang.diagnostics import Diagnostic
from querylang.fields import FIELDS
from querylang.record import record

__all__ = ["Pasted", "find_pasted", "pasted_diagnostic"]


@record(frozen=True)
class Pasted:
    """One recognised piece of another database's syntax: ``text[start:end]``."""

    start: int
    end: int
    #: What it is, e.g. "PubMed field tag asthma[tiab]".
    what: str
    #: The portable form to write instead, e.g. ``tiab:asthma`` ("": none).
    portable: str
    #: What to say when there is no portable form.
    instead: str = "querylang has no portable field for this tag: see the fields in docs/language.md"
    #: Said after the portable form when it is only the closest one.
    closest: str = ""


# -- the portable form of a term ------------------------------------------------

_OPERATOR_WORDS = frozenset({"and", "or", "not"})

#: PubMed tag (lower case, long or short form) -> portable field. Tags with
#: no portable field are named in the hint instead.
_PUBMED_TAGS: dict[str, str] = {
    "tiab": "tiab", "title/abstract": "tiab",
    "ti": "ti", "title": "ti",
    "ab": "ab", "abstract": "ab",
    "au": "au", "author": "au", "auth": "au", "1au": "au", "lastau": "au",
    "mh": "mesh", "mesh": "mesh", "mesh terms": "mesh",
    "mh:noexp": "mesh-noexp", "mesh:noexp": "mesh-noexp", "mesh terms:noexp": "mesh-noexp",
    "majr": "mesh-major", "mesh major topic": "mesh-major",
    "majr:noexp": "mesh-major", "mesh major topic:noexp": "mesh-major",
    "ta": "so", "journal": "so", "jour": "so",
    "all": "all", "all fields": "all",
    "ot": "kw", "other term": "kw",
    "doi": "doi", "lid": "doi", "aid": "doi",
    "tw": "tw", "text word": "tw",
    "pt": "pt", "publication type": "pt",
    "sh": "sh", "subheading": "sh",
    "is": "issn", "issn": "issn",
    "la": "lang", "lang": "lang", "language": "lang",
    "dp": "year", "pdat": "year", "date - publication": "year", "publication date": "year",
}

#: Web of Science field tag -> portable field (as the import reads them:
#: querylang.databases.wos.importer).
_WOS_TAGS: dict[str, str] = {
    "TS": "topic", "TOPIC": "topic", "TI": "ti", "TITLE": "ti", "AB": "ab", "AU": "au",
    "SO": "so", "AK": "kw", "DO": "doi", "PY": "year", "LA": "lang", "ALL": "all",
    "DT": "pt", "IS": "issn", "KP": "topic", "MHX": "mesh", "MH": "mesh-noexp",
}
#: Tags whose portable field is only the closest one: what to say after it.
_WOS_CLOSEST: dict[str, str] = {
    "KP": "the closest field: KP= is Keywords Plus only, topic: also searches title, "
          "abstract and author keywords",
    "MHX": "MHX= is MeSH in Web of Science's MEDLINE: mesh: is exact in PubMed only",
    "MH": "MH= is MeSH in Web of Science's MEDLINE: mesh-noexp: is exact in PubMed only",
}
#: Web of Science tags with no portable field: what they search.
_WOS_NO_FIELD: dict[str, str] = {
    "WC": "Web of Science Categories", "SU": "Research Areas", "AD": "Address",
    "OG": "Organization-Enhanced", "CU": "Country/Region", "FO": "Funding Agency",
    "GP": "Group Author", "UT": "Accession Number",
}

#: Scopus field code -> portable field.
_SCOPUS_CODES: dict[str, str] = {
    "TITLE-ABS-KEY": "topic", "TITLE-ABS": "tiab", "TITLE": "ti", "ABS": "ab",
    "KEY": "kw", "AUTHKEY": "kw", "AUTH": "au", "AUTHOR-NAME": "au", "SRCTITLE": "so",
    "DOI": "doi", "LANGUAGE": "lang", "ALL": "all",
}

#: EBSCOhost field code -> portable field.
_EBSCO_CODES: dict[str, str] = {
    "TI": "ti", "AB": "ab", "AU": "au", "KW": "kw", "SO": "so", "TX": "all",
    "MH": "mesh", "MM": "mesh-major", "LA": "lang",
}

#: Ovid field suffix -> the portable fields it stands for (.tw. and .mp.
#: search title and abstract among others: tiab is the closest field).
_OVID_SUFFIXES: dict[str, tuple[str, ...]] = {
    "ti": ("ti",), "ab": ("ab",), "tw": ("ti", "ab"), "mp": ("ti", "ab"),
    "kw": ("kw",), "kf": ("kw",), "ot": ("kw",), "au": ("au",), "jn": ("so",),
    "jw": ("so",), "sh": ("mesh-noexp",), "pt": ("pt",), "lg": ("lang",), "yr": ("year",),
}

_FIELD_SETS: dict[frozenset[str], str] = {
    frozenset({"ti", "ab"}): "tiab",
    frozenset({"ti", "ab", "kw"}): "topic",
}

#: Longest hint shown in full: a longer group is written ``field:(...)``.
_LONGEST = 60


def _portable_inner(text: str) -> str:
    """Lower-case operators and Ovid's ADJn in the portable spelling.
    (``$`` is left alone: it is truncation in Ovid but "zero or one
    character" in Web of Science, and is reported on its own.)"""
    text = re.sub(r"\b(and|or|not)\b", lambda m: m.group().upper(), text)
    return re.sub(
        r"\b[Aa][Dd][Jj]([0-9]+)\b", lambda m: f"NEAR/{max(0, int(m.group(1)) - 1)}", text
    )


def _fielded(field: str, term: str) -> str:
    """``field:term`` in the portable language (limits written as limits)."""
    if term.startswith("(") and len(term) > 4 * _LONGEST:
        term = "(...)"  # shown shortened anyway: not worth converting
    term = " ".join(term.split())  # a group may run over continuation lines
    if field == "year":
        years = re.findall(r"[0-9]{4}", term)
        if not years:
            return "year:2013-2023"
        return f"year:{years[0]}" if len(years) == 1 else f"year:{years[0]}-{years[-1]}"
    if field == "lang":
        words = re.findall(r"[A-Za-z]+", term)
        words = [word.lower() for word in words if word.lower() not in _OPERATOR_WORDS]
        if len(words) > 1:
            return "lang:(" + " OR ".join(words) + ")"
        return "lang:" + (words[0] if words else "english")
    if field not in FIELDS:
        return ""  # no portable field: the caller says so
    if field.startswith("mesh"):
        if re.fullmatch(r'\(\s*"[^"]*"\s*\)', term):  # MHX=("Asthma"): one heading
            term = term[1:-1].strip()
        term = term.strip('"').rstrip("+").strip()
        if not term.startswith("("):
            return f'{field}:"{term}"'
    inner = _portable_inner(term)
    if inner.startswith("(") and len(inner) > _LONGEST:
        inner = "(...)"
    if not inner.startswith(("(", '"')) and " " in inner:
        inner = f'"{inner}"'
    return f"{field}:{inner}"


# -- terms next to a marker --------------------------------------------------------


@lru_cache(maxsize=4)
def _paren_pairs(text: str) -> tuple[dict[int, int], dict[int, int]]:
    """Each ``(`` -> the end after its ``)`` (the text's end when none closes
    it), and each ``)`` -> its ``(``: found once per text, so that a text with
    thousands of groups is not scanned once per group."""
    ends: dict[int, int] = {}
    starts: dict[int, int] = {}
    open_: list[int] = []
    for index, char in enumerate(text):
        if char == "(":
            open_.append(index)
        elif char == ")":
            if open_:
                start = open_.pop()
                ends[start] = index + 1
                starts[index] = start
            else:
                starts[index] = 0
    for start in open_:
        ends[start] = len(text)
    return ends, starts


def _term_end(text: str, pos: int) -> int:
    """End of the word, phrase or balanced group starting at ``pos``."""
    if pos >= len(text):
        return pos
    if text[pos] == "(":
        return _paren_pairs(text)[0][pos]
    if text[pos] == '"':
        close = text.find('"', pos + 1)
        return len(text) if close == -1 else close + 1
    match = _WORD_RUN.match(text, pos)
    return match.end() if match else pos


_WORD_RUN = re.compile(r"[^\s()\"]+")


def _term_start(text: str, end: int) -> int:
    """Start of the word, phrase or balanced group ending at ``end``."""
    if end <= 0:
        return end
    if text[end - 1] == ")":
        return _paren_pairs(text)[1][end - 1]
    if text[end - 1] == '"':
        open_ = text.rfind('"', 0, end - 1)
        return 0 if open_ == -1 else open_
    start = end
    while start > 0 and not text[start - 1].isspace() and text[start - 1] not in '()"':
        start -= 1
    return start


# -- the syntaxes -------------------------------------------------------------------

_Rule = Callable[[str, "re.Match[str]"], Pasted | None]

#: Each pattern below starts only where its term can start (a lookbehind),
#: so a long run of characters is scanned once, not once per character.
_PUBMED = re.compile(
    r'(?P<term>"[^"\n]*"|(?<![^\s(\["])[^\s()\[\]"]+)\[(?P<tag>[A-Za-z0-9][A-Za-z0-9 /:~\-]{0,30})\]'
)


def _pubmed(text: str, match: re.Match[str]) -> Pasted | None:
    term, tag = match["term"], match["tag"]
    if term.lower() in _OPERATOR_WORDS:
        return None
    proximity = re.fullmatch(r"(?P<tag>[A-Za-z /]+):~(?P<n>[0-9]+)", tag.strip())
    if proximity is not None:
        return _pubmed_proximity(match, term, proximity)
    field = _PUBMED_TAGS.get(tag.strip().lower())
    start = match.start()
    if field == "au" and not term.startswith('"'):
        # smith j[au]: PubMed reads the name before the tag as one author.
        before = re.search(r"([^\W_][\w\-']*) $", text[:start])
        if before is not None and before.group(1).lower() not in _OPERATOR_WORDS:
            start, term = before.start(), f'"{before.group(1)} {term}"'
    portable = _fielded(field, term) if field else ""
    return Pasted(start, match.end(), f"PubMed field tag {text[start:match.end()]}", portable)


def _pubmed_proximity(
    match: re.Match[str], term: str, proximity: re.Match[str]
) -> Pasted:
    """``"hip pain"[tiab:~2]``: PubMed's proximity, at most n words between
    the words of the phrase, in any order (PubMed Help, "Proximity
    Searching"): NEAR/n between them."""
    field = _PUBMED_TAGS.get(proximity["tag"].strip().lower(), "")
    words = term.strip('"').split()
    what = f"PubMed proximity search {match.group()}"
    if len(words) > 2:  # a chain of NEARs is not the same search
        return Pasted(match.start(), match.end(), what, "",
                      "NEAR/n joins two terms: write the two words that must stand close,"
                      " e.g. tiab:(hip NEAR/2 pain)")
    portable = ""
    if field in FIELDS and len(words) == 2:
        portable = f"{field}:({words[0]} NEAR/{proximity['n']} {words[1]})"
    return Pasted(match.start(), match.end(), what, portable)


_WOS = re.compile(
    r"(?<![\w\-])(?P<tag>"
    + "|".join(sorted([*_WOS_TAGS, *_WOS_NO_FIELD], key=len, reverse=True))
    + r")[ \t]*=[ \t]*",
    re.IGNORECASE,
)


def _wos(text: str, match: re.Match[str]) -> Pasted | None:
    end = _term_end(text, match.end())
    term = text[match.end() : end]
    if not term:
        return None
    tag = match["tag"].upper()
    written = text[match.start() : end]
    what = f"Web of Science field tag {_short(written)}"
    if tag in _WOS_NO_FIELD:
        return Pasted(match.start(), end, what, "",
                      f"{tag}= searches {_WOS_NO_FIELD[tag]}, which has no portable field:"
                      " search its words in topic: instead, or keep it in Web of Science by hand")
    return Pasted(match.start(), end, what, _fielded(_WOS_TAGS[tag], term),
                  closest=_WOS_CLOSEST.get(tag, ""))


_SCOPUS = re.compile(
    r"(?<![\w\-])(?P<code>TITLE-ABS-KEY|TITLE-ABS|TITLE|ABS|AUTHKEY|KEY|AUTHOR-NAME|AUTH"
    r"|SRCTITLE|DOI|LANGUAGE|ALL)[ \t]*(?=\()"
)


def _scopus(text: str, match: re.Match[str]) -> Pasted | None:
    end = _term_end(text, match.end())
    term = text[match.end() : end]
    written = text[match.start() : end]
    return Pasted(match.start(), end, f"Scopus field code {_short(written)}",
                  _fielded(_SCOPUS_CODES[match["code"]], term))


_OVID_SUFFIX = re.compile(
    r"\.(?P<codes>(?:ti|ab|tw|mp|kw|kf|ot|au|jn|jw|sh|pt|lg|yr)"
    r"(?:,(?:ti|ab|tw|mp|kw|kf|ot|au|jn|jw|sh|pt|lg|yr))*)\.(?=[\s)]|$)"
)


def _ovid_suffix(text: str, match: re.Match[str]) -> Pasted | None:
    start = _term_start(text, match.start())
    term = text[start : match.start()]
    if not term:
        return None
    fields: set[str] = set()
    for code in match["codes"].split(","):
        fields.update(_OVID_SUFFIXES[code])
    if len(fields) == 1:
        portable = _fielded(next(iter(fields)), term)
    elif frozenset(fields) in _FIELD_SETS:
        portable = _fielded(_FIELD_SETS[frozenset(fields)], term)
    else:
        portable = "(" + " OR ".join(_fielded(field, term) for field in sorted(fields)) + ")"
    written = text[start : match.end()]
    return Pasted(start, match.end(), f"Ovid field suffix {_short(written)}", portable)


#: A subject heading: ``Asthma/``, ``exp Asthma/``, ``*Asthma/``, with an
#: optional subheading (``Asthma/dt``); the heading starts upper case.
_OVID_HEADING = re.compile(r"(?<=[\w)])/(?:[a-z]{2}(?:,[a-z]{2})*)?(?=[\s)]|$)")
_HEADING_BEFORE = re.compile(r"[A-Za-z0-9*][\w ,'\-*]*$")
#: How far back a heading is looked for: no MeSH heading is longer.
_LONGEST_HEADING = 120


def _ovid_heading(text: str, match: re.Match[str]) -> Pasted | None:
    line_start = text.rfind("\n", 0, match.start()) + 1
    line_start = max(line_start, match.start() - _LONGEST_HEADING)
    found = _HEADING_BEFORE.search(text, line_start, match.start())
    if found is None:
        return None
    words = found.group().split(" ")
    start = found.start()
    # The heading starts after the last operator word or line number.
    for index in range(len(words) - 1, -1, -1):
        if words[index].lower() in _OPERATOR_WORDS or words[index].rstrip(".").isdigit():
            start += sum(len(word) + 1 for word in words[: index + 1])
            words = words[index + 1 :]
            break
    while words and not words[0]:
        words, start = words[1:], start + 1
    exploded = bool(words) and words[0].lower() == "exp"
    heading = " ".join(words[1:] if exploded else words).strip()
    major = heading.startswith("*")
    heading = heading.lstrip("*").strip()
    if not heading or not heading[0].isupper():
        return None
    field = "mesh-major" if major else "mesh" if exploded else "mesh-noexp"
    written = text[start : match.end()]
    return Pasted(start, match.end(), f"Ovid subject heading {_short(written)}",
                  f'{field}:"{heading}"')


_DOLLAR = re.compile(
    r"(?<![\w\-'])(?P<stem>[^\W_][\w\-']*)\$(?P<limit>[0-9]*)(?P<rest>[^\W_]\w*)?"
)


def _dollar(text: str, match: re.Match[str]) -> Pasted | None:
    stem, rest = match["stem"], match["rest"]
    if rest:  # inside a word: Web of Science's "zero or one character"
        return Pasted(match.start(), match.end(),
                      f"Web of Science wildcard $ (zero or one character) in {match.group()}",
                      f"({stem}{rest} OR {stem}?{rest})")
    return Pasted(match.start(), match.end(), f"Ovid truncation {match.group()}", f"{stem}*")


_ADJ = re.compile(r"(?<=[\s)\"])(?P<op>[Aa][Dd][Jj])(?P<n>[0-9]*)(?=[\s(\"])")


def _adjacency(text: str, match: re.Match[str]) -> Pasted | None:
    left_end = match.start()
    while left_end > 0 and text[left_end - 1] in " \t":
        left_end -= 1
    right_start = match.end()
    while right_start < len(text) and text[right_start] in " \t":
        right_start += 1
    left = text[_term_start(text, left_end) : left_end]
    right = text[right_start : _term_end(text, right_start)]
    if not left or not right:
        return None
    left, right = _portable_inner(_brief(left)), _portable_inner(_brief(right))
    if match["n"]:
        # Ovid's ADJn: within n words, so at most n - 1 words between;
        # NEAR/n counts the words between.
        portable = f"{left} NEAR/{max(0, int(match['n']) - 1)} {right}"
    else:  # ADJ: next to each other, in this order
        portable = f'"{left.strip(chr(34))} {right.strip(chr(34))}"'
    return Pasted(match.start(), match.end(), f"Ovid proximity {match.group()}", portable)


#: A phrase with a slop (Lucene's proximity, as in Europe PMC): its words
#: within n words of each other.
_SLOP = re.compile(r'"[^"\n]*"~(?P<n>[0-9]+)')


def _slop(text: str, match: re.Match[str]) -> Pasted | None:
    words = text[match.start() + 1 : match.end() - len(match["n"]) - 2].split()
    what = f"proximity search {_short(text[match.start() : match.end()])}"
    if len(words) != 2:  # a chain of NEARs is not the same search
        return Pasted(match.start(), match.end(), what, "",
                      "NEAR/n joins two terms: write the two words that must stand close,"
                      f" e.g. heart NEAR/{match['n']} attack")
    return Pasted(match.start(), match.end(), what, f"{words[0]} NEAR/{match['n']} {words[1]}")


_EBSCO = re.compile(
    r"(?<![\w\-=\"])(?P<code>TI|AB|AU|KW|SO|TX|MH|MM|LA)[ \t]+(?!AND\b|OR\b|NOT\b|NEAR\b|[=\s])"
)


def _ebsco(text: str, match: re.Match[str]) -> Pasted | None:
    end = _term_end(text, match.end())
    term = text[match.end() : end]
    if not term:
        return None
    field = _EBSCO_CODES[match["code"]]
    if field == "mesh" and not term.rstrip('"').endswith("+"):
        field = "mesh-noexp"  # MH "Asthma" is this heading only; MH "Asthma+" explodes
    written = text[match.start() : end]
    return Pasted(match.start(), end, f"EBSCOhost field code {_short(written)}",
                  _fielded(field, term))


def _brief(term: str) -> str:
    """A group too long to show in a hint, as ``(...)``."""
    return "(...)" if len(term) > _LONGEST and term.startswith("(") else " ".join(term.split())


def _short(written: str) -> str:
    written = " ".join(written[:80].split())
    return written if len(written) <= 40 else written[:37] + "..."


#: Field syntaxes: also looked for inside a phrase.
_FIELD_RULES: tuple[tuple[re.Pattern[str], _Rule], ...] = (
    (_PUBMED, _pubmed),
    (_WOS, _wos),
    (_SCOPUS, _scopus),
    (_OVID_SUFFIX, _ovid_suffix),
)
_OTHER_RULES: tuple[tuple[re.Pattern[str], _Rule], ...] = (
    (_OVID_HEADING, _ovid_heading),
    (_DOLLAR, _dollar),
    (_ADJ, _adjacency),
    (_SLOP, _slop),
    (_EBSCO, _ebsco),
)

#: A phrase not followed by a PubMed tag: its inside is masked.
_PHRASE = re.compile(
    r'"[^"\n]*"(?!\[)|[\u201c\u201e\u00ab\u2018][^\n\u201c\u201e\u00ab\u2018]*?[\u201d\u201c\u00bb\u2019"]'
)
#: Longer text is not searched (a strategy line is far shorter; generated
#: input must not cost seconds on a path that only improves a message).
_LONGEST_TEXT = 20_000


def _mask_phrases(text: str) -> str:
    """``text`` with the inside of each phrase blanked (same length), so
    that syntax inside quotes is not taken for syntax outside them."""
    return _PHRASE.sub(lambda m: m.group()[0] + "_" * (len(m.group()) - 2) + m.group()[-1], text)


def find_pasted(text: str, *, in_phrase: bool = False) -> list[Pasted]:
    """Every piece of another database's syntax in ``text``, in order,
    without overlaps. ``in_phrase``: ``text`` is a phrase's content (only
    field syntax is looked for: ``$`` or ``adj`` in quotes may be words)."""
    if len(text) > _LONGEST_TEXT:
        return []
    scanned = text if in_phrase else _mask_phrases(text)
    rules = _FIELD_RULES if in_phrase else _FIELD_RULES + _OTHER_RULES
    found: list[Pasted] = []
    for pattern, rule in rules:
        for match in pattern.finditer(scanned):
            pasted = rule(text, match)
            if pasted is not None:
                found.append(pasted)
    found.sort(key=lambda p: (p.start, -p.end))
    kept: list[Pasted] = []
    for pasted in found:
        if kept and pasted.start < kept[-1].end:
            continue  # inside one already found (TS=(asthm$) is one finding)
        kept.append(pasted)
    return kept


def pasted_diagnostic(text: str, found: Pasted) -> Diagnostic:
    """QL012 for ``found`` (offsets in ``text``): its span and its portable form."""
    line = text.count("\n", 0, found.start) + 1
    column = found.start - (text.rfind("\n", 0, found.start) + 1) + 1
    width = max(1, min(found.end, _line_end(text, found.start)) - found.start)
    span = Span(line, column, line, column + width, found.start, found.end)
    hint = f"write {found.portable}" if found.portable else found.instead
    if found.portable and found.closest:
        hint += f" ({found.closest})"
    return codes.make("QL012", f"{found.what} is not querylang syntax", span, hint)


def _line_end(text: str, offset: int) -> int:
    end = text.find("\n", offset)
    return len(text) if end == -1 else end
