from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import Optional

from tracker.forms import IntegerField, SelectField, VnDateField
from tracker.queries import TaskFilters
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
    number = StringField("Số văn bản", validators=[Optional()], render_kw={"placeholder": "152-TB/HU"})
    directive = IntegerField("Văn bản", validators=[Optional()])

    def filters(self) -> TaskFilters:
        """The validated filters as the shared task query takes them."""
        return TaskFilters(
            unit_id=self.unit.data or None,
            status=StatusClass(self.status.data) if self.status.data else None,
            deadline_from=self.deadline_from.data,
            deadline_to=self.deadline_to.data,
            directive_id=self.directive.data or None,
            directive_number=(self.number.data or "").strip() or None,
            q=self.q.data or None,
        )
