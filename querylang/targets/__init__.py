"""One module per database. The registry maps a target name to its class.

Adding a fifth database: write ``querylang/targets/<name>.py`` with a
``Target`` subclass and add one line to ``TARGETS`` below (plus its response
reader in :mod:`querylang.responses`).
"""
