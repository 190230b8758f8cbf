"""CINAHL on EBSCOhost: interface strings only.

EBSCOhost has no API querylang can call (its API needs an institutional
profile): the strategy is compiled to EBSCOhost's Advanced Search syntax
(``TI asthma``, ``(MH "Asthma+")``, ``N5``/``W5``, ``S1 OR S2``), entered line
by line in the search history, and its counts are typed in (``querylang run
--count ebsco-cinahl=N``). Publication years are EBSCOhost's Published Date
limiter, not part of the string.
"""

from __future__ import annotations

from querylang.databases.base import Database, DatabaseInfo, LimitWords

DATABASE = Database(
    name="ebsco-cinahl",
    display="CINAHL (EBSCOhost)",
    short="CINAHL",
    order=13,
    report=DatabaseInfo(
        "CINAHL (EBSCOhost)",
        "CINAHL via EBSCOhost, Advanced Search (searched by hand: no API)",
        "CINAHL via EBSCOhost, Advanced Search",
        "ebsco-cinahl",
    ),
    limits=LimitWords(
        years_dropped=frozenset({"EB402"}),
        years="publication years {years} (EBSCOhost's Published Date limiter, set by hand)",
    ),
    history_interface="EBSCOhost's Advanced Search (Search History)",
    target_path="querylang.databases.ebsco.target:EbscoCinahl",
    codes_path="querylang.databases.ebsco.codes:CODES",
    cannot=(
        "MeSH (CINAHL Subject Headings instead: headings to check)",
        "MeSH subheadings",
        "years in the string (the Published Date limiter)",
    ),
)
