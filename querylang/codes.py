"""The registry: every diagnostic code querylang can emit, declared once.

Families:
    QL0xx  syntax (the parser)
    QL1xx  errors in the strategy (the checks)
    QL2xx  warnings about the strategy (the checks)
    PM     PubMed            WS  Web of Science
    AX     arXiv             IE  IEEE Xplore
    RN     running a search (the runner)

A code's severity here is its default; ``--strict`` turns every code marked
``changes_meaning`` into an error. ``querylang explain CODE`` prints the entry.
"""

from __future__ import annotations

import difflib

from querylang.ast import NO_SPAN, Span
from querylang.diagnostics import CodeInfo, Diagnostic, Severity

__all__ = ["REGISTRY", "make", "lookup", "closest_codes"]

E, W, I = Severity.ERROR, Severity.WARNING, Severity.INFO

REGISTRY: dict[str, CodeInfo] = {}


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
    if code in REGISTRY:  # a duplicate is a programming error, caught by the tests
        raise ValueError(f"diagnostic code {code} declared twice")
    REGISTRY[code] = CodeInfo(
        code, severity, title, explanation.strip(), example, instead, changes_meaning
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
    return difflib.get_close_matches(code.strip().upper(), list(REGISTRY), n=3, cutoff=0.5)


# -- QL0xx: syntax -------------------------------------------------------------

_code(
    "QL001", E, "Unexpected character",
    """A character that has no meaning in the language stands where a term or
an operator was expected. Words are letters and digits, with - ' . / +
allowed inside a word; anything else (brackets, colons in the wrong place,
punctuation at a word's end) must go inside a quoted phrase.""",
    'covid-19 & vaccine',
    '"covid-19" AND vaccine',
)
_code(
    "QL002", E, "Unclosed quote",
    """A phrase opened with a double quote must be closed on the same physical
line. An unclosed quote would otherwise swallow the rest of the strategy.""",
    '"large language model OR LLM',
    '"large language model" OR LLM',
)
_code(
    "QL003", E, "Unclosed parenthesis",
    """Every ( needs a matching ). The line ends while a group is still open.""",
    "(radiology OR imaging AND GPT",
    "(radiology OR imaging) AND GPT",
)
_code(
    "QL004", E, "Unmatched closing parenthesis",
    """A ) appears with no ( open before it.""",
    "radiology OR imaging) AND GPT",
    "(radiology OR imaging) AND GPT",
)
_code(
    "QL005", E, "Operator with nothing after it",
    """AND, OR, NOT and NEAR/n need a term on both sides. The line (or the
group) ends right after an operator.""",
    "radiology OR",
    "radiology OR imaging",
)
_code(
    "QL006", E, "Operator with nothing before it",
    """A line or a group starts with AND, OR or NEAR/n: the operator has no
left operand. (NOT at the start is QL114.)""",
    "OR radiology",
    "radiology",
)
_code(
    "QL007", E, "Line number does not match its position",
    """A line may start with its number and a dot ("3."). The number must be
the line's position in the strategy, so that #n references and the search
history read the same way.""",
    "1. asthma\n3. #1 AND child*",
    "1. asthma\n2. #1 AND child*",
)
_code(
    "QL008", E, "Empty strategy",
    """The input holds no search line (only blank lines or comments).""",
    "# nothing here",
    "asthma AND child*",
)
_code(
    "QL009", E, "Nesting too deep",
    """Parentheses are nested more deeply than querylang accepts (100 levels).
No database needs this; it usually means generated input went wrong.""",
    "((((((...))))))",
    "flatten the groups: (a OR b OR c)",
)
_code(
    "QL010", E, "Invalid syntax",
    """The parser could not read the line at this point. The message names
what it expected.""",
    "asthma AND AND child",
    "asthma AND child",
)
_code(
    "QL011", E, "Unknown operator or misplaced word",
    """A word that looks like an operator is not one here (for example NEAR
followed by something other than /n, or an operator keyword used as a
field name).""",
    "asthma NEAR/x child",
    "asthma NEAR/3 child",
)

# -- QL1xx: errors found by the checks -------------------------------------------

_code(
    "QL101", E, "Forward reference",
    """#n refers to an earlier line only. A reference to a later line would
make the search history impossible to run in order.""",
    "1. #2 AND asthma\n2. child*",
    "1. child*\n2. #1 AND asthma",
)
_code(
    "QL102", E, "Line refers to itself",
    """A line cannot use its own result.""",
    "2. #2 OR asthma",
    "2. #1 OR asthma",
)
_code(
    "QL103", E, "Reference to a missing line",
    """#n names a line that does not exist.""",
    "1. asthma\n2. #5 AND child*",
    "1. asthma\n2. #1 AND child*",
)
_code(
    "QL104", E, "Limit outside the top-level AND of a line",
    """year: and lang: restrict a whole line. They may only be AND-ed at the
top level of a line; inside OR, NOT, NEAR or a group they have no clear
meaning, and the databases treat them as whole-search filters.""",
    "asthma OR year:2020",
    "asthma AND year:2020",
)
_code(
    "QL105", E, "AND or NOT inside NEAR",
    """A NEAR/n operand is a word, a phrase, or a parenthesised OR of words and
phrases. No database accepts AND or NOT inside a proximity search.""",
    "(heart AND attack) NEAR/3 risk",
    '"heart attack" NEAR/3 risk',
)
_code(
    "QL106", E, "NEAR without a distance",
    """Write the distance: NEAR/n, with n the largest number of words between
the two terms. (Web of Science reads a bare NEAR as NEAR/15, other databases
differently, so querylang asks you to say it.)""",
    "pain NEAR hip",
    "pain NEAR/3 hip",
)
_code(
    "QL107", E, "NEAR operands search different fields",
    """Both sides of NEAR/n must search the same field: proximity is measured
inside one field.""",
    "ti:pain NEAR/3 ab:hip",
    "ti:(pain NEAR/3 hip)",
)
_code(
    "QL108", E, "Unknown field",
    """The prefix before the colon is not a field of the language. Known
fields: ti (title), ab (abstract), tiab, kw (keyword), topic, all, au
(author), so (journal), mesh, mesh-noexp, mesh-major, doi; and the limits
year: and lang:.""",
    "titel:asthma",
    "ti:asthma",
)
_code(
    "QL109", E, "Unknown language",
    """lang: takes a language name (english, german, ...) or its two-letter
ISO 639-1 code (en, de, ...).""",
    "lang:englsh",
    "lang:english",
)
_code(
    "QL110", E, "Bad year limit",
    """year: takes four-digit years: year:2013-2023, year:2013- (from), year:-2023
(until) or year:2020; the start must not be after the end.""",
    "year:2023-2013",
    "year:2013-2023",
)
_code(
    "QL111", E, "Empty group",
    """A pair of parentheses with nothing inside.""",
    "asthma AND ()",
    "asthma",
)
_code(
    "QL112", E, "Two terms with no operator between them",
    """Databases read two words side by side differently (PubMed and Web of
Science as AND, arXiv as OR, some as a phrase), so querylang asks which you
mean: an AND of both words, or the phrase.""",
    "medical imaging",
    'medical AND imaging   or   "medical imaging"',
)
_code(
    "QL113", E, "Lower-case operator",
    """Operators are upper case: AND, OR, NOT, NEAR/n. A lower-case and, or or
not is read as a word.""",
    "asthma and child*",
    "asthma AND child*",
)
_code(
    "QL114", E, "NOT with nothing on its left",
    """NOT is binary: a NOT b means records that match a and not b. A NOT with
nothing before it would search "everything except b", which no database
runs well.""",
    "NOT animals",
    "humans NOT animals",
)
_code(
    "QL115", E, "NEAR operand is not a word, a phrase or an OR group",
    """A NEAR/n operand must be a word, a phrase, or a parenthesised OR of words
and phrases. References (#n), limits and nested NEARs cannot be measured for
distance.""",
    "#1 NEAR/3 risk",
    "(heart OR cardiac) NEAR/3 risk",
)
_code(
    "QL116", E, "Empty phrase",
    """A pair of quotes with nothing (or only spaces) inside.""",
    'asthma OR ""',
    "asthma",
)
_code(
    "QL117", E, "Wildcard at the start of a word",
    """* and ? may stand anywhere in a word after its first character. No
database supports a leading wildcard.""",
    '"*imaging"',
    '"imaging"',
)
_code(
    "QL118", E, "A line with only limits",
    """Limits restrict the line they stand on; a line needs at least one search
term or reference for them to restrict.""",
    "2. year:2013-2023",
    "2. #1 AND year:2013-2023",
)
_code(
    "QL119", E, "Field on a limit or reference",
    """A field applies to words, phrases and groups of them. A reference (#n)
already carries its own fields; limits are not searched in a field.""",
    "ti:(#1 OR asthma)",
    "#1 OR ti:asthma",
)

# -- QL2xx: warnings ----------------------------------------------------------------

_code(
    "QL201", W, "OR mixed with AND or NOT without parentheses",
    """The line mixes OR with AND or NOT at one level. querylang reads AND and
NOT first (a OR b AND c means a OR (b AND c)), but PubMed reads strictly
left to right and people read it many ways. Parentheses make the intent
unmistakable.""",
    "asthma OR wheez* AND child*",
    "(asthma OR wheez*) AND child*",
)
_code(
    "QL202", W, "The same term twice in one OR group",
    """A term that appears twice in one OR group adds nothing; it is often a
typo for another term.""",
    "asthma OR wheeze OR asthma",
    "asthma OR wheeze",
)
_code(
    "QL203", W, "Line not used by any later line",
    """Every line except the last is usually combined into a later line. An
unused line is often a forgotten #n.""",
    "1. asthma\n2. child*\n3. #2 AND adolescen*",
    "3. #1 AND #2 AND adolescen*",
)
_code(
    "QL204", W, "Two limits of the same kind on one line",
    """A line carries two year: (or two lang:) limits. Their intersection is
used; one limit per kind is clearer.""",
    "#1 AND year:2010- AND year:-2020",
    "#1 AND year:2010-2020",
)
