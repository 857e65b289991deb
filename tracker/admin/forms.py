from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, StringField
from wtforms.validators import Email, Length, Optional, Regexp, ValidationError

from tracker.forms import SelectField, max_length, required
from tracker.models import ROLE_LABELS, Role


class UserForm(FlaskForm):
    username = StringField("Tên đăng nhập", validators=[
        required("tên đăng nhập"), max_length(64),
        Regexp(r"^[A-Za-z0-9_.-]+$", message="Chỉ dùng chữ không dấu, số, dấu chấm, gạch dưới, gạch ngang.")])
    full_name = StringField("Họ và tên", validators=[required("họ và tên"), max_length(120)])
    email = EmailField("Thư điện tử", validators=[Optional(), Email(message="Địa chỉ thư không hợp lệ.")])
    role = SelectField("Vai trò", choices=[(r.value, ROLE_LABELS[r]) for r in Role])
    unit_id = SelectField("Đơn vị", coerce=int, validators=[Optional()])
    password = PasswordField("Mật khẩu", validators=[
        Optional(), Length(min=8, message="Mật khẩu phải có ít nhất 8 ký tự.")],
        description="Để trống nếu không đổi.")
    wants_reminders = BooleanField("Nhận thư nhắc việc", default=True)
    is_active = BooleanField("Đang hoạt động", default=True)

    def validate_unit_id(self, field):
        if self.role.data == Role.UNIT and not field.data:
            raise ValidationError("Tài khoản đơn vị phải thuộc một đơn vị.")
