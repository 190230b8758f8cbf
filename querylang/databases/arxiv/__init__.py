"""arXiv: the registry's entry (its compiler, count reader and codes are this package's modules)."""

from __future__ import annotations

from querylang.databases.base import Database, DatabaseInfo, DatabaseSpec, LimitWords, Paging

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
        page_size_param="max_results",
        # Atom spells every record out in XML: a page takes more room.
        page_answer_cap=32 * 1024 * 1024,
    ),
    limits=LimitWords(
        language_dropped=frozenset({"AX105"}),
        years="first-version submission date {years} (arXiv has no publication year)",
    ),
    target_path="querylang.databases.arxiv.target:Arxiv",
    reader_path="querylang.databases.arxiv.responses:read",
    codes_path="querylang.databases.arxiv.codes:CODES",
    records_reader_path="querylang.databases.arxiv.records:read_page",
    # start/max_results, 2,000 a page, 30,000 results at most (API user manual).
    paging=Paging(
        2000,
        limit=30_000,
        way_out="split the search into parts under 30,000 results (for example by "
                "submission years) and fetch each",
        start_param="start",
    ),
    known_path="querylang.databases.arxiv.known:KNOWN",
    id_label="arXiv",
    preprints=True,
    native_id_kind="arxiv",
    query_labels=(
        "Query (arXiv API)",
        "API query",
    ),
)
