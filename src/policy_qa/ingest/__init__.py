"""Ingestion: one PDF in, clean pages and citable passages out (pdf → cleaning → ocr → chunking; catalogue facts).

Knows nothing of indexes, search or the app.
"""
