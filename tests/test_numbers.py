"""Numbers as Vietnamese writes them (tracker.numbers)."""


def test_whole_numbers_are_grouped_as_babel_groups_them():
    """vn_number's shortcut for whole numbers writes what Babel's `vi` locale writes."""
    from babel.numbers import format_decimal

    from tracker.numbers import vn_number

    for n in (0, 7, 999, 1000, 16730, -1234567, 10**12):
        assert vn_number(n) == format_decimal(n, locale="vi")
    assert vn_number(2.5) == "2,5" and vn_number(None) == ""


def test_percentages_are_written_as_babel_writes_them():
    from babel.numbers import format_percent

    from tracker.numbers import vn_percent

    for rate in [i / 1000 for i in range(0, 1001, 7)] + [0.6125, 0.61249, 1 / 3, 2 / 3, 0.0005, 12.5]:
        for digits in (0, 1, 2):
            pattern = "#,##0." + "0" * digits + "%" if digits else "#,##0%"
            assert vn_percent(rate, digits) == format_percent(rate, format=pattern, locale="vi"), (rate, digits)
    assert vn_percent(None) == "—"
