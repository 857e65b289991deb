from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import Optional

from tracker.forms import VnDateField, max_length, required

#: Offered in the form (any other wording may be typed).
KINDS = ["Hội nghị Ban Chấp hành", "Hội nghị Ban Thường vụ", "Giao ban Thường trực", "Hội nghị Ban Thường vụ mở rộng"]


class MeetingForm(FlaskForm):
    held_on = VnDateField("Ngày họp", validators=[required("ngày họp")])
    kind = StringField("Loại cuộc họp", validators=[required("loại cuộc họp"), max_length(120)],
                       render_kw={"list": "meeting-kinds", "placeholder": "Hội nghị Ban Thường vụ"})
    title = StringField("Nội dung", validators=[Optional(), max_length(300)],
                        render_kw={"placeholder": "Sơ kết công tác tháng"})
    chair = StringField("Chủ trì", validators=[Optional(), max_length(120)])
    committee = StringField("Cấp ủy, cơ quan họp", validators=[Optional(), max_length(200)],
                            render_kw={"placeholder": "Ban Thường vụ Huyện ủy"})

    def values(self) -> dict:
        clean = lambda f: (f.data or "").strip() or None  # noqa: E731
        return {"held_on": self.held_on.data, "kind": self.kind.data.strip(), "title": clean(self.title),
                "chair": clean(self.chair), "committee": clean(self.committee)}
