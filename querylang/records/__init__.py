"""The records behind the counts: what each database returned, merged.

:mod:`querylang.records.model` holds the one record shape every database's
reader produces and the identifier and title normalisers that fetching,
deduplication, the known-item check and the exports share, so that "the
same DOI" means the same thing everywhere.
"""
