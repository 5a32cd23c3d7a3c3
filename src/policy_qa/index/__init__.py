"""The index: Dutch analysis, encoders, BM25 and vector structures, and the index folder (build, format, swap).

Knows nothing of the app, the CLI or how answers are put together.
"""
