"""The leaders' dashboard (numbers from tracker.reports.scorecard)."""
