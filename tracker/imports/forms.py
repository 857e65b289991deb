from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import BooleanField, FieldList, Form, FormField, HiddenField, IntegerField, StringField, TextAreaField
from wtforms.validators import Optional

from tracker.directives.forms import DirectiveForm
from tracker.forms import UnitsField, VnDateField, max_length


class NoticeForm(FlaskForm):
    text = TextAreaField("Dán nội dung văn bản", validators=[Optional()], render_kw={"rows": 14})
    file = FileField("hoặc tải lên tệp (.docx, .txt)")


class ProposedTaskForm(Form):
    """One proposed task on the review screen (part of the review form, which carries the CSRF token)."""

    include = BooleanField("Lấy nhiệm vụ này", default=True)
    source_ref = StringField("Mục", validators=[Optional(), max_length(40)])
    text = TextAreaField("Nội dung", validators=[Optional()], render_kw={"rows": 4})
    lead_units = UnitsField("Chủ trì", validators=[Optional()])
    support_units = UnitsField("Phối hợp", validators=[Optional()])
    deadline_on = VnDateField("Thời hạn", validators=[Optional()])
    deadline_phrase = HiddenField()
    deadline_source = HiddenField()
    span_start = IntegerField(validators=[Optional()])
    span_end = IntegerField(validators=[Optional()])
    #: Unit phrases the extractor found but could not match to the directory, shown to staff.
    unmatched = HiddenField()


class ReviewForm(DirectiveForm):
    tasks = FieldList(FormField(ProposedTaskForm))

    def validate(self, extra_validators=None):
        ok = super().validate(extra_validators)
        included = [entry.form for entry in self.tasks if entry.form.include.data]
        if not included:
            self.form_errors.append("Chưa chọn nhiệm vụ nào.")
            return False
        for task in included:
            if not (task.text.data or "").strip():
                task.text.errors.append("Vui lòng nhập nội dung nhiệm vụ.")
                ok = False
            if not task.lead_units.errors and not task.lead_units.data:
                task.lead_units.errors.append("Vui lòng chọn ít nhất một đơn vị chủ trì.")
                ok = False
            issued, deadline = self.issued_on.data, task.deadline_on.data
            if issued and deadline and deadline < issued:
                task.deadline_on.errors.append(f"Thời hạn không được trước ngày ban hành văn bản ({issued:%d/%m/%Y}).")
                ok = False
        return ok
