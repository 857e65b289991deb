from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, IntegerField, StringField, TextAreaField
from wtforms.validators import Email, Optional

from tracker.forms import SelectField, max_length, required
from tracker.models import UNIT_KIND_LABELS, UnitKind


def split_lines(text: str | None) -> list[str]:
    """One alias or group per line (commas belong to names like "các xã, thị trấn")."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class UnitForm(FlaskForm):
    name = StringField("Tên đơn vị", validators=[required("tên đơn vị"), max_length(200)])
    short_name = StringField("Tên viết tắt", validators=[Optional(), max_length(80)])
    kind = SelectField("Loại", choices=[(k.value, UNIT_KIND_LABELS[k]) for k in UnitKind])
    parent_id = SelectField("Trực thuộc", coerce=int, validators=[Optional()])
    email = EmailField("Thư điện tử", validators=[Optional(), Email(message="Địa chỉ thư không hợp lệ."),
                                                   max_length(200)])
    aliases = TextAreaField("Tên gọi khác (mỗi dòng một tên)", validators=[Optional()], render_kw={"rows": 3})
    groups = TextAreaField("Nhóm (mỗi dòng một nhóm, ví dụ: các xã, thị trấn)", validators=[Optional()],
                           render_kw={"rows": 2})
    sort_order = IntegerField("Thứ tự", default=0, validators=[Optional()])
    is_active = BooleanField("Đang hoạt động", default=True)
