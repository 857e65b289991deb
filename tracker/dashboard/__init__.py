"""The leaders' dashboard (numbers from tracker.queries.reports)."""
