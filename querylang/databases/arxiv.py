"""arXiv: the registry's entry (its code still lives in the generic modules)."""

from __future__ import annotations

from querylang.databases.base import Database, DatabaseInfo, DatabaseSpec, Paging

DATABASE = Database(
    name="arxiv",
    display="arXiv",
    short="arXiv",
    order=3,
    report=DatabaseInfo(
        "arXiv",
        "arXiv via the arXiv API (export.arxiv.org)",
        "arXiv (arxiv.org), Advanced Search",
        "arxiv",
    ),
    spec=DatabaseSpec(
        "arxiv",
        "QUERYLANG_ARXIV_URL",
        "https://export.arxiv.org/api/query",
        rate=1 / 3,
        max_in_flight=1,  # arXiv's terms: one connection at a time
        params={"start": "0", "max_results": "0"},
        query_param="search_query",
    ),
    target_path="querylang.targets.arxiv:Arxiv",
    reader_path="querylang.responses:read_arxiv",
    records_reader_path="querylang.databases.arxiv_records:read_arxiv_page",
    # start/max_results, 2,000 a page, 30,000 results at most (API user manual).
    paging=Paging(
        2000,
        limit=30_000,
        way_out="split the search into parts under 30,000 results (for example by "
                "submission years) and fetch each",
        start_param="start",
        size_param="max_results",
    ),
    known_path="querylang.databases.arxiv_known:KNOWN",
    id_label="arXiv",
    preprints=True,
    native_id_kind="arxiv",
)
