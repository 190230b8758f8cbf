"""PubMed: the registry's entry (its compiler, count reader and codes are this package's modules)."""

from __future__ import annotations

from querylang.databases.base import Database, DatabaseInfo, DatabaseSpec, Paging

DATABASE = Database(
    name="pubmed",
    display="PubMed",
    short="PubMed",
    order=1,
    report=DatabaseInfo(
        "PubMed",
        "PubMed via the NCBI E-utilities API (esearch)",
        "PubMed (pubmed.ncbi.nlm.nih.gov), Advanced Search",
        "pubmed",
    ),
    spec=DatabaseSpec(
        "pubmed",
        "QUERYLANG_PUBMED_URL",
        "https://eutils.ncbi.nlm.nih.gov/entrez/eutils/esearch.fcgi",
        rate=3.0,
        rate_with_key=10.0,
        params={"db": "pubmed", "retmode": "json", "retmax": "0", "tool": "querylang"},
        key_env="NCBI_API_KEY",
        key_param="api_key",
        query_param="term",
        page_size_param="retmax",
        # Biopython switches to POST near 1,000 characters: a longer term
        # would overflow the URL (HTTP 414).
        post_above=1000,
        email_env="NCBI_EMAIL",
        email_param="email",
    ),
    history_interface="PubMed Advanced Search (History and Search Details)",
    target_path="querylang.databases.pubmed.target:PubMed",
    reader_path="querylang.databases.pubmed.responses:read",
    codes_path="querylang.databases.pubmed.codes:CODES",
    importer_path="querylang.databases.pubmed.importer:read_pubmed_line",
    same_search_path="querylang.databases.pubmed.echo:same_search",
    records_reader_path="querylang.databases.pubmed.records:read_page",
    # esearch usehistory=y opens the result set, esummary pages it: 500 a
    # page; retstart at most 9998 (NCBI's docs say 10,000 records; the
    # server serves 9,999).
    paging=Paging(
        500,
        limit=9_999,
        way_out="split the search into parts under 9,999 records each (for example by "
                "publication years, year:2013-2018 and year:2019-2023) and fetch each",
        opening_requests=1,
    ),
    records_pager_path="querylang.databases.pubmed.records:fetch_page",
    known_path="querylang.databases.pubmed.known:KNOWN",
    id_label="PMID",
    author_style="surname-initials",
    native_id_kind="pmid",
    query_labels=(
        "Query (PubMed Advanced Search and the E-utilities API)",
        "API query",
    ),
)
