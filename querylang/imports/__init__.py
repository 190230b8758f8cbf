"""Reading native strategies (PubMed, Web of Science) into the portable language.

An import turns pasted native text into portable strategy text plus
diagnostics that point into the native text. :mod:`querylang.imports.model`
holds the shapes every reader shares.
"""
