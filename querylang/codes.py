"""The registry: every diagnostic code querylang can emit, declared once.

Families:
    QL0xx  syntax (the parser)
    QL1xx  errors in the strategy (the checks)
    QL2xx  warnings about the strategy (the checks)
    CP     compiling, shared by every database
    IM     importing native strategies
    RF RD  fetching records; duplicates, overlap, exports
    KC     known-item checks

Each database's own family (PM PubMed, WS Web of Science, AX arXiv, IE IEEE
Xplore, ...) is declared in its package (``querylang/databases/<name>/
codes.py``, named by its registry entry's ``codes_path``) and added here on
first need.

A code's severity here is its default; ``--strict`` turns every code marked
``changes_meaning`` into an error. ``querylang explain CODE`` prints the entry.
"""

from __future__ import annotations

from collections.abc import ItemsView, Iterator, KeysView, ValuesView

from querylang.ast import NO_SPAN, Span
from querylang.diagnostics import CodeInfo, Diagnostic, Severity, code_info

__all__ = ["REGISTRY", "make", "lookup", "closest_codes"]

E, W, I = Severity.ERROR, Severity.WARNING, Severity.INFO  # noqa: E741 (short names keep the table readable)



class _CodeRegistry(dict[str, CodeInfo]):
    """Code -> entry. The core codes are declared below; each database's own
    codes (its module's ``codes_path``) are added the first time a code is
    missing or the whole table is read, so ``lint`` (core codes only) never
    loads the database registry."""

    _complete = False

    def _load_databases(self) -> None:
        if not self._complete:
            self._complete = True
            _register_database_codes()

    def __missing__(self, code: str) -> CodeInfo:
        if self._complete:
            raise KeyError(code)
        self._load_databases()
        return self[code]

    def get(self, code: str, default: CodeInfo | None = None) -> CodeInfo | None:  # type: ignore[override]
        try:
            return self[code]
        except KeyError:
            return default

    def __contains__(self, code: object) -> bool:
        if not super().__contains__(code):
            self._load_databases()
        return super().__contains__(code)

    def __iter__(self) -> Iterator[str]:
        self._load_databases()
        return super().__iter__()

    def __len__(self) -> int:
        self._load_databases()
        return super().__len__()

    def keys(self) -> KeysView[str]:  # type: ignore[override]
        self._load_databases()
        return super().keys()

    def values(self) -> ValuesView[CodeInfo]:  # type: ignore[override]
        self._load_databases()
        return super().values()

    def items(self) -> ItemsView[str, CodeInfo]:  # type: ignore[override]
        self._load_databases()
        return super().items()


REGISTRY: dict[str, CodeInfo] = _CodeRegistry()


def _code(
    code: str,
    severity: Severity,
    title: str,
    explanation: str,
    example: str,
    instead: str,
    *,
    changes_meaning: bool = False,
) -> None:
    if dict.__contains__(REGISTRY, code):  # a duplicate is a programming error, caught by the tests
        raise ValueError(f"diagnostic code {code} declared twice")
    REGISTRY[code] = code_info(
        code, severity, title, explanation, example, instead, changes_meaning=changes_meaning
    )


def make(
    code: str,
    message: str,
    span: Span = NO_SPAN,
    hint: str | None = None,
    *,
    target: str | None = None,
    severity: Severity | None = None,
) -> Diagnostic:
    """Build a diagnostic whose severity comes from the registry."""
    info = REGISTRY[code]
    return Diagnostic(code, severity or info.severity, message, span, hint, target)


def lookup(code: str) -> CodeInfo | None:
    return REGISTRY.get(code.strip().upper())


def closest_codes(code: str) -> list[str]:
    import difflib  # only on a mistake: keeps the start-up light

    return difflib.get_close_matches(code.strip().upper(), list(REGISTRY), n=3, cutoff=0.5)


# -- QL0xx: syntax -------------------------------------------------------------

