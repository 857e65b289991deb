"""The words people write into a report (its introduction and assessment), kept version by version.

Saving adds a version (never overwrites); the newest one is printed. `scope` names the report: one notice,
one unit's report on a notice, one period of one issuing body.
"""
from datetime import date
from typing import Optional

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from tracker.extensions import db
from tracker.models import ReportKind, ReportText
from tracker.services import ServiceError

MAX_TEXT = 20_000


def notice_scope(directive_id: int) -> str:
    return f"directive:{directive_id}"


def unit_scope(directive_id: int, unit_id: int) -> str:
    return f"directive:{directive_id}:unit:{unit_id}"


def period_scope(period_from: date, period_to: date, issuer: Optional[str]) -> str:
    return f"period:{period_from.isoformat()}:{period_to.isoformat()}:{issuer or ''}"[:300]


def latest(kind: ReportKind, scope: str) -> Optional[ReportText]:
    return db.session.scalar(sa.select(ReportText).where(ReportText.kind == kind, ReportText.scope == scope)
                             .order_by(ReportText.version.desc()).limit(1))


def versions(kind: ReportKind, scope: str) -> list[ReportText]:
    """Every saved version, newest first."""
    return list(db.session.scalars(sa.select(ReportText).where(ReportText.kind == kind, ReportText.scope == scope)
                                   .order_by(ReportText.version.desc())))


def save(kind: ReportKind, scope: str, actor, *, intro: str, assessment: str, directive_id: Optional[int] = None,
         unit_id: Optional[int] = None) -> ReportText:
    """A new version with these words (the newest one again if nothing changed)."""
    intro, assessment = (intro or "").strip(), (assessment or "").strip()
    for text, field in ((intro, "intro"), (assessment, "assessment")):
        if len(text) > MAX_TEXT:
            raise ServiceError(f"Tối đa {MAX_TEXT:,} ký tự.".replace(",", "."), field)
    current = latest(kind, scope)
    if current is not None and (current.intro, current.assessment) == (intro, assessment):
        return current
    row = ReportText(kind=kind, scope=scope, version=(current.version + 1) if current else 1, intro=intro,
                     assessment=assessment, directive_id=directive_id, unit_id=unit_id,
                     author_id=getattr(actor, "id", None))
    db.session.add(row)
    try:
        with db.session.begin_nested():
            db.session.flush()
    except IntegrityError:
        raise ServiceError("Có người vừa lưu báo cáo này cùng lúc; vui lòng tải lại trang và lưu lại.") from None
    return row
