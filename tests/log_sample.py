"""A fixed run of the example strategy, for the search-log and report tests.

Hand-written rather than compiled, so that the report snapshots change only
when the report changes, not when a translation improves.
"""

from __future__ import annotations

from querylang.ast import Span
from querylang.diagnostics import Diagnostic, Severity
from querylang.results import LineResult, RunResult, Source, Status, TargetResult

#: Copy of examples/llm-medical-imaging.qry at the time of the snapshot.
EXAMPLE_TEXT = """\
# Large language models in medical image processing
# The review that motivated querylang searched PubMed, Web of Science,
# arXiv and IEEE Xplore for records from 2013 to 2023 in English. Its IEEE
# search was ("All Metadata": GPT) AND ("All Metadata": Medical image).

# Large language models, GPT and ChatGPT
1. "large language model*" OR LLM OR LLMs OR GPT* OR ChatGPT
   OR "generative pre-trained transformer*" OR "foundation model*"
# Medical imaging, radiology, segmentation
2. "medical imag*" OR "medical image processing" OR radiolog*
   OR "image segmentation" OR "diagnostic imag*"
   OR mesh:"Diagnostic Imaging"
3. #1 AND #2
4. #3 AND year:2013-2023 AND lang:english
"""
EXAMPLE_NAME = "examples/llm-medical-imaging.qry"
STARTED = "2026-11-30T09:15:02+00:00"
FINISHED = "2026-11-30T09:15:09+00:00"

L1 = ('"large language model*" OR LLM OR LLMs OR GPT* OR ChatGPT OR '
      '"generative pre-trained transformer*" OR "foundation model*"')
L2 = ('"medical imag*" OR "medical image processing" OR radiolog* OR "image segmentation" '
      'OR "diagnostic imag*"')

# PubMed and Web of Science: what querylang writes for the example (so that
# the report's search history, compiled from the strategy, meets the same
# searches in the log); arXiv and IEEE Xplore: shortened by hand.
_PM1 = ('"large language model*"[tiab] OR LLM[tiab] OR LLMs[tiab] OR GPT[tiab] OR '
        'ChatGPT[tiab] OR "generative pre-trained transformer*"[tiab] OR '
        '"foundation model*"[tiab]')
_PM2 = ('"medical imag*"[tiab] OR "medical image processing"[tiab] OR radiolog*[tiab] OR '
        '"image segmentation"[tiab] OR "diagnostic imag*"[tiab] OR "Diagnostic Imaging"[mh]')
_WOS1 = f"(TI=({L1}) OR AB=({L1}))"
_WOS2 = f'(TI=({L2}) OR AB=({L2})) OR TS="Diagnostic Imaging"'

#: Interface strings per database and line.
QUERIES: dict[str, list[str]] = {
    "pubmed": [
        _PM1,
        _PM2,
        f"({_PM1}) AND ({_PM2})",
        f"({_PM1}) AND ({_PM2}) AND 2013:2023[dp] AND english[la]",
    ],
    "wos": [
        _WOS1,
        _WOS2,
        f"{_WOS1} AND ({_WOS2})",
        f"{_WOS1} AND ({_WOS2}) AND PY=(2013-2023) AND LA=(English)",
    ],
    "arxiv": [
        'abs:"large language model" OR abs:LLM OR abs:GPT*',
        'abs:"medical imag*" OR abs:radiolog*',
        "(line 1) AND (line 2)",
        "(line 1) AND (line 2)",
    ],
    "ieee": [
        '("All Metadata":"large language model*" OR "All Metadata":LLM)',
        '("All Metadata":"medical imag*" OR "All Metadata":radiolog*)',
        "(line 1) AND (line 2)",
        "(line 1) AND (line 2)",
    ],
}
#: Queries the API received, where they differ from the interface string
#: (the Web of Science Starter API: TS= for tiab, no LA=).
API_QUERIES: dict[str, list[str]] = {
    "wos": [
        f"TS=({L1})",
        f'TS=({L2} OR "Diagnostic Imaging")',
        f'TS=({L1}) AND TS=({L2} OR "Diagnostic Imaging")',
        f'TS=({L1}) AND TS=({L2} OR "Diagnostic Imaging") AND PY=(2013-2023)',
    ],
}
COUNTS: dict[str, list[int]] = {
    "pubmed": [41234, 1523456, 2311, 1987],
    "wos": [52001, 1203004, 2890, 2412],
    "arxiv": [18870, 9012, 640, 455],
    "ieee": [12873, 40021, 512, 498],
}
URLS = {
    "pubmed": "https://eutils.ncbi.nlm.nih.gov/entrez/eutils/esearch.fcgi",
    "wos": "https://api.clarivate.com/apis/wos-starter/v1/documents",
    "arxiv": "https://export.arxiv.org/api/query",
    "ieee": "https://ieeexploreapi.ieee.org/api/v1/search/articles",
}
QUERY_PARAM = {"pubmed": "term", "wos": "q", "arxiv": "search_query", "ieee": "querytext"}