_code(
    "QL001",
    E,
    "Unexpected character",
    """A character that has no meaning in the language stands where a term or
an operator was expected. Words are letters and digits, with - ' . / +
allowed inside a word; anything else (brackets, colons in the wrong place,
punctuation at a word's end) must go inside a quoted phrase.""",
    "covid-19 & vaccine",
    '"covid-19" AND vaccine',
)
_code(
    "QL002",
    E,
    "Unclosed quote",
    """A phrase opened with a double quote must be closed on the same physical
line. An unclosed quote would otherwise swallow the rest of the strategy.""",
    '"large language model OR LLM',
    '"large language model" OR LLM',
)
_code(
    "QL003",
    E,
    "Unclosed parenthesis",
    """Every ( needs a matching ). The line ends while a group is still open.""",
    "(radiology OR imaging AND GPT",
    "(radiology OR imaging) AND GPT",
)
_code(
    "QL004",
    E,
    "Unmatched closing parenthesis",
    """A ) appears with no ( open before it on the same search line. A group
never spans two numbered lines: each line is searched on its own, and #n
brings a whole earlier line in, already grouped.""",
    "radiology OR imaging) AND GPT",
    "(radiology OR imaging) AND GPT",
)
_code(
    "QL005",
    E,
    "Operator with nothing after it",
    """AND, OR, NOT and NEAR/n need a term on both sides. The line (or the
group) ends right after an operator.""",
    "radiology OR",
    "radiology OR imaging",
)
_code(
    "QL006",
    E,
    "Operator with nothing before it",
    """A line or a group starts with AND, OR or NEAR/n: the operator has no
left operand. (NOT at the start is QL114.)""",
    "OR radiology",
    "radiology",
)
_code(
    "QL007",
    E,
    "Line number does not match its position",
    """A line may start with its number and a dot ("3."). The number must be
the line's position in the strategy, so that #n references and the search
history read the same way.""",
    "1. asthma\n3. #1 AND child*",
    "1. asthma\n2. #1 AND child*",
)
_code(
    "QL008",
    E,
    "Empty strategy",
    """The input holds no search line: only blank lines or comments. A strategy
needs at least one line to search; its last line is the final query that
every database runs.""",
    "# nothing here",
    "asthma AND child*",
)
_code(
    "QL009",
    E,
    "Nesting too deep",
    """Parentheses are nested more deeply than querylang accepts (100 levels).
No database needs this; it usually means generated input went wrong.""",
    "((((((...))))))",
    "flatten the groups: (a OR b OR c)",
)
_code(
    "QL010",
    E,
    "Invalid syntax",
    """The parser could not read the line at this point, and the mistake is none
of the more specific ones (QL001 to QL006). Common causes: a field prefix with
nothing after it (ti:), a line number in the middle of a line, or two
operators in a row. The message names what stood where a term or an operator
was expected.""",
    "asthma AND AND child",
    "asthma AND child",
)
_code(
    "QL011",
    E,
    "Unknown operator or misplaced word",
    """A word that looks like an operator is not one here (for example NEAR
followed by something other than /n, NEAR3 with no slash, or an operator
keyword used as a field name).""",
    "asthma NEAR/x child",
    "asthma NEAR/3 child",
)

_code(
    "QL012",
    E,
    "Search syntax of another database",
    """The line holds syntax copied from a database's own interface: a PubMed
field tag (asthma[tiab]), a Web of Science field tag (TS=, TI=, AB=, AU=, DT=,
IS=, KP=, MHX=, WC=, ...), Ovid's field suffixes (.ti,ab.), subject headings
(exp Asthma/), $ truncation and ADJn proximity, an EBSCOhost field code (TI
asthma), a Scopus field code (TITLE-ABS-KEY(...)) or a phrase with a ~n
distance ("heart attack"~3, which is heart NEAR/3 attack). querylang writes
each database's own syntax from the portable form; the message names the
portable form of what was pasted (the closest one, said so, for KP=; none for
tags such as WC= that no portable field searches).
Ovid's adj3 finds the terms with at most 2 words between them, which is
NEAR/2 here (NEAR/n counts the words between the terms).""",
    "asthma[tiab] OR TS=(wheez*) OR exp Asthma/",
    'tiab:asthma OR topic:wheez* OR mesh:"Asthma"',
)
_code(
    "QL013",
    E,
    "Lines numbered in another style",
    """Lines are numbered 1. 2. 3. (or 1) 2) 3), or #1 #2 #3 when each number is
the line's own position), and an earlier line is referred to as #n. Lines
numbered S1 S2 (EBSCOhost) or with a bare number and a space (1 asthma) are
not read as numbers: S1 and 1 may be search terms. One diagnostic names the
style instead of an error on every line.""",
    "S1 asthma\nS2 child*\nS3 S1 AND S2",
    "1. asthma\n2. child*\n3. #1 AND #2",
)

# -- QL1xx: errors found by the checks -------------------------------------------

