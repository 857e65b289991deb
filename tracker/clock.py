"""The one clock. Everything that asks "what day is it" asks here, in Asia/Ho_Chi_Minh.

Tests (and `--today` options) freeze it with `clock.freeze(date_or_datetime)`.
"""
from contextlib import contextmanager
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
_frozen: datetime | None = None


def now() -> datetime:
    """Aware datetime in Asia/Ho_Chi_Minh."""
    return _frozen if _frozen is not None else datetime.now(TZ)


def today() -> date:
    return now().date()


def freeze(moment: date | datetime | None) -> None:
    """Pin now()/today() to `moment` (a date means 08:00 that day); None unpins."""
    global _frozen
    if moment is None:
        _frozen = None
    elif isinstance(moment, datetime):
        _frozen = moment if moment.tzinfo else moment.replace(tzinfo=TZ)
    else:
        _frozen = datetime.combine(moment, time(8, 0), tzinfo=TZ)


@contextmanager
def frozen(moment: date | datetime):
    previous = _frozen
    freeze(moment)
    try:
        yield
    finally:
        freeze(previous)
