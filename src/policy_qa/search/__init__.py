"""Search over a loaded index: the question prepared, BM25 and dense rankings fused, a confidence that it is answered.

Knows nothing of the app or the CLI.
"""