_code(
    "QL014",
    E,
    "Strategy too large",
    """The strategy is longer than querylang reads: 1,000,000 characters, or
100,000 search terms (words and phrases). No database accepts a query
anywhere near this size (PubMed's and Web of Science's limits are a few
thousand terms at most); text this large is usually a file read by mistake
or generated input gone wrong. The limits keep querylang from spending
minutes and gigabytes on it. The position is where the limit is passed.""",
    "term0 OR term1 OR ... OR term100000",
    "split the search into several strategies, or combine fewer terms per line",
)
_code(
    "QL101",
    E,
    "Forward reference",
    """#n refers to an earlier line only. A reference to a later line would
make the search history impossible to run in order.""",
    "1. #2 AND asthma\n2. child*",
    "1. child*\n2. #1 AND asthma",
)
_code(
    "QL102",
    E,
    "Line refers to itself",
    """A line cannot use its own result: #n names the line it stands on, which
has no result yet. Usually a typo for the line above.""",
    "2. #2 OR asthma",
    "2. #1 OR asthma",
)
_code(
    "QL103",
    E,
    "Reference to a missing line",
    """#n names a line that does not exist: the number is 0, or larger than the
number of lines in the strategy. Lines are numbered by position (1, 2, 3...),
whether or not they carry written numbers.""",
    "1. asthma\n2. #5 AND child*",
    "1. asthma\n2. #1 AND child*",
)
_code(
    "QL104",
    E,
    "Limit outside the top-level AND of a line",
    """year: and lang: restrict a whole line. They may only be AND-ed at the
top level of a line; inside OR, NOT, NEAR or a group they have no clear
meaning, and the databases treat them as whole-search filters.""",
    "asthma OR year:2020",
    "asthma AND year:2020",
)
_code(
    "QL105",
    E,
    "AND or NOT inside NEAR",
    """A NEAR/n operand is a word, a phrase, or a parenthesised OR of words and
phrases. No database accepts AND or NOT inside a proximity search.""",
    "(heart AND attack) NEAR/3 risk",
    '"heart attack" NEAR/3 risk',
)
_code(
    "QL106",
    E,
    "NEAR without a distance",
    """Write the distance: NEAR/n, with n the largest number of words between
the two terms. (Web of Science reads a bare NEAR as NEAR/15, other databases
differently, so querylang asks you to say it.)""",
    "pain NEAR hip",
    "pain NEAR/3 hip",
)
_code(
    "QL107",
    E,
    "NEAR operands search different fields",
    """Both sides of NEAR/n must search the same field: proximity is measured
inside one field.""",
    "ti:pain NEAR/3 ab:hip",
    "ti:(pain NEAR/3 hip)",
)
_code(
    "QL108",
    E,
    "Unknown field",
    """The prefix before the colon is not a field of the language. Known
fields: ti (title), ab (abstract), tiab, kw (keyword), topic, all, au
(author), so (journal), mesh, mesh-noexp, mesh-major, doi; and the limits
year: and lang:.""",
    "titel:asthma",
    "ti:asthma",
)
_code(
    "QL109",
    E,
    "Unknown language",
    """lang: takes a language name (english, german, ...), its two-letter
ISO 639-1 code (en, de, ...) or its three-letter ISO 639-2 code, either
form (eng, fre or fra, ger or deu, ...), in any case; inside
lang:(english OR french) each language is checked on its own and the
diagnostic points at it. The hint lists the closest known names; for a list
written with commas (lang:english,french) it gives the form for several
languages. PubMed and Web of Science receive the English name of the
language (english[la], LA=(English)).""",
    "lang:englsh",
    "lang:english",
)
_code(
    "QL110",
    E,
    "Bad year limit",
    """year: takes four-digit years: year:2013-2023, year:2013- (from), year:-2023
(until) or year:2020; the start must not be after the end.""",
    "year:2023-2013",
    "year:2013-2023",
)
_code(
    "QL111",
    E,
    "Empty group",
    """A pair of parentheses with nothing inside. It searches nothing, and no
database accepts it; often a term was deleted and its brackets left behind.""",
    "asthma AND ()",
    "asthma",
)
_code(
    "QL112",
    E,
    "Two terms with no operator between them",
    """Databases read two words side by side differently (PubMed and Web of
Science as AND, arXiv as OR, some as a phrase), so querylang asks which you
mean: an AND of both words, or the phrase.""",
    "medical imaging",
    'medical AND imaging   or   "medical imaging"',
)
_code(
    "QL113",
    E,
    "Lower-case operator",
    """Operators are upper case: AND, OR, NOT, NEAR/n. A lower-case and, or or
not is read as a word.""",
    "asthma and child*",
    "asthma AND child*",
)
_code(
    "QL114",
    E,
    "NOT with nothing on its left",
    """NOT is binary: a NOT b means records that match a and not b. A NOT with
nothing before it would search "everything except b", which no database
runs well.""",
    "NOT animals",
    "humans NOT animals",
)
_code(
    "QL115",
    E,
    "NEAR operand is not a word, a phrase or an OR group",
    """A NEAR/n operand must be a word, a phrase, or a parenthesised OR of words
and phrases. References (#n), limits and nested NEARs cannot be measured for
distance.""",
    "#1 NEAR/3 risk",
    "(heart OR cardiac) NEAR/3 risk",
)
_code(
    "QL116",
    E,
    "Empty phrase",
    """A pair of quotes with nothing (or only spaces) inside. An empty phrase
searches nothing, and databases differ in what they make of it (an error, or
every record); often the text between the quotes was deleted.""",
    'asthma OR ""',
    "asthma",
)
_code(
    "QL117",
    E,
    "Wildcard at the start of a word",
    """* and ? may stand anywhere in a word after its first character. No
database supports a leading wildcard.""",
    '"*imaging"',
    '"imaging"',
)
_code(
    "QL118",
    E,
    "A line with only limits",
    """Limits restrict the line they stand on; a line needs at least one search
term or reference for them to restrict.""",
    "2. year:2013-2023",
    "2. #1 AND year:2013-2023",
)
_code(
    "QL119",
    E,
    "Field on a limit or reference",
    """A field applies to words, phrases and groups of them. A reference (#n)
already carries its own fields; limits are not searched in a field.""",
    "ti:(#1 OR asthma)",
    "#1 OR ti:asthma",
)

