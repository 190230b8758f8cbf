"""Scopus (Elsevier): the registry's entry. Its compiler, codes and count
reader live beside it in this package (docs/db-scopus.md)."""

from __future__ import annotations

from querylang.databases.base import Database, DatabaseInfo, DatabaseSpec, Paging

DATABASE = Database(
    name="scopus",
    display="Scopus",
    short="Scopus",
    order=5,
    report=DatabaseInfo(
        "Scopus",
        "Scopus via the Elsevier Scopus Search API",
        "Scopus (scopus.com), Advanced Document Search",
        "scopus",
    ),
    spec=DatabaseSpec(
        "scopus",
        "QUERYLANG_SCOPUS_URL",
        "https://api.elsevier.com/content/search/scopus",
        # dev.elsevier.com/api_key_settings.html: 9 requests a second and
        # 20,000 a week for the Scopus Search API (the pacer's margin keeps
        # the sends below 9 in any second).
        rate=9.0,
        # No `field` parameter: the records pages and the known-item check
        # reuse the run's request and need the whole STANDARD entry.
        params={"count": "1", "httpAccept": "application/json"},
        key_env="SCOPUS_API_KEY",
        key_header="X-ELS-APIKey",
        key_required=True,
        query_param="query",
        page_size_param="count",
    ),
    target_path="querylang.databases.scopus.target:Scopus",
    reader_path="querylang.databases.scopus.responses:read",
    codes_path="querylang.databases.scopus.codes:CODES",
    records_reader_path="querylang.databases.scopus.records:read_page",
    # `start` (from 0) and `count`: 25 a page, the most a key of any service
    # level may ask (200 in the STANDARD view for a subscriber's); offset
    # paging reaches the first 5,000 results only (pybliometrics, Elsevier's
    # API documentation). Every page is one request of the weekly 20,000.
    paging=Paging(
        25,
        limit=5000,
        way_out="split the search into parts under 5,000 records (by PUBYEAR ranges)",
        start_param="start",
        first_position=0,
        size_param="count",
    ),
    known_path="querylang.databases.scopus.known:KNOWN",
    id_label="EID",
    author_style="surname-initials",
    csv_column="scopus_eid",
    ris_types=(("conference paper", "CONF"), ("conference review", "CONF"),
               ("data paper", "DATA")),
    cannot=(
        "MeSH headings (no explosion, major topic or subheadings)",
        "study designs as publication types",
    ),
    query_labels=(
        "Advanced search (web interface and Scopus Search API)",
        "API query (what Run counts)",
    ),
)
