"""Known-item checks (``querylang check``, docs/known-items.md).

items     reading a known set: identifier lines, RIS, BibTeX, CSV
clauses   identifier clauses per database, split to each one's limits
answers   reading the records a check request retrieved
run       the requests: "indexed" first, then one per line (runner.ApiSession)
model     what was found; recall and the matrix computed from it
render    JSON (the issue's shape), table, Markdown, CSV
log       the check in the search log (answers as the cache, the result)
command   the command's work; querylang.cli holds only its typer wrapper
"""