_code(
    "QL120", E, "Invisible or control character in a phrase",
    """A phrase holds a character you cannot see: a control character, a
zero-width space or joiner, a byte-order mark, or a right-to-left/left-to-right
mark. These arrive with copy and paste, make a term silently match nothing,
and mean different things to different databases. Retype the phrase or delete
the character.""",
    '"large\u200blanguage model"  (a zero-width space after "large")',
    '"large language model"',
)
_code(
    "QL130",
    E,
    "Something other than languages ORed inside lang:( )",
    """lang:( ) names the languages a record may be in, ORed:
lang:(english OR french) finds records in English or in French. AND, NOT,
a field, a reference, a limit or a nested search inside the parentheses
has no meaning there (a record has the languages it has), so it is refused.
The hint rewrites the languages you named as the OR form.""",
    "#1 AND lang:(english AND french)",
    "#1 AND lang:(english OR french)",
)

# -- QL2xx: warnings ----------------------------------------------------------------

_code(
    "QL201",
    W,
    "OR mixed with AND or NOT without parentheses",
    """The line mixes OR with AND or NOT at one level. querylang reads AND and
NOT first (a OR b AND c means a OR (b AND c)), but PubMed reads strictly
left to right and people read it many ways. Parentheses make the intent
unmistakable.""",
    "asthma OR wheez* AND child*",
    "(asthma OR wheez*) AND child*",
)
_code(
    "QL202",
    W,
    "The same term twice in one OR group",
    """A term that appears twice in one OR group adds nothing; it is often a
typo for another term.""",
    "asthma OR wheeze OR asthma",
    "asthma OR wheeze",
)
_code(
    "QL203",
    W,
    "Line not used by any later line",
    """Every line except the last is usually combined into a later line. An
unused line is often a forgotten #n.""",
    "1. asthma\n2. child*\n3. #2 AND adolescen*",
    "3. #1 AND #2 AND adolescen*",
)
_code(
    "QL204",
    W,
    "Two limits of the same kind on one line",
    """A line carries two year: (or two lang:) limits. Their intersection is
used; one limit per kind is clearer. For languages the intersection is
rarely meant: lang:en AND lang:fr asks for records that are in English and
in French at once, which almost none are. The same holds when a reference
brings a language limit from its line (1. asthma AND lang:en, then
2. #1 AND lang:fr); the same language brought twice is not reported. The
hint writes the one limit that accepts any of the languages, built from
yours: lang:(english OR french).""",
    "#1 AND lang:en AND lang:fr",
    "#1 AND lang:(english OR french)",
)
_code(
    "QL210",
    W,
    "A language named twice in lang:( )",
    """The same language appears twice in one lang:( ) group, perhaps under two
spellings (lang:(en OR english)). It changes nothing; remove one.""",
    "#1 AND lang:(en OR english OR fr)",
    "#1 AND lang:(english OR french)",
)

_code(
    "QL211",
    W,
    "Letters from two scripts in one word",
    """A word mixes Latin letters with Cyrillic (or Greek) ones that look the
same: asthma typed with a Cyrillic а (U+0430) looks right on screen, but no
database would ever match it, and the search finds nothing. Cyrillic with
Latin in one word is always reported; Greek with Latin only for the Greek
letters that look like Latin ones (ο, α, ν, ρ ...), and not for a Greek
letter ending an upper-case abbreviation (TNFα). A word in one script
(東京, Ärzte, a Greek word) and Greek symbols set apart by a hyphen
(β-blocker, interferon-γ) are not reported. The position is the letter;
the hint names it and the Latin letter it looks like.""",
    "\u0430sthma OR wheez*   (the first letter is U+0430 CYRILLIC SMALL LETTER A)",
    "asthma OR wheez*",
)
_code(
    "QL205",
    W,
    "Field tag inside a phrase",
    """A phrase holds another database's field syntax (asthma[tiab],
TS=asthma, asthma.ti,ab.). Inside quotes it is not a field: the databases
search the tag as words, and the phrase finds little or nothing. Take the
field out of the quotes and write it the portable way.""",
    '"asthma[tiab]"',
    "tiab:asthma",
)

# -- CP: compiling, shared by every target ---------------------------------------------
# Codes below are emitted by the compilers (querylang/targets/base.py and each
# database's target.py); each names the
# target it is about. ``changes_meaning`` marks every lossy change: --strict
# turns those into errors and the target then writes no query.

