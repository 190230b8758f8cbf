"""IEEE Xplore: the registry's entry (its compiler, count reader and codes are this package's modules)."""

from __future__ import annotations

from querylang.databases.base import Database, DatabaseInfo, DatabaseSpec, LimitWords, Paging

DATABASE = Database(
    name="ieee",
    display="IEEE Xplore",
    short="IEEE",
    order=4,
    report=DatabaseInfo(
        "IEEE Xplore",
        "IEEE Xplore via the IEEE Xplore Metadata Search API",
        "IEEE Xplore (ieeexplore.ieee.org), Command Search",
        "ieee",
    ),
    spec=DatabaseSpec(
        "ieee",
        "QUERYLANG_IEEE_URL",
        "https://ieeexploreapi.ieee.org/api/v1/search/articles",
        rate=1.0,
        params={"format": "json", "max_records": "1"},
        key_env="IEEE_API_KEY",
        key_param="apikey",
        key_required=True,
        query_param="querytext",
        page_size_param="max_records",
    ),
    limits=LimitWords(
        language_dropped=frozenset({"IE102"}),
        years_dropped=frozenset({"IE104"}),
        years="publication years {years} (the API's year filter)",
    ),
    target_path="querylang.databases.ieee.target:Ieee",
    reader_path="querylang.databases.ieee.responses:read",
    codes_path="querylang.databases.ieee.codes:CODES",
    records_reader_path="querylang.databases.ieee.records:read_page",
    # start_record (from 1)/max_records (at most 200); about 200 calls a day.
    paging=Paging(
        200,
        daily_quota=200,
        start_param="start_record",
        first_position=1,
    ),
    known_path="querylang.databases.ieee.known:KNOWN",
    id_label="article number",
    csv_column="ieee_article_number",
    query_labels=(
        "Command Search (web interface)",
        "API query (what Run counts)",
    ),
)
