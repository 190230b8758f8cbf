"""Ovid: MEDLINE, Embase and APA PsycInfo, as the registry's entries.

Interface strings only: Ovid has no API querylang can call, so these
databases compile (``compile --to ovid-medline``), are not in ``RUNNABLE``,
and their counts are typed in (``run --count ovid-medline=1234``). Product
names as Ovid lists them (Ovid database field guides, ospguides.ovid.com):
"Ovid MEDLINE(R) ALL", "Embase" (Embase Classic+Embase), "APA PsycInfo".
"""

from __future__ import annotations

from querylang.databases.base import Database, DatabaseInfo

_TARGET = "querylang.databases.ovid.target:"
_CODES = "querylang.databases.ovid.codes:CODES"
#: One reader for the three: ``import --from ovid`` (Ovid's syntax is one).
_IMPORTER = "querylang.databases.ovid.importer:read_ovid_line"
_SPLITTER = "querylang.databases.ovid.importer:split_ovid"
_IMPORT_AS = ("ovid", "Ovid")
#: Ovid numbers each search of its Advanced Search history; a numbered
#: block can also be pasted at once into its multi-line launcher.
_HISTORY = ("Ovid's Advanced Search (or, as one numbered block, in its "
            "multi-line launcher)")


def _info(name: str, reported: str) -> DatabaseInfo:
    """``reported``: the name with its platform, as PRISMA-S item 1 asks
    (Embase is on Ovid and on Embase.com: the two must read apart)."""
    interface = f"{name} via Ovid (Wolters Kluwer), Advanced Search"
    return DatabaseInfo(reported, interface, interface, "ovid")


DATABASES = (
    Database(
        name="ovid-medline",
        display="Ovid MEDLINE",
        short="MEDLINE",
        order=10,
        report=_info("Ovid MEDLINE(R) ALL", "Ovid MEDLINE(R) ALL"),
        target_path=_TARGET + "OvidMedline",
        codes_path=_CODES,
        history_interface=_HISTORY,
        importer_path=_IMPORTER,
        splitter_path=_SPLITTER,
        import_as=_IMPORT_AS,
        cannot=("limits in the search line (a limit is a line of its own)", "a year limit under OR or NOT"),
    ),
    Database(
        name="ovid-embase",
        display="Embase (Ovid)",
        short="Embase/Ovid",
        order=11,
        report=_info("Embase", "Embase (Ovid)"),
        target_path=_TARGET + "OvidEmbase",
        codes_path=_CODES,
        history_interface=_HISTORY,
        importer_path=_IMPORTER,
        splitter_path=_SPLITTER,
        import_as=_IMPORT_AS,
        cannot=("MeSH (Emtree headings: check the names)", "MeSH subheadings",
                "limits in the search line (a limit is a line of its own)", "a year limit under OR or NOT"),
    ),
    Database(
        name="ovid-psycinfo",
        display="APA PsycInfo (Ovid)",
        short="PsycInfo",
        order=12,
        report=_info("APA PsycInfo", "APA PsycInfo (Ovid)"),
        target_path=_TARGET + "OvidPsycInfo",
        codes_path=_CODES,
        history_interface=_HISTORY,
        importer_path=_IMPORTER,
        splitter_path=_SPLITTER,
        import_as=_IMPORT_AS,
        cannot=("MeSH (APA Thesaurus terms: check the names)", "MeSH subheadings",
                "limits in the search line (a limit is a line of its own)", "a year limit under OR or NOT"),
    ),
)
