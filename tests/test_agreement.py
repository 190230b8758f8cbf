"""Agreement on syntax with an independent implementation (issue 6).

Every PubMed and Web of Science string querylang writes (interface string
and, for WoS, the Starter API query) for the examples (every line), the
golden-test sources of the four target tables and a table of our own, is
parsed by search-query (CoLRev; a test-only dependency) with its parser for
that platform. A fatal message fails the test unless it is a known
search-query fault listed in ``KNOWN_FAULTS``, each with the database's own
documentation as the source (docs/databases.md, "Where search-query disagrees").

Run with ``-s`` to see the counts.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

search_query_registry = pytest.importorskip("search_query.registry")
search_query_exception = pytest.importorskip("search_query.exception")

from querylang.compiler import compile_text  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
PLATFORMS = ("pubmed", "wos")

# Our own sources: every field, limit, operator, NEAR and phrase/truncation
# form, alone and combined, so that the check does not depend on the
# golden tables' contents.
OWN_SOURCES = [
    # fields, each alone and as a group
    *[f"{field}:asthma" for field in (
        "ti", "ab", "tiab", "kw", "topic", "all", "mesh", "mesh-noexp", "mesh-major",
    )],
    *[f"{field}:(asthma OR wheez*)" for field in ("ti", "ab", "tiab", "kw", "topic", "all")],
    'au:"Smith J"', "au:Smith*", 'au:("Topol E*" OR "Rajpurkar P*")', "so:Radiology",
    'so:"Nature Medicine"', 'journal:("The Lancet" OR Thorax)', 'doi:"10.1038/s41591-021-01614-0"',
    'doi:"10.21037/qims-24-89" OR doi:"10.1000/xyz123"', 'mesh:"Diagnostic Imaging"',
    'mesh-major:"Randomized Controlled Trials as Topic"', "title:asthma AND abstract:child",
    # limits
    "asthma AND year:2013-2023", "asthma AND year:2013-", "asthma AND year:-2023",
    "asthma AND year:2020", "asthma AND lang:english", "asthma AND lang:fr",
    "ti:asthma AND year:2000-2010 AND lang:de",
    "(asthma OR wheez*) AND (child* OR infant*) AND year:2013-2023 AND lang:english",
    # several languages: PubMed (english[la] OR french[la]), WoS LA=(English OR French)
    "asthma AND lang:(english OR french)", "asthma AND lang:(eng OR fre OR ger OR spa)",
    "ti:asthma AND year:2013-2023 AND lang:(en OR zh OR ja)",
    "(asthma OR wheez*) AND lang:(dut OR por) AND year:2000-",
    "1. asthma AND lang:(en OR fr)\n2. child* NOT #1",
    "1. asthma AND lang:(en OR de)\n2. wheez* AND lang:(en OR de)\n3. #1 OR #2",
    # operators and nesting
    "asthma OR wheeze OR cough", "asthma AND child", "asthma NOT animals",
    "(asthma OR wheeze) AND (child OR infant) NOT adult",
    "((a1 OR b1) AND (c1 OR (d1 NOT e1)))", "asthma NOT (mice OR rats OR animals)",
    "(asthma NOT mice) OR (wheeze NOT rats)", "ti:asthma OR so:Thorax OR wheeze",
    "mesh:Asthma OR asthma* OR (wheez* AND child*)",
    "(mesh:Animals NOT mesh:Humans) OR ti:mice",
    # phrases and truncation
    '"large language model*"', '"medical imag*" OR radiolog*', '"breast feed*" AND infant*',
    "randomi?ed", "wom?n OR child*", "LLM*", "GPT* OR ChatGPT", "behavio?r*",
    '"COVID-19" OR "SARS-CoV-2"', "COVID-19 OR T2-weighted OR Alzheimer's", "HbA1c OR 3D",
    '"deep learning" AND "image segmentation"', "über OR naïve OR Müller",
    "asthma AND near AND same AND and1", '"a OR b"', '"x NOT y"',
    # proximity
    "pain NEAR/3 hip", "ti:(pain NEAR/2 hip)", "(pain OR ache) NEAR/2 (hip OR knee)",
    '"hip pain" NEAR/3 knee', "radiolog* NEAR/3 report", "kw:(pain NEAR/3 hip)",
    "topic:(pain NEAR/3 hip)", "pain NEAR/15 hip", "pain NEAR/0 hip",
    "(pain NEAR/3 hip) AND year:2015-", "(pain NEAR/3 hip) OR (ache NEAR/5 knee)",
    # strategies with references
    "1. asthma OR wheez*\n2. child* OR infant*\n3. #1 AND #2\n4. #3 AND year:2013-2023",
    "1. asthma AND year:2020\n2. #1 OR wheez*",
    "1. ti:(pain NEAR/3 hip)\n2. #1 NOT mesh:Animals\n3. #2 AND lang:english",
    # issue 12 item 1: tw:, pt:, sh:, heading/subheading, issn:, $ wildcard
    "tw:(asthma OR wheez*)", 'pt:("randomized controlled trial" OR "controlled clinical trial")',
    'asthma AND pt:(review OR "systematic review" OR "meta-analysis")',
    'mesh:"Asthma/drug therapy" OR mesh-noexp:"Asthma/DT" OR mesh-major:"Asthma/prevention & control"',
    'sh:("drug therapy" OR "adverse effects")', "issn:(0140-6736 OR 0028-4793 OR 1361-8415)",
    'colo$r OR behavio$r* OR "colo$r imaging" OR "$100 cost"',
    '(asthma OR tw:wheez*) AND child* NOT pt:(letter OR editorial OR comment)',
]


@dataclass(frozen=True)
class Checked:
    """One native string and what search-query said about it."""

    platform: str
    face: str  # "interface" or "api"
    source: str
    query: str
    fatal: tuple[dict[str, Any], ...]


# -- what search-query is known to get wrong --------------------------------------

_DOI = re.compile(r'DO=\(?"10\.\d{4,9}/[^"]+"', re.IGNORECASE)
_NEAR_GROUP = re.compile(r"\)\s+NEAR/\d+|NEAR/\d+\s+\(")
_PUBMED_FAKE_TAG = re.compile(r"\b[A-Z]{2}=")
_QUOTED = re.compile(r'"[^"]*"')


def _quoted_doi(check: Checked, message: dict[str, Any]) -> bool:
    """TERM_0003: search-query applies its DOI pattern to the value with its
    quotes; the unquoted value matches its own pattern."""
    return message["code"] == "TERM_0003" and check.platform == "wos" and bool(
        _DOI.search(check.query)
    )


def _near_with_group(check: Checked, message: dict[str, Any]) -> bool:
    """A crash (ValueError: Unrecognized query structure) on NEAR with an
    OR group operand; Web of Science forbids only AND inside NEAR."""
    return (
        message["code"] == "PARSER_CRASH"
        and check.platform == "wos"
        and "Unrecognized query structure" in message["message"]
        and bool(_NEAR_GROUP.search(_QUOTED.sub('"_"', check.query)))
    )


def _near_over_15(check: Checked, message: dict[str, Any]) -> bool:
    """WOS_0002: search-query caps NEAR/n at 15; Web of Science documents no
    maximum (15 is the distance of a bare NEAR) and search-query itself has
    scheduled the rule for removal."""
    return message["code"] == "WOS_0002" and check.platform == "wos"


def _pubmed_tag_in_phrase(check: Checked, message: dict[str, Any]) -> bool:
    """PARSE_0006: search-query looks for ``XX=`` anywhere in a PubMed
    string, inside quoted phrases too; PubMed searches a phrase's text."""
    if message["code"] != "PARSE_0006" or check.platform != "pubmed":
        return False
    outside = _QUOTED.sub('"_"', check.query)
    return bool(_PUBMED_FAKE_TAG.search(check.query)) and not _PUBMED_FAKE_TAG.search(outside)


