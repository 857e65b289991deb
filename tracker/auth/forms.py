from flask_wtf import FlaskForm
from wtforms import BooleanField, PasswordField, StringField
from wtforms.validators import EqualTo

from tracker.forms import required


class LoginForm(FlaskForm):
    username = StringField("Tên đăng nhập", validators=[required("tên đăng nhập")])
    password = PasswordField("Mật khẩu", validators=[required("mật khẩu")])
    remember = BooleanField("Ghi nhớ đăng nhập")


class PasswordForm(FlaskForm):
    current = PasswordField("Mật khẩu hiện tại", validators=[required("mật khẩu hiện tại")])
    new = PasswordField("Mật khẩu mới", validators=[required("mật khẩu mới")],
                        description="Ít nhất 10 ký tự, không phải mật khẩu phổ biến, không chứa tên đăng nhập.")
    confirm = PasswordField("Nhập lại mật khẩu mới", validators=[
        required("lại mật khẩu mới"), EqualTo("new", message="Hai mật khẩu không khớp.")])
