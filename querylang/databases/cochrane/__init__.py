"""The Cochrane Library (CENTRAL and the other Cochrane databases): interface strings only.

The Cochrane Library has no API querylang can call: the strategy is
compiled to its Search Manager's syntax (``asthma:ti,ab,kw``,
``[mh "Asthma"]``, ``NEAR/n``, ``NEXT``, ``#1 OR #2``), entered line by line,
and its counts are typed in (``querylang run --count cochrane=N``). CENTRAL
is indexed with MeSH (its MEDLINE-sourced records): mesh: is exact there.
Dates are a Search Manager limit, not part of the string.
"""

from __future__ import annotations

from querylang.databases.base import Database, DatabaseInfo, LimitWords

DATABASE = Database(
    name="cochrane",
    display="Cochrane Library",
    short="Cochrane",
    order=14,
    report=DatabaseInfo(
        "Cochrane Central Register of Controlled Trials (CENTRAL)",
        "CENTRAL via the Cochrane Library (Wiley), Search Manager (searched by hand: no API)",
        "CENTRAL via the Cochrane Library (Wiley), Search Manager",
        "cochrane",
    ),
    limits=LimitWords(
        language_dropped=frozenset({"CO403"}),
        years_dropped=frozenset({"CO402"}),
        years="publication years {years} (the Search Manager's date limit, set by hand)",
    ),
    history_interface="the Cochrane Library's Search Manager",
    target_path="querylang.databases.cochrane.target:Cochrane",
    codes_path="querylang.databases.cochrane.codes:CODES",
    cannot=(
        "years in the string (a Search Manager limit)",
        "language limit",
        "MeSH major topic",
        "MeSH subheadings",
        "ISSN",
    ),
)
