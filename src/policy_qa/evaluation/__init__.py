"""Measured quality: metrics (pure), question files, runs and summaries, --compare configurations, reports, fits."""