_WOS_OPERATOR = re.compile(r"(?<![\w=])(?:AND|OR|NOT|SAME|NEAR/\d+)(?![\w=])")


def _all_fields_warned(check: Checked, message: dict[str, Any]) -> bool:
    """WOS_0001: search-query refuses an All Fields query over its term limit.
    querylang agrees that the limit applies (to ALL= only) but warns (WS401)
    instead of refusing: the query is Web of Science's to accept."""
    if message["code"] != "WOS_0001" or check.platform != "wos":
        return False
    outside = _QUOTED.sub('"_"', check.query)
    return "ALL=" in outside and len(_WOS_OPERATOR.findall(outside)) > 49


def _wos_document_type(check: Checked, message: dict[str, Any]) -> bool:
    """FIELD_0001 on DT=: search-query's Web of Science field list lacks the
    Document Type tag (issue 12: pt: is written as DT=)."""
    return (
        message["code"] == "FIELD_0001"
        and check.platform == "wos"
        and "Search field DT=" in str(message.get("details", ""))
    )


def _pubmed_issn_tag(check: Checked, message: dict[str, Any]) -> bool:
    """FIELD_0001 on [is]: search-query's PubMed field list lacks the ISSN
    tag (issue 12: issn: is written as [is])."""
    return (
        message["code"] == "FIELD_0001"
        and check.platform == "pubmed"
        and "[is]" in str(message.get("details", ""))
    )


