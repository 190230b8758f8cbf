"""Europe PMC: the registry's entry (data only; the code is in this package).

Europe PMC's articles search (REST, JSON, no key) holds every PubMed record
(source ``MED``), PubMed Central, and preprints (``SRC:PPR``) among other
sources: the report says that preprints are in the count. docs/db-europepmc.md
gives the sources of every choice here.
"""

from __future__ import annotations

from querylang.databases.base import Database, DatabaseInfo, DatabaseSpec, Paging

DATABASE = Database(
    name="europepmc",
    display="Europe PMC",
    short="EPMC",
    order=6,
    report=DatabaseInfo(
        "Europe PMC",
        "Europe PMC via the Europe PMC Articles RESTful API (search), preprints included "
        "(SRC:PPR), synonym expansion off",
        "Europe PMC (europepmc.org), Advanced Search, preprints included (SRC:PPR)",
        "europepmc",
    ),
    spec=DatabaseSpec(
        "europepmc",
        "QUERYLANG_EUROPEPMC_URL",
        "https://www.ebi.ac.uk/europepmc/webservices/rest/search",
        # No rate limit is published: one request a second, one at a time,
        # until Europe PMC documents a figure (docs/db-europepmc.md).
        rate=1.0,
        max_in_flight=1,
        # format: XML is the default. synonym=false: with true the API adds
        # MeSH and UniProt synonyms to every term, so the count would be of
        # a different, undocumented query (false is also the API's default;
        # sent so that the log says it). resultType=idlist and pageSize=1:
        # the smallest answer that carries hitCount.
        params={"format": "json", "resultType": "idlist", "pageSize": "1", "synonym": "false"},
        query_param="query",
        page_size_param="pageSize",
        # A long query goes by POST to searchPOST (form-encoded, same
        # parameters), as the API offers for queries too long for a URL.
        post_above=1000,
        post_path="searchPOST",
        # Optional: Europe PMC's API takes a contact address (europePMCTools'
        # getAPIlink lists the parameter; docs/db-europepmc.md).
        email_env="EUROPEPMC_EMAIL",
        email_param="email",
    ),
    target_path="querylang.databases.europepmc.target:EuropePMC",
    reader_path="querylang.databases.europepmc.responses:read",
    codes_path="querylang.databases.europepmc.codes:CODES",
    records_reader_path="querylang.databases.europepmc.records:read_page",
    # cursorMark: * first, then each answer's nextCursorMark; pageSize at
    # most 1000. Pages ask resultType=core (abstracts, authors one by one),
    # so the pager is the generic cursor pager with that one change; 500
    # core records stay well under the page answer cap. No depth limit is
    # documented (unlike PubMed's 9,999).
    paging=Paging(500, cursor_param="cursorMark", first_cursor="*", size_param="pageSize"),
    records_pager_path="querylang.databases.europepmc.records:fetch_page",
    known_path="querylang.databases.europepmc.known:KNOWN",
    id_label="Europe PMC id",
    author_style="surname-initials",
    cannot=(
        "MeSH without explosion or as major topic (MESH: only)",
        "MeSH subheadings",
        "truncation inside a phrase",
        "proximity with wildcards",
        "author keywords apart from MeSH (KW: holds both)",
    ),
    query_labels=(
        "Query (Europe PMC search and its REST API)",
        "API query (what Run counts)",
    ),
)
