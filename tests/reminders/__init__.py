"""Tests of the reminders: the date rules, digests, exactly-once sending, the scheduler and the outbox
(a package, so its conftest does not shadow tests/conftest.py)."""