#: name -> (matcher, the database documentation that says querylang is right)
KNOWN_FAULTS: dict[str, tuple[Callable[[Checked, dict[str, Any]], bool], str]] = {
    "quoted-doi": (
        _quoted_doi,
        "Web of Science help, Search rules / Field tags: DO= takes a DOI; quotation "
        "marks search an exact phrase in any field",
    ),
    "near-or-group": (
        _near_with_group,
        "Web of Science help, Search operators (hs_search_operators): only AND is "
        "forbidden as a component of NEAR in Topic and Title",
    ),
    "near-over-15": (
        _near_over_15,
        "Web of Science help, Search operators: NEAR/x, 'replace x with a number'; "
        "no maximum stated (bare NEAR = NEAR/15); search-query lint page WOS_0002 "
        "announces the rule's removal",
    ),
    "all-fields-over-49": (
        _all_fields_warned,
        "Web of Science help, Search Rules / Search Operators: only an All Fields search "
        "is limited to 49 operators; querylang warns there (WS401) and lets Web of "
        "Science decide",
    ),
    "wos-document-type": (
        _wos_document_type,
        "Web of Science help, Field tags / Advanced search: DT= Document Type "
        "(DT=(Review), DT=(Article OR Review))",
    ),
    "pubmed-issn-tag": (
        _pubmed_issn_tag,
        "PubMed Help, Search Field Descriptions and Tags: ISSN [IS], the journal's "
        "ISSN or eISSN (0028-0836[is])",
    ),
    "pubmed-tag-in-phrase": (
        _pubmed_tag_in_phrase,
        "PubMed Help, Phrase searching: text in double quotes is searched as a phrase; "
        "field tags are only recognised in square brackets after a term",
    ),
}


def known_fault(check: Checked, message: dict[str, Any]) -> str | None:
    for name, (matches, _source) in KNOWN_FAULTS.items():
        if matches(check, message):
            return name
    return None


# -- collecting and checking ----------------------------------------------------------


def _golden_sources() -> list[str]:
    """The sources of the four golden tables, when those modules load."""
    sources: list[str] = []
    for name in ("pubmed", "wos", "arxiv", "ieee"):
        try:
            module = importlib.import_module(f"tests.test_target_{name}")
        except Exception:  # noqa: BLE001 - a broken table must not hide ours
            continue
        for case in getattr(module, "CASES", []):
            values = getattr(case, "values", case)
            if values and isinstance(values[0], str):
                sources.append(values[0])
    return sources


def _example_sources() -> list[str]:
    return [path.read_text(encoding="utf-8") for path in sorted(ROOT.glob("examples/*.qry"))]


