"""Reminders (issue #5): what is due (`due`; its queries are tracker.queries.reminders), the exactly-once ledger (`ledger`), digests
(`digest`), one pass (`run`), the scheduled bodies (`jobs`), the scheduler process (`scheduler`), the CLI
(`cli`) and the outbox page and reminder preference (`routes`).

The scheduler never runs inside the web workers: it is its own process, `flask tracker scheduler`.
"""
