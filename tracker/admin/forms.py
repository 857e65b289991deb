from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, StringField
from wtforms.validators import Email, Optional

from tracker.forms import SelectField, max_length, required
from tracker.models import ROLE_LABELS, Role


class UserForm(FlaskForm):
    """An account's fields; the rules (name, password, unit) are services.org.save_user's."""

    username = StringField("Tên đăng nhập", validators=[required("tên đăng nhập"), max_length(64)])
    full_name = StringField("Họ và tên", validators=[required("họ và tên"), max_length(120)])
    email = EmailField("Thư điện tử", validators=[Optional(), Email(message="Địa chỉ thư không hợp lệ.")])
    role = SelectField("Vai trò", choices=[(r.value, ROLE_LABELS[r]) for r in Role])
    unit_id = SelectField("Đơn vị", coerce=int, validators=[Optional()])
    password = PasswordField("Mật khẩu", validators=[Optional()], description="Để trống nếu không đổi.")
    wants_reminders = BooleanField("Nhận thư nhắc việc", default=True)
    is_active = BooleanField("Đang hoạt động", default=True)