def _diagnostic(code: str, severity: Severity, message: str, line: int, target: str) -> Diagnostic:
    return Diagnostic(code, severity, message, Span(line, 4, line, 10, 0, 6), None, target)


DIAGNOSTICS: dict[str, list[Diagnostic]] = {
    "pubmed": [
        _diagnostic("PM201", Severity.WARNING,
                    "PubMed needs 4 letters before a wildcard (GPT*)", 7, "pubmed"),
    ],
    "wos": [
        _diagnostic("WS102", Severity.WARNING, "Web of Science has no MeSH: \"Diagnostic "
                    "Imaging\" is searched as text in TS=", 12, "wos"),
        _diagnostic("WS113", Severity.WARNING, "The Web of Science Starter API has no "
                    "language filter: lang:english dropped", 14, "wos"),
    ],
    "arxiv": [
        _diagnostic("AX105", Severity.WARNING, "arXiv has no language filter: "
                    "lang:english dropped", 14, "arxiv"),
    ],
    "ieee": [
        _diagnostic("IE103", Severity.INFO, "IEEE Xplore takes the years as a filter "
                    "(start_year=2013, end_year=2023)", 14, "ieee"),
    ],
}


def request(target: str, query: str, url: str | None = None) -> dict[str, object]:
    params = {QUERY_PARAM[target]: query}
    return {"method": "GET", "url": url or URLS[target], "params": params,
            "headers": [], "key_env": None}


def example_run(
    *,
    counts: dict[str, list[int]] | None = None,
    started: str = STARTED,
    finished: str | None = FINISHED,
    source_text: str = EXAMPLE_TEXT,
    source: Source = Source.FETCHED,
) -> RunResult:
    """The example strategy counted in all four databases, every line."""
    counts = counts or COUNTS
    targets = {}
    for target, queries in QUERIES.items():
        lines = []
        for number, query in enumerate(queries, start=1):
            api_query = API_QUERIES.get(target, queries)[number - 1]
            notes = []
            if target == "pubmed" and number == 4:
                notes = ["querytranslation: ... AND 2013:2023[dp] AND english[la]"]
            lines.append(
                LineResult(
                    number=number,
                    query=query,
                    api_query=api_query,
                    request=request(target, api_query),
                    status=Status.OK,
                    count=counts[target][number - 1],
                    source=source,
                    api_notes=notes,
                    diagnostics=[d for d in DIAGNOSTICS[target] if number == 4],
                )
            )
        final = lines[-1]
        targets[target] = TargetResult(
            target=target,
            query=final.query,
            status=Status.OK,
            count=final.count,
            lines=lines,
            api_notes=list(final.api_notes),
            diagnostics=list(DIAGNOSTICS[target]),
            notes=["Set the year filter to 2013-2023"] if target == "ieee" else [],
        )
    return RunResult(
        started=started,
        finished=finished,
        version="0.1.0",
        source_text=source_text,
        source_name=EXAMPLE_NAME,
        targets=targets,
    )
