"""Tests of the overdue list, its exports, the dashboard and meetings (a package, so its conftest does not shadow tests/conftest.py)."""
