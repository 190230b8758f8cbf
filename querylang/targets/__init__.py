"""One module per database. The registry maps a target name to its class.

Adding a fifth database to *compile*: write ``querylang/targets/<name>.py``
with a ``Target`` subclass and add one line to ``TARGETS`` below. To *run*
and *report* it as well, four more small entries, one per job, are needed:
its response reader in :mod:`querylang.responses` (``READERS``), its rate and
key in :mod:`querylang.runner` (``SPECS``), and its display name and
interface in :mod:`querylang.report` (``DATABASES``), and its display name
in :mod:`querylang.responses` (``NAMES``). Keeping these in the modules that do
each job (rather than in the target file) keeps ``compile`` free of the HTTP
and SQLite imports.
"""

from __future__ import annotations

from querylang.targets.arxiv import Arxiv
from querylang.targets.base import Target
from querylang.targets.ieee import Ieee
from querylang.targets.pubmed import PubMed
from querylang.targets.wos import WebOfScience

__all__ = ["TARGETS", "Target", "get_target", "unknown_target_message"]

#: Target name -> generator class. A fifth database is one more line here.
TARGETS: dict[str, type[Target]] = {
    "pubmed": PubMed,
    "wos": WebOfScience,
    "arxiv": Arxiv,
    "ieee": Ieee,
}


def unknown_target_message(name: str) -> str:
    import difflib  # only on a mistake: keeps the start-up light

    close = difflib.get_close_matches(name.strip().lower(), list(TARGETS), n=1, cutoff=0.4)
    suggestion = f" (did you mean {close[0]}?)" if close else ""
    return f"unknown target {name!r}{suggestion}; known targets: {', '.join(TARGETS)}"


def get_target(name: str) -> type[Target]:
    """The generator class for ``name``; a ValueError with a "did you mean"."""
    found = TARGETS.get(name.strip().lower())
    if found is None:
        raise ValueError(unknown_target_message(name))
    return found