def _line_count(source: str) -> int:
    from querylang import analyze

    analysis = analyze(source)
    return len(analysis.strategy.lines) if analysis.ok and analysis.strategy else 0


def native_strings(sources: list[str]) -> list[tuple[str, str, str, str]]:
    """(platform, face, source, query), each distinct string once."""
    seen: set[tuple[str, str]] = set()
    out: list[tuple[str, str, str, str]] = []
    for source in sources:
        for line in range(1, _line_count(source) + 1):
            _, results = compile_text(source, PLATFORMS, line=line)
            for platform, compiled in results.items():
                for face, query in (("interface", compiled.query), ("api", compiled.api_query)):
                    if query is None or (platform, query) in seen:
                        continue
                    seen.add((platform, query))
                    out.append((platform, face, source, query))
    return out


def search_query_fatal(query: str, platform: str) -> tuple[dict[str, Any], ...]:
    """search-query's fatal messages for ``query`` (silent parser class: no
    printing, and no list-format guess on strings holding "1.")."""
    parser = search_query_registry.LATEST_PARSERS[platform](query, silent=True)
    try:
        parser.parse()
    except search_query_exception.QuerySyntaxError:
        pass
    except Exception as error:  # noqa: BLE001 - the package crashes on some input
        return ({"code": "PARSER_CRASH", "label": type(error).__name__,
                 "message": str(error)[:200], "is_fatal": True},)
    return tuple(m for m in parser.linter.messages if m["is_fatal"])


SOURCES = _example_sources() + _golden_sources() + OWN_SOURCES
STRINGS = native_strings(SOURCES)
_RESULTS: dict[tuple[str, str], Checked] = {}


def _check(platform: str, face: str, source: str, query: str) -> Checked:
    key = (platform, query)
    if key not in _RESULTS:
        _RESULTS[key] = Checked(platform, face, source, query, search_query_fatal(query, platform))
    return _RESULTS[key]


def _unexplained(check: Checked) -> list[dict[str, Any]]:
    return [m for m in check.fatal if known_fault(check, m) is None]


@pytest.mark.parametrize(
    ("platform", "face", "source", "query"),
    STRINGS,
    ids=[f"{p}-{f}-{i}" for i, (p, f, _, _) in enumerate(STRINGS)],
)
def test_search_query_accepts(platform: str, face: str, source: str, query: str) -> None:
    check = _check(platform, face, source, query)
    unexplained = _unexplained(check)
    assert not unexplained, (
        f"search-query refuses querylang's {platform} {face} string\n"
        f"source: {source!r}\nquery:  {query}\n"
        + "\n".join(f"  {m['code']} {m.get('label', '')}: {m.get('details') or m['message']}"
                    for m in unexplained)
    )


def test_agreement_summary() -> None:
    """Print the counts (visible with -s) and keep the list honest: every
    known fault must still be needed by at least one string."""
    checks = [_check(*row) for row in STRINGS]
    by_platform = {p: [c for c in checks if c.platform == p] for p in PLATFORMS}
    used = {known_fault(c, m) for c in checks for m in c.fatal} - {None}
    agree = sum(1 for c in checks if not c.fatal)
    expected = sum(1 for c in checks if c.fatal and not _unexplained(c))
    print(f"\nsearch-query agreement: {len(checks)} strings checked from {len(SOURCES)} sources; "
          f"{agree} agree, {expected} differ only by known search-query faults, "
          f"{len(checks) - agree - expected} disagree")
    for platform, group in by_platform.items():
        ok = sum(1 for c in group if not c.fatal)
        print(f"  {platform}: {len(group)} checked, {ok} agree")
    for name in sorted(used):
        count = sum(1 for c in checks if any(known_fault(c, m) == name for m in c.fatal))
        print(f"  known fault {name}: {count} strings ({KNOWN_FAULTS[name][1]})")
    assert len(checks) >= 100
    assert expected + agree == len(checks)
    assert used == set(KNOWN_FAULTS), f"unused known faults: {set(KNOWN_FAULTS) - used}"
