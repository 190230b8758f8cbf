"""Scopus (Elsevier): the registry's entry. Its compiler, codes and count
reader live beside it in this package (docs/db-scopus.md)."""

from __future__ import annotations

from querylang.databases.base import Database, DatabaseInfo, DatabaseSpec

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
        params={"count": "1", "field": "dc:identifier", "httpAccept": "application/json"},
        key_env="SCOPUS_API_KEY",
        key_header="X-ELS-APIKey",
        key_required=True,
        query_param="query",
        page_size_param="count",
    ),
    target_path="querylang.databases.scopus.target:Scopus",
    reader_path="querylang.databases.scopus.responses:read",
    codes_path="querylang.databases.scopus.codes:CODES",
    cannot=(
        "MeSH headings (no explosion, major topic or subheadings)",
        "study designs as publication types",
    ),
)
