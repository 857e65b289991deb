"""Numbers as Vietnamese writes them (Babel's `vi` locale): 16.730 nhiệm vụ, tỷ lệ 61,9%."""
from babel.numbers import format_decimal, format_percent

LOCALE = "vi"


def vn_number(value) -> str:
    """1234567 → "1.234.567"; None → ""."""
    return "" if value is None else format_decimal(value, locale=LOCALE)


def vn_percent(rate, digits: int = 1) -> str:
    """0.619 → "61,9%"; None → "—"."""
    if rate is None:
        return "—"
    return format_percent(rate, format="#,##0." + "0" * digits + "%" if digits else "#,##0%", locale=LOCALE)
