"""Numbers as Vietnamese writes them (Babel's `vi` locale): 16.730 nhiệm vụ, tỷ lệ 61,9%."""
from decimal import ROUND_HALF_EVEN, Decimal

from babel.numbers import format_decimal, format_percent

LOCALE = "vi"


def vn_number(value) -> str:
    """1234567 → "1.234.567"; None → "". A whole number is grouped directly (the same as Babel's `vi`, which
    costs 55 µs a call: the dashboard's 14,000 cells took 0.8 s); other numbers go through Babel."""
    if value is None:
        return ""
    if isinstance(value, int):
        return f"{value:,}".replace(",", ".")
    return format_decimal(value, locale=LOCALE)


def vn_percent(rate, digits: int = 1) -> str:
    """0.619 → "61,9%"; None → "—"."""
    if rate is None:
        return "—"
    value = (Decimal(str(rate)) * 100).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_EVEN)
    if abs(value) < 1000:  # no grouping to do: what Babel writes, without its cost (the dashboard has 2,000 rates)
        return str(value).replace(".", ",") + "%"
    return format_percent(rate, format="#,##0." + "0" * digits + "%" if digits else "#,##0%", locale=LOCALE)