_code(
    "CP001",
    E,
    "No such line",
    """The Python API (compile_query or compile_text with line=N) was asked for
a line the strategy does not have; the result has no query. On the command
line, querylang compile --line N beyond the last line is a usage error
instead (exit status 2: the mistake is in the command, not in the
strategy), with the same message and the range of lines to choose from.""",
    'querylang.compile_query(text, "pubmed", line=9)   # a 4-line strategy',
    'querylang.compile_query(text, "pubmed", line=4)',
)
_code(
    "CP101",
    W,
    "Characters the database reads as syntax were replaced",
    """A phrase holds characters that the database's own query parser reads as
syntax (brackets, parentheses, colons, = ...). Left in place they could end
the phrase's field and change the structure of the whole query, so they are
replaced by spaces. Databases ignore punctuation inside phrases when they
match, so the phrase usually finds the same records.""",
    '"x[mh] OR y"   in PubMed',
    '"x mh OR y"[tiab]   (or write the phrase without the brackets)',
    changes_meaning=True,
)
_code(
    "CP102",
    W,
    "Invisible or control characters removed",
    """A phrase holds tabs, control characters, zero-width spaces or
right-to-left marks. They are invisible when the query is pasted, can reorder
what the screen shows, and the databases do not index them: each becomes a
space.""",
    '"covid\\u200b19"',
    '"covid 19"',
)
_code(
    "CP103",
    E,
    "Nothing searchable left in a phrase",
    """After removing characters the database reads as syntax and invisible
characters, the phrase holds no letter or digit. The target refuses the
line.""",
    '"()"',
    "remove the phrase, or put words inside it",
)
_code(
    "CP104",
    E,
    "Line too deeply nested to compile",
    """Expanding #n references nests the line more deeply than the compiler
handles. No real strategy needs this.""",
    "#40 where every line nests the one before it in ((...))",
    "flatten the groups, or join lines with OR/AND at one level",
)

# Each database's own codes (PM PubMed, WS Web of Science, AX arXiv, IE IEEE
# Xplore, ...) live in its package: querylang/databases/<name>/codes.py.

_code(
    "CP105",
    E,
    "A line too large once its references are expanded",
    """querylang writes each #n out in place, because the databases' APIs have
no search history. A line that references the line above twice (#1 OR #1),
line after line, doubles each time: 25 such lines would hold 16 million
terms. No database accepts a query anywhere near that size, so a line of
more than 5,000 expanded terms is refused.""",
    "2. #1 OR #1\n3. #2 OR #2\n...",
    "reference each line once",
)
_code(
    "CP201",
    E,
    "A search-history line refers to a line the database could not search",
    """In a database's own search history (PubMed, the Web of Science advanced
search) every line entered gets the next set number, #1, #2, ... A line that
the database could not be given leaves a gap: the set numbers after it no
longer match the strategy's line numbers, and a later #n would combine the
wrong searches. So once a line is refused for a database, every later line
of that database's history that combines sets by number is refused too. The
lines run --lines sends (with every #n written out) are not affected.""",
    "1. wom?n   (refused by PubMed: PM202)\n2. child*\n3. #1 AND #2",
    "fix line 1 (woman OR women), and the history is written whole",
)
_code(
    "CP106",
    E,
    "A DOI with characters the database reads as syntax",
    """Older DOIs (SICI-style, common for 1990s Wiley journals) hold brackets,
colons or other characters that a database's query parser reads as syntax.
querylang never alters a DOI (a changed DOI matches no record at all), so the
term is refused for that database.""",
    'doi:"10.1002/(SICI)1097-0258(19980815)17:15<1661::AID-SIM968>3.0.CO;2-2"',
    "ti:\"the article's title\"",
)


# -- QL3xx: language additions (issue 12 item 1; PM3xx... in the packages) ---
# (section owned by branch h12lang; codes go below this line)

# The portable checks (querylang/checks.py).

_code(
    "QL301",
    W,
    "Not a PubMed publication type",
    """pt: searches PubMed's publication types (NLM's list: Review, Randomized
Controlled Trial, Meta-Analysis, Case Reports...). A value that is not on the
list finds nothing in PubMed, and no other database can map it. The list
grows every year: if NLM has added the type since this version of querylang,
ignore the warning.""",
    'pt:"randomised controlled trial"',
    'pt:"randomized controlled trial"',
)
_code(
    "QL302",
    E,
    "Unknown MeSH subheading",
    """A subheading (sh:, or the part after / in mesh:"Heading/subheading")
must be one of the 76 MeSH qualifiers, by name ("drug therapy") or by its
two-letter abbreviation (DT). PubMed would search an unknown one as text, or
find nothing.""",
    'mesh:"Asthma/drug treatment"',
    'mesh:"Asthma/drug therapy"',
)
_code(
    "QL303",
    E,
    "A heading with no subheading, or with several",
    """mesh:"Heading/subheading" names one heading and one subheading. A
heading with several subheadings is several searches: OR them. A / with
nothing before or after it names nothing.""",
    'mesh:"Asthma/drug therapy/prevention & control"',
    'mesh:"Asthma/drug therapy" OR mesh:"Asthma/prevention & control"',
)
_code(
    "QL304",
    E,
    "A heading in sh:",
    """sh: searches a subheading on any heading. A heading with its
subheading is written in mesh:, which searches that pair only.""",
    'sh:"Asthma/drug therapy"',
    'mesh:"Asthma/drug therapy"',
)
_code(
    "QL305",
    E,
    "Not an ISSN",
    """An ISSN is eight characters, written NNNN-NNNC: seven digits and a
check digit (a digit or X). Anything else finds nothing. Search a journal by
its name with so: instead.""",
    "issn:1361-841",
    "issn:1361-8415",
)
_code(
    "QL306",
    E,
    "The ISSN's check digit is wrong",
    """The last character of an ISSN is a check digit computed from the seven
digits before it (ISO 3297, modulus 11). When it does not match, a digit was
mistyped, and the ISSN identifies no journal.""",
    "issn:1361-8416",
    "issn:1361-8415",
)

