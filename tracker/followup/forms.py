"""Forms of the follow-up reports: the words of a report, and the carry-over choices."""
from flask_wtf import FlaskForm
from wtforms import TextAreaField

from tracker.forms import max_length, required


class ReportTextForm(FlaskForm):
    """The introduction and assessment people write around a report's tables. The page's CSRF token is
    checked by CSRFProtect for every POST."""

    class Meta:
        csrf = False

    intro = TextAreaField("Phần mở đầu", validators=[required("phần mở đầu"), max_length(20_000)],
                          render_kw={"rows": 4})
    assessment = TextAreaField("Đánh giá chung, khó khăn, đề xuất", validators=[max_length(20_000)],
                               render_kw={"rows": 8})


class CarryOverForm(FlaskForm):
    """Which earlier tasks to take up, each with its mode and deadline: read from `task`, `mode-<id>` and
    `deadline-<id>` by the view (the list is as long as the committee's open work)."""

    class Meta:
        csrf = False
