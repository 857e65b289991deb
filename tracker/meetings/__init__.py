"""Scheduling the committee's meetings; each leads to its overdue list."""