_code(
    "QL307",
    E,
    "NEAR between publication types, subheadings or ISSNs",
    """NEAR/n finds words within n words of each other in a text. A
publication type (pt:), a subheading (sh:) or an ISSN (issn:) is a value
the record carries, not words in its title or abstract: a proximity between
them means nothing, and the databases would read it four different ways.""",
    "pt:(review NEAR/3 letter)",
    "pt:(review OR letter)",
)

# -- end of h12lang's section --


# -- IM0xx: importing native strategies (issue 12) -------------------------
# (section owned by branch h12pubmed; codes go below this line)

_code(
    "IM001",
    W,
    "Text before the first numbered search",
    """The paste is a numbered search history (#1 ..., 1. ..., 1 ...), but some
text comes before its first numbered search: a title, a note, a header the
table export did not mark. It is not part of any search and is not imported;
the diagnostic shows what was left out so that nothing goes silently.""",
    "PubMed strategy, searched 2024-03-01\n#1 asthma[mh]",
    "#1 asthma[mh]",
)
_code(
    "IM002",
    E,
    "Two searches with one number",
    """A search history numbers every search once. Two searches carry the same
number, so a reference #n would be ambiguous; the import stops rather than
guess which one is meant.""",
    "#1 asthma[mh]\n#1 wheez*[tiab]",
    "#1 asthma[mh]\n#2 wheez*[tiab]",
)
_code(
    "IM003",
    E,
    "Reference to a search the paste does not hold",
    """A search refers to #n, but the pasted history holds no earlier search
numbered n (it is missing, later in the history, or the search itself). The
portable strategy can refer to earlier lines only. Paste the whole history,
or write the referenced search out.""",
    "#1 asthma[mh]\n#2 #1 AND #3",
    "#1 asthma[mh]\n#2 child*[tiab]\n#3 #1 AND #2",
)
_code(
    "IM004",
    I,
    "Searches renumbered",
    """The portable language numbers lines 1, 2, 3... by position, while a
database's history keeps the numbers it gave (deleted searches leave gaps, a
line of limits only is folded into the lines that use it). The imported
strategy numbers its lines by position and rewrites every #n reference to
match; the message gives the correspondence.""",
    "#2 asthma[mh]\n#5 child*[tiab]\n#7 #2 AND #5",
    "1. mesh:\"asthma\"\n2. child*\n3. #1 AND #2",
)
_code(
    "IM005",
    I,
    "A search of limits only folded into the searches that use it",
    """PubMed histories often hold a search of limits only (2013:2023[dp],
english[la]) that a later search ANDs in. A portable line may not hold limits
only (QL118): the limits restrict a line. The import writes the limits
into each line that refers to that search and leaves the search out.""",
    "#1 asthma[mh]\n#2 2013:2023[dp]\n#3 #1 AND #2",
    "1. mesh:\"asthma\"\n2. #1 AND year:2013-2023",
)
_code(
    "IM006",
    E,
    "The imported strategy does not check",
    """The import wrote a portable strategy that the checks refuse (the message
names the check's code and says why). Usually the native search holds
something the portable language cannot say in that place; correct the
native search, or edit the printed portable strategy.""",
    "#1 2013:2023[dp]",
    "#1 asthma[mh] AND 2013:2023[dp]",
)
_code(
    "IM007",
    E,
    "Nothing to import",
    """The source holds no search: it is empty, or a table without a single
row under its header.""",
    "(an empty file)",
    "asthma[mh] OR wheez*[tiab]",
)
_code(
    "IM008",
    E,
    "Native search syntax: import it",
    """The strategy is written in a database's own syntax (PubMed field tags,
Web of Science TAG=(...) fields), not in the portable language, so its
portable checks would only give a cascade of errors. querylang reads such a
strategy with the import command, which prints the portable form and says
what could not be carried exactly; compile and run accept it directly with
--from. IM008 comes alone: the syntax errors of reading the text as portable
(a title line above the searches, lines numbered "1 TS=...") are left out,
since the import reports whatever it cannot read itself.""",
    "asthma[mh] OR wheez*[tiab]",
    "querylang import --from pubmed strategy.txt",
)
_code(
    "IM009",
    E,
    "No reader for that database yet",
    """The import reads PubMed and Web of Science strategies; the reader for the
database asked for is not part of this installation.""",
    "querylang import --from wos strategy.txt",
    "querylang import --from pubmed strategy.txt",
)

