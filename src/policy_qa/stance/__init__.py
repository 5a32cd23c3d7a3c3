"""Stance explorer: the organisation's positions on a topic per document (topics → statements → explorer)."""
