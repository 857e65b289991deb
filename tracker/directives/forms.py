from flask_wtf import FlaskForm
from wtforms import StringField, TextAreaField
from wtforms.validators import Optional

from tracker.forms import SelectField, UnitsField, VnDateField, max_length, required
from tracker.models import REPORT_EVERY_LABELS, ReportEvery


class DirectiveForm(FlaskForm):
    number = StringField("Số hiệu", validators=[Optional(), max_length(60)],
                         render_kw={"placeholder": "123-TB/HU"})
    issued_on = VnDateField("Ngày ban hành", validators=[required("ngày ban hành")])
    issuer = StringField("Cơ quan ban hành", validators=[required("cơ quan ban hành"), max_length(200)],
                         render_kw={"placeholder": "Thường trực Huyện ủy"})
    title = TextAreaField("Trích yếu", validators=[required("trích yếu"), max_length(500)], render_kw={"rows": 2})
    signer = StringField("Người ký", validators=[Optional(), max_length(120)])
    meeting_id = SelectField("Hội nghị", coerce=int, validators=[Optional()])
    period_end_on = VnDateField("Cuối kỳ kế hoạch", validators=[Optional()],
                                description="Thời hạn mặc định của các nhiệm vụ không nêu hạn riêng.")
    full_text = TextAreaField("Toàn văn", validators=[Optional()], render_kw={"rows": 8})

    def values(self) -> dict:
        return {
            "number": (self.number.data or "").strip() or None,
            "issued_on": self.issued_on.data,
            "issuer": self.issuer.data.strip(),
            "title": self.title.data.strip(),
            "signer": (self.signer.data or "").strip() or None,
            "meeting_id": self.meeting_id.data or None,
            "period_end_on": self.period_end_on.data,
            "full_text": self.full_text.data or "",
        }


REPORT_EVERY_CHOICES = [("", "— Không —")] + [(e.value, REPORT_EVERY_LABELS[e]) for e in ReportEvery]


class TaskForm(FlaskForm):
    source_ref = StringField("Mục", validators=[Optional(), max_length(40)], render_kw={"placeholder": "3.4"})
    text = TextAreaField("Nội dung nhiệm vụ", validators=[required("nội dung nhiệm vụ")], render_kw={"rows": 4})
    lead_units = UnitsField("Đơn vị chủ trì", validators=[required("ít nhất một đơn vị chủ trì")])
    support_units = UnitsField("Đơn vị phối hợp", validators=[Optional()])
    deadline_on = VnDateField("Thời hạn", validators=[Optional()],
                              description="Để trống nếu là nhiệm vụ thường xuyên.")
    report_every = SelectField("Báo cáo định kỳ (nhiệm vụ thường xuyên)", choices=REPORT_EVERY_CHOICES,
                               validators=[Optional()])

    def values(self) -> dict:
        return {
            "text": self.text.data.strip(),
            "source_ref": (self.source_ref.data or "").strip() or None,
            "lead_unit_ids": self.lead_units.data or [],
            "support_unit_ids": self.support_units.data or [],
            "deadline_on": self.deadline_on.data,
            "report_every": ReportEvery(self.report_every.data) if self.report_every.data else None,
        }
