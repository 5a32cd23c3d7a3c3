"""Usage: what members ask, kept in SQLite — the question log, "klopt / klopt niet" feedback, the open-questions report.

Knows nothing of the app or the CLI; stores no IP addresses.
"""
