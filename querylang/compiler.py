"""The compile API: strategy text -> native queries per target.

Contract (implemented by the compile layer, used by the runner):

    compile_query(text, target, *, line=None, strict=False) -> Compiled
        the final line (or line N) for one target.
    compile_strategy(strategy, target, *, strict=False) -> list[Compiled]
        every line of a parsed, error-free strategy, references expanded.
"""
