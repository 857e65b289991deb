from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import BooleanField, FieldList, Form, FormField, HiddenField, IntegerField, StringField, TextAreaField
from markupsafe import Markup, escape
from wtforms.validators import Optional
from wtforms.widgets import html_params

from tracker.directives.forms import DirectiveForm
from tracker.forms import UnitsField, VnDateField, max_length
from tracker.services.tasks import task_problems


ACCEPTED_FILES = ".docx,.doc,.odt,.pdf,.xlsx,.txt"


class NoticeForm(FlaskForm):
    text = TextAreaField("Dán nội dung văn bản", validators=[Optional()], render_kw={"rows": 14})
    file = FileField("hoặc tải lên tệp (.docx, .doc, .odt, .pdf có lớp chữ, bảng nhiệm vụ .xlsx, .txt)")


class UnitOptionsSelect:
    """The unit picker's two forms. With JavaScript: a select holding only the chosen units, which the script
    names and turns into the picker (the whole list would cost seconds of parsing at 2,000 units × 40
    selects). Without: inside <noscript>, a plain multi-select of the whole directory. Each option's HTML is
    made once per list of choices and shared by every select of the page."""

    _cache: tuple = (None, {})

    def __call__(self, field, size=5, **kwargs):
        if UnitOptionsSelect._cache[0] is not field.choices:
            UnitOptionsSelect._cache = (field.choices, {
                value: (Markup('<option value="{}">').format(value), escape(label)) for value, label in field.choices})
        options = UnitOptionsSelect._cache[1]
        chosen = set(field.data or [])
        picked = "".join(f'<option value="{v}" selected>{options[v][1]}</option>' for v in options if v in chosen)
        html = [f"<select {html_params(id=field.id + '-picker', data_name=field.name, multiple=True, hidden=True, **kwargs)}>",
                picked, "</select><noscript>",
                f"<select {html_params(id=field.id, name=field.name, multiple=True, size=size, **kwargs)}>"]
        for value, (start, label) in options.items():
            html.append(f'<option value="{value}" selected>' if value in chosen else start)
            html.append(label)
            html.append("</option>")
        html.append("</select></noscript>")
        return Markup("".join(html))


class ProposedTaskForm(Form):
    """One proposed task on the review screen (part of the review form, which carries the CSRF token)."""

    include = BooleanField("Lấy nhiệm vụ này", default=True)
    source_ref = StringField("Mục", validators=[Optional(), max_length(40)])
    text = TextAreaField("Nội dung", validators=[Optional()], render_kw={"rows": 4})
    lead_units = UnitsField("Chủ trì", validators=[Optional()], widget=UnitOptionsSelect())
    support_units = UnitsField("Phối hợp", validators=[Optional()], widget=UnitOptionsSelect())
    deadline_on = VnDateField("Thời hạn", validators=[Optional()])
    deadline_phrase = HiddenField()
    deadline_source = HiddenField()
    span_start = IntegerField(validators=[Optional()])
    span_end = IntegerField(validators=[Optional()])
    #: Unit phrases the extractor found but could not match to the directory, shown to staff.
    unmatched = HiddenField()
    #: The proposal's flag codes (tracker.imports.flags), comma-separated, kept across a failed save.
    flags = HiddenField()
    #: The units the extractor proposed (ids, comma-separated): a unit chosen beyond them is the office's own choice.
    proposed_units = HiddenField()
    #: The one unmatched phrase the extractor read as the lead (as a support), which the office may keep as another
    #: name of the unit it chooses in that role ("Phòng VH&TT" → Phòng Văn hóa và Thông tin).
    learn_lead_phrase = HiddenField()
    learn_lead = BooleanField("Ghi nhớ tên gọi này cho đơn vị chủ trì được chọn", default=False)
    learn_support_phrase = HiddenField()
    learn_support = BooleanField("Ghi nhớ tên gọi này cho đơn vị phối hợp được chọn", default=False)

    def learned(self) -> list[tuple[str, str, int | None]]:
        """(field name, phrase, unit id or None when the choice does not name exactly one new unit) per ticked box."""
        proposed = {int(x) for x in (self.proposed_units.data or "").split(",") if x.strip().isdigit()}
        out = []
        for role in ("lead", "support"):
            phrase = (getattr(self, f"learn_{role}_phrase").data or "").strip()
            if phrase and getattr(self, f"learn_{role}").data:
                new = [u for u in getattr(self, f"{role}_units").data or [] if u not in proposed]
                out.append((f"learn_{role}", phrase, new[0] if len(new) == 1 else None))
        return out


class ReviewForm(DirectiveForm):
    """The review screen: the notice's fields, one ProposedTaskForm per proposed task, the kept original."""

    tasks = FieldList(FormField(ProposedTaskForm))
    #: Signed token of the uploaded original waiting under uploads/pending/ (tracker.imports.originals).
    original = HiddenField()

    def validate(self, extra_validators=None):
        ok = super().validate(extra_validators)
        included = [entry.form for entry in self.tasks if entry.form.include.data]
        if not included:
            self.form_errors.append("Chưa chọn nhiệm vụ nào.")
            return False
        taught: dict = {}
        for task in included:
            if task.lead_units.errors or task.support_units.errors:
                continue  # the units could not be read; their message is already there
            for name, phrase, unit_id in task.learned():
                role = "chủ trì" if name == "learn_lead" else "phối hợp"
                if unit_id is None:
                    getattr(task, name).errors.append(f"Để ghi nhớ “{phrase}”, hãy chọn đúng một đơn vị {role} "
                                                      "(ngoài các đơn vị đã đề xuất) cho nhiệm vụ này.")
                    ok = False
                elif taught.setdefault(phrase.casefold(), unit_id) != unit_id:
                    getattr(task, name).errors.append(f"“{phrase}” đã được chọn làm tên gọi của một đơn vị khác "
                                                      "ở nhiệm vụ khác.")
                    ok = False
            for problem in task_problems(self.issued_on.data, task.text.data, task.lead_units.data or [],
                                         task.support_units.data or [], task.deadline_on.data):
                getattr(task, problem.field).errors.append(problem.message)
                ok = False
        return ok

    def aliases(self) -> list[tuple[str, int]]:
        """The (phrase, unit id) pairs the office ticked to keep, once each (after a successful validate)."""
        pairs = {}
        for entry in self.tasks:
            if entry.form.include.data:
                for _name, phrase, unit_id in entry.form.learned():
                    if unit_id is not None:
                        pairs.setdefault(phrase.casefold(), (phrase, unit_id))
        return list(pairs.values())
