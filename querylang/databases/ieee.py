"""IEEE Xplore: the registry's entry (its code still lives in the generic modules)."""

from __future__ import annotations

from querylang.databases.base import Database, DatabaseInfo, DatabaseSpec, Paging

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
    ),
    target_path="querylang.targets.ieee:Ieee",
    reader_path="querylang.responses:read_ieee",
    records_reader_path="querylang.databases.ieee_records:read_ieee_page",
    # start_record (from 1)/max_records (at most 200); about 200 calls a day.
    paging=Paging(
        200,
        daily_quota=200,
        start_param="start_record",
        first_position=1,
        size_param="max_records",
    ),
    known_path="querylang.databases.ieee_known:KNOWN",
    id_label="article number",
    csv_column="ieee_article_number",
)
