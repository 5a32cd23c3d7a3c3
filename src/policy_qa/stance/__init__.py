"""Stance explorer: the organisation's positions on a topic per document (topics → ingest.statements → explorer)."""
