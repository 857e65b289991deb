"""The forms of the units' actions and the office's answers. Rules live in services/workflow.py;
these only parse input and give Vietnamese messages next to the fields."""
from flask_wtf import FlaskForm
from flask_wtf.file import MultipleFileField
from wtforms import TextAreaField
from wtforms.validators import Optional

from tracker.forms import SelectField, VnDateField, max_length, required
from tracker.services.report_files import ALLOWED_LABEL, MAX_FILES

FILES_HELP = f"Tối đa {MAX_FILES} tệp: {ALLOWED_LABEL}."


class ActionForm(FlaskForm):
    """Several of these share one page, so each gets a prefix; their fields would rename a token field,
    so they carry none of their own: CSRFProtect checks the page's `csrf_token` on every POST."""

    class Meta:
        csrf = False


class ProgressForm(ActionForm):
    text = TextAreaField("Nội dung báo cáo tiến độ", validators=[required("nội dung báo cáo"), max_length(10_000)],
                         render_kw={"rows": 3})
    files = MultipleFileField("Tệp đính kèm", description=FILES_HELP)


class DoneForm(ActionForm):
    summary = TextAreaField("Kết quả thực hiện", validators=[required("kết quả thực hiện"), max_length(10_000)],
                            render_kw={"rows": 3})
    files = MultipleFileField("Tệp đính kèm (báo cáo kết quả)", description=FILES_HELP)


class ExtensionForm(ActionForm):
    new_deadline_on = VnDateField("Thời hạn đề nghị", validators=[required("thời hạn đề nghị")])
    reason = TextAreaField("Lý do xin gia hạn", validators=[required("lý do xin gia hạn"), max_length(10_000)],
                           render_kw={"rows": 2})


class ReasonForm(ActionForm):
    """Return a report, decline an assignment, refuse an extension, keep a declined assignment."""

    reason = TextAreaField("Lý do", validators=[required("lý do"), max_length(10_000)], render_kw={"rows": 2})


class NoteForm(ActionForm):
    """Confirm a report or approve an extension: a button, with an optional note."""

    note = TextAreaField("Ghi chú (không bắt buộc)", validators=[Optional(), max_length(10_000)],
                         render_kw={"rows": 1})


class ReassignForm(ActionForm):
    unit_id = SelectField("Giao cho đơn vị", coerce=int, validators=[required("đơn vị")])
    note = TextAreaField("Ghi chú (không bắt buộc)", validators=[Optional(), max_length(10_000)],
                         render_kw={"rows": 1})


#: action → form class; the prefix `<action><id>` keeps several forms on one page apart.
FORMS = {
    "progress": ProgressForm,
    "done": DoneForm,
    "extension": ExtensionForm,
    "decline": ReasonForm,
    "confirm": NoteForm,
    "return": ReasonForm,
    "reassign": ReassignForm,
    "keep": ReasonForm,
    "approve": NoteForm,
    "refuse": ReasonForm,
}


def make_form(action: str, object_id: int, **kw) -> FlaskForm:
    return FORMS[action](prefix=f"{action}{object_id}", **kw)
