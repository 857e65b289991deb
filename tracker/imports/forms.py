from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import BooleanField, FieldList, Form, FormField, HiddenField, IntegerField, StringField, TextAreaField
from wtforms.validators import Optional

from tracker.directives.forms import DirectiveForm
from tracker.forms import UnitsField, VnDateField, max_length
from tracker.services.tasks import task_problems


ACCEPTED_FILES = ".docx,.doc,.odt,.pdf,.txt"


class NoticeForm(FlaskForm):
    text = TextAreaField("Dán nội dung văn bản", validators=[Optional()], render_kw={"rows": 14})
    file = FileField("hoặc tải lên tệp (.docx, .doc, .odt, .pdf có lớp chữ, .txt)")


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
    #: The proposal's flag codes (tracker.imports.flags), comma-separated, kept across a failed save.
    flags = HiddenField()


class ReviewForm(DirectiveForm):
    tasks = FieldList(FormField(ProposedTaskForm))
    #: Signed token of the uploaded original waiting under uploads/pending/ (tracker.imports.originals).
    original = HiddenField()

    def validate(self, extra_validators=None):
        ok = super().validate(extra_validators)
        included = [entry.form for entry in self.tasks if entry.form.include.data]
        if not included:
            self.form_errors.append("Chưa chọn nhiệm vụ nào.")
            return False
        for task in included:
            if task.lead_units.errors or task.support_units.errors:
                continue  # the units could not be read; their message is already there
            for problem in task_problems(self.issued_on.data, task.text.data, task.lead_units.data or [],
                                         task.support_units.data or [], task.deadline_on.data):
                getattr(task, problem.field).errors.append(problem.message)
                ok = False
        return ok