_code(
    "IM010",
    W,
    "PubMed filters outside the query",
    """PubMed's history table shows a search as "Search: <query> Filters: <filters>
Sort by: <order>". Filters chosen with the sidebar (article type, language,
publication date...) are applied outside the query text, so the import,
which reads the query, cannot carry them. The import reads the query and
names the filters; the sort order changes nothing in what is found.""",
    "#2 Search: asthma[mh] Filters: English, from 2013 - 2023 Sort by: Most Recent",
    "#2 asthma[mh] AND english[la] AND 2013:2023[dp]",
    changes_meaning=True,
)

# IM1xx (PubMed) and IM2xx (Web of Science) are in those databases' packages
# (querylang/databases/<name>/codes.py), next to their importers.

# -- end of h12pubmed's section --


# -- RF: fetching records (issue 13) ---------------------------------------
# (section owned by branch h13fetch; codes go below this line)
_code(
    "RF001",
    W,
    "More records than the database lets a tool page through",
    """PubMed lets a tool page through only the first 9,999 records of one
search (retstart at most 9998; NCBI's documentation says 10,000); arXiv
serves at most 30,000 results of one query. querylang records fetches
what the database allows and says how many are missing: the overlap and the
exports then cover only those. EDirect and other clients split such a search
into parts (by publication date, or PMID ranges) and fetch each.""",
    "a PubMed line with 12,000 hits: 9,999 fetched, 2,001 not",
    "split the line by years (year:2013-2018, year:2019-2023) and fetch each part",
)
_code(
    "RF002",
    W,
    "A page held fewer records than it should",
    """A page of records held fewer than the database announced (its count,
or the page's own itemsPerPage). The page is asked for once more; still
short, it is kept as it is and the missing positions are named: the records
behind the count are then incomplete, never silently.""",
    "Web of Science sent 30 of the 50 records at positions 101-150",
    "run `querylang records` again later; if the shortfall stays, report the count as fetched",
)
_code(
    "RF003",
    I,
    "The database counts differently now than in the run",
    """Records are fetched from today's answer to the run's request; when the
database's count has moved since the run (new records, a re-indexing), the
records are those of today's answer and the note gives both figures.""",
    "PubMed now counts 731 records; the run counted 727",
    "run the strategy again (querylang run) to log today's counts, then fetch",
)
_code(
    "RF004",
    W,
    "A record without an identifier was left out",
    """A record the database sent without its own id (PMID, WoS UT, arXiv id,
IEEE article number) cannot be kept apart from the others, so it is left
out and counted as missing from its page.""",
    "IEEE Xplore article 57 has no article_number",
    "nothing to do: the note names the position, look it up in the database's interface",
)
_code(
    "RF005",
    E,
    "Fetching would pass a cap",
    """Before any request querylang records plans the fetch: records per
database, requests, time at the rate limit. Above --max-records (per
database, default 10,000) or --max-requests it stops before asking and
says what to change; --yes fetches up to the caps instead, and a later
call continues from there.""",
    "querylang records --max-records 100   (Web of Science: 372 records)",
    "querylang records --max-records 400, or --yes to fetch the first 100 now",
)
_code(
    "RF006",
    E,
    "Fetching would pass a database's daily quota",
    """IEEE Xplore allows about 200 API calls a day and the Web of Science
Starter API's free plan 50; every page of records is one call. Above the
quota querylang records stops before asking. Set
QUERYLANG_IEEE_DAILY_QUOTA or QUERYLANG_WOS_DAILY_QUOTA when your plan allows
more, fetch part now with --max-requests (the rest another day), or --yes to
try anyway.""",
    "IEEE Xplore: 250 requests, above its daily quota of 200",
    "querylang records --max-requests 150 --yes today, the rest tomorrow",
)
_code(
    "RF007",
    I,
    "A database of the run is not fetched",
    """Only a database that answered the line with a count through its API can
be paged: a count typed in (--count), a failed or skipped line, or a line
the run did not search has no request to page through.""",
    "IEEE Xplore: its count was typed in (--count)",
    "run the line through the API (set IEEE_API_KEY) and fetch again",
)

# -- end of h13fetch's section --


# -- RD: duplicates, overlap, exports (issue 13) ---------------------------
# (section owned by branch h13dedup; codes go below this line)

_code(
    "RD001",
    E,
    "No records fetched for this run",
    """The overlap table, the PRISMA flow, the overlap chart and the exports
are built from the records `querylang records` fetched and kept in the search
log. Nothing was fetched for this run and line yet.""",
    "querylang export 3 --format ris -o records.ris",
    "querylang records 3, then querylang export 3 --format ris -o records.ris",
)
_code(
    "RD002",
    W,
    "Not every record was fetched: the numbers count the records fetched",
    """A fetch stopped short of the count (a cap such as --max-records, a
database's paging limit, a quota, an interruption). Duplicates, overlap and
exports cover the records fetched only; the PRISMA flow shows the records not
fetched as "removed for other reasons" so that its numbers still add up.
A database without an API (its count typed in) is never fetched: its records
come from the interface's export, and the flow shows them as identified and
"not deduplicated here", never as removed.""",
    "querylang records --max-records 100   (on a line with 727 hits)",
    "querylang records (again, to continue), or a higher --max-records",
)
_code(
    "RD003",
    I,
    "Possible duplicates, not merged",
    """Records that may be one work but that the merge rules do not join: titles
very similar but not equal, the same title with years more than 1 apart or
missing, too short a title ("Editorial"), or a record whose title matches two
works with different DOIs. They stay separate records; the list (record ids and
a similarity score) is in `querylang records --format json`, for a person to
check.""",
    '"Large language models in radiology" and "Large language model in radiology"',
    "compare the pair by hand; remove the duplicate in the screening tool",
)
_code(
    "RD004",
    W,
    "Too many records with one title to compare: not merged by title",
    """More than 100 groups of records share one normalised title (notices such
as "Correction" or "Erratum" do). Comparing them all pairwise would be slow and
merge nothing useful, so records with that title are merged only by their
identifiers (DOI, PMID, arXiv id).""",
    '120 records titled "Correction"',
    "nothing to do: their identifiers still merge them",
)

