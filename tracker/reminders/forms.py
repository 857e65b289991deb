from flask_wtf import FlaskForm
from wtforms import BooleanField, RadioField, SelectField

from tracker.models.reminders import DIGEST_EVERY_LABELS
from tracker.reminders.due import WEEKDAY_LABELS


class PreferenceForm(FlaskForm):
    wants_reminders = BooleanField("Nhận thư nhắc việc qua thư điện tử")
    digest_every = RadioField("Thư nhắc việc của đơn vị", choices=list(DIGEST_EVERY_LABELS.items()), default="daily")


class PlanForm(FlaskForm):
    """The office's settings of one unit's reminders."""

    unit_id = SelectField("Đơn vị", coerce=int)
    roundup_weekday = SelectField("Ngày tổng hợp, nhắc lại việc quá hạn", coerce=int,
                                  choices=[(0, "Theo cài đặt chung")] + list(WEEKDAY_LABELS.items()))
    roundup_every_weeks = SelectField("Chu kỳ", coerce=int,
                                      choices=[(1, "Hằng tuần")] + [(n, f"{n} tuần một lần") for n in (2, 3, 4)])
    is_weekly_allowed = BooleanField("Cho phép đơn vị chọn nhận một thư mỗi kỳ tổng hợp", default=True)
