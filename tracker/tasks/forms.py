from flask_wtf import FlaskForm
from wtforms import IntegerField, StringField
from wtforms.validators import Optional

from tracker.forms import SelectField, VnDateField
from tracker.services.status import LABELS, StatusClass


class TaskFilterForm(FlaskForm):
    """The task list's filters: a GET form, so no CSRF token (it changes nothing)."""

    class Meta:
        csrf = False

    q = StringField("Tìm trong nội dung", validators=[Optional()])
    unit = SelectField("Đơn vị", coerce=int, validators=[Optional()])
    status = SelectField("Tình trạng", validators=[Optional()],
                         choices=[("", "— Tất cả —")] + [(c.value, LABELS[c]) for c in StatusClass])
    deadline_from = VnDateField("Hạn từ ngày", validators=[Optional()])
    deadline_to = VnDateField("đến ngày", validators=[Optional()])
    directive = IntegerField("Văn bản", validators=[Optional()])