# -- end of h13dedup's section --


# -- KC: known-item checks (issue 14) --------------------------------------
# (section owned by branch h14check; codes go below this line)

_code(
    "KC001",
    W,
    "A known record that could not be read",
    """An entry of the known-records file (querylang check --known) gives no
identifier querylang can search: not a PMID, DOI, arXiv id or
ieee:ARTICLE_NUMBER, or a RIS, BibTeX or CSV record without one. It is
left out, named with its line number, and the other records are checked.""",
    "10.5555 qlx 0001",
    "10.5555/qlx.2023.0001",
)
_code(
    "KC002",
    I,
    "A known record a database cannot be searched for",
    """A database has no field for the record's identifiers (arXiv has no DOI or
PMID field; PubMed and Web of Science none for arXiv ids or IEEE article
numbers; IEEE Xplore none for PMIDs). The record is "not searchable" there:
neither found nor missed, and not counted in that database's recall. Give
the record's DOI as well (a RIS, BibTeX or CSV known set can hold several
identifiers per record).""",
    "ieee:10000005 checked in PubMed",
    "a CSV row with the DOI and the IEEE number",
)

_code(
    "KC003",
    I,
    "A known record looked up by its exact title",
    """The record has no identifier the database can search (a PMID in IEEE
Xplore, a DOI in arXiv, or a RIS, BibTeX or CSV entry with a title only), so
it is looked up by its title: a phrase search in the title field, then the
answers' titles compared with the known title in normal form (case,
accents, punctuation ignored). PubMed answers with PMIDs only: there a title
search that finds exactly one record is taken as the record. A title that
changed between versions of a record is then "not indexed".""",
    "TY  - JOUR / TI  - A title without DO or AN",
    "give the DOI (DO  - 10.5555/...) as well",
)

_code(
    "KC004",
    W,
    "IEEE Xplore holds none of the known records asked for",
    """IEEE Xplore is asked for known records with "DOI": and "Article Number":
inside querytext (its standalone doi and article_number parameters make the
API ignore the rest of the query, so they cannot be ANDed with a line).
These are command-search fields; that the Metadata API reads them inside
querytext is not documented. When not one of several known records is
found, the fields may not have been read: check one DOI by hand in IEEE
Xplore's command search before trusting "not indexed".""",
    '"DOI":"10.1109/5.771073" finding nothing',
    "check the DOI in IEEE Xplore's command search",
)

_code(
    "KC005",
    W,
    "No database checked holds any known record: nothing was tested",
    """Every database checked answered that it holds none of the known records
(each is "not indexed" everywhere), so no line could find or miss one and
the check says nothing about the strategy. querylang check exits 3. The
identifiers are likely wrong (a typo in a DOI, a PMID of another record),
or the known set is outside these databases.""",
    "a known set of DOIs none of which any database holds",
    "check one identifier by hand (doi.org, PubMed), then fix the known set",
)

_code(
    "KC006",
    W,
    "A database querylang cannot ask about known records",
    """querylang check asks each database which known records it holds and
which each line retrieves, with an identifier clause in the database's own
syntax. This database has none in querylang (its registry entry names no
known-item hook): it is skipped, not counted as missing anything.""",
    "querylang check --db <a database without a known-item hook>",
    "check the records by hand in its interface, or leave it out with --db",
)

# -- end of h14check's section --


# -- WB: the web page (issue 17) -------------------------------------------
# (section owned by branch h17web; codes go below this line)

# -- end of h17web's section --


# -- each database's own codes (its module's ``codes_path``) -----------------


def _register_database_codes() -> None:
    """Add the codes each registry entry declares in its own module (once:
    :class:`_CodeRegistry` calls this on first need)."""
    from querylang.databases import REGISTRY as DATABASES

    seen: set[str] = set()
    for entry in DATABASES.values():
        if entry.codes_path is None or entry.codes_path in seen:
            continue  # several entries (one interface's databases) may share one table
        seen.add(entry.codes_path)
        for info in entry.codes:
            if dict.__contains__(REGISTRY, info.code):
                raise ValueError(f"diagnostic code {info.code} declared twice")
            dict.__setitem__(REGISTRY, info.code, info)
