from flask_wtf import FlaskForm
from wtforms import BooleanField


class PreferenceForm(FlaskForm):
    wants_reminders = BooleanField("Nhận thư nhắc việc qua thư điện tử")
