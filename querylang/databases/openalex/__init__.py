"""OpenAlex: the registry's entry (its code lives in this package).

The works list ``GET https://api.openalex.org/works`` (docs/db-openalex.md):
a boolean search of title and abstract as a search parameter, the other
fields and the limits as ``filter=`` entries, the count in ``meta.count``.
"""

from __future__ import annotations

from querylang.databases.base import Database, DatabaseInfo, DatabaseSpec, LimitWords, Paging

DATABASE = Database(
    name="openalex",
    display="OpenAlex",
    short="OpenAlex",
    order=7,
    report=DatabaseInfo(
        "OpenAlex",
        "OpenAlex via the OpenAlex API (api.openalex.org, works)",
        "OpenAlex via the OpenAlex web interface (openalex.org), works search",
        "openalex",
    ),
    spec=DatabaseSpec(
        "openalex",
        "QUERYLANG_OPENALEX_URL",
        "https://api.openalex.org/works",
        # Searches with more than 5 AND/OR/NOT (most strategy lines) are
        # served 1 a second without a key, 5 with a free key (api-proxy
        # broad_boolean_query): the pace a review's lines need.
        rate=1.0,
        rate_with_key=5.0,
        # per-page=1: the count is meta.count, one work is the least a page
        # can hold (no select=: the records pages reuse these parameters).
        params={"per-page": "1"},
        key_env="OPENALEX_API_KEY",
        key_param="api_key",
        # "API key required starting February 13, 2026" (Authentication page),
        # but the service still answers keyless calls on a small daily budget:
        # a keyless run is tried, and a 401 says to set the key.
        key_required=False,
        query_param="search.title_and_abstract",
        page_size_param="per-page",
        # The polite pool is gone (keys replaced it), but mailto is still a
        # valid parameter that identifies the caller (Authentication page).
        email_env="OPENALEX_EMAIL",
        email_param="mailto",
    ),
    limits=LimitWords(years_dropped=frozenset({"OA113"})),
    target_path="querylang.databases.openalex.target:OpenAlex",
    reader_path="querylang.databases.openalex.responses:read",
    codes_path="querylang.databases.openalex.codes:CODES",
    records_reader_path="querylang.databases.openalex.records:read_page",
    # Cursor paging (Page through results): cursor=* then meta.next_cursor,
    # per-page at most 200 (elastic-api core/paginate.py). A free key's day
    # is 1 USD: 1,000 search calls.
    paging=Paging(
        200,
        daily_quota=1000,
        cursor_param="cursor",
        first_cursor="*",
        size_param="per-page",
    ),
    known_path="querylang.databases.openalex.known:KNOWN",
    id_label="OpenAlex id",
    csv_column="openalex_id",
    cannot=(
        "MeSH or other subject headings",
        "journal names (so:)",
        "author keywords",
        "wildcards in a stemmed search",
        "a search history (#n)",
    ),
    query_labels=(
        "API parameters (OpenAlex /works)",
        "API query (what Run counts)",
    ),
)
