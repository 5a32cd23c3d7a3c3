"""Answers: the short cited extract a reader sees first, built from the hits that search returns."""
