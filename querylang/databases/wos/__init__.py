"""Web of Science: the registry's entry (its compiler, count reader and codes are this package's modules)."""

from __future__ import annotations

from querylang.databases.base import Database, DatabaseInfo, DatabaseSpec, LimitWords, Paging

DATABASE = Database(
    name="wos",
    display="Web of Science",
    short="WoS",
    order=2,
    report=DatabaseInfo(
        "Web of Science Core Collection",
        "Web of Science Core Collection via the Clarivate Web of Science Starter API",
        "Web of Science Core Collection via the Web of Science web interface, Advanced Search",
        "wos",
    ),
    spec=DatabaseSpec(
        "wos",
        "QUERYLANG_WOS_URL",
        "https://api.clarivate.com/apis/wos-starter/v1/documents",
        rate=1.0,
        params={"db": "WOS", "limit": "1", "page": "1"},
        key_env="WOS_API_KEY",
        key_header="X-ApiKey",
        key_required=True,
        query_param="q",
        page_size_param="limit",
    ),
    limits=LimitWords(
        language_dropped=frozenset({"WS113"}),
        language_in_interface_only=(
            "the Web of Science Starter API", "the advanced-search string below (LA=)"
        ),
    ),
    history_interface="the Web of Science advanced search (Search History)",
    target_path="querylang.databases.wos.target:WebOfScience",
    reader_path="querylang.databases.wos.responses:read",
    codes_path="querylang.databases.wos.codes:CODES",
    importer_path="querylang.databases.wos.importer:read_wos_line",
    records_reader_path="querylang.databases.wos.records:read_page",
    # /documents pages are numbered slices of `limit` (at most 50); the
    # Starter API's free plan allows 50 requests a day.
    paging=Paging(50, daily_quota=50, fixed_slices=True, page_param="page"),
    known_path="querylang.databases.wos.known:KNOWN",
    id_label="UT",
    author_style="surname-comma",
    csv_column="wos_ut",
    query_labels=(
        "Advanced search (web interface)",
        "Starter API query (what Run counts)",
    ),
)
