"""Form fields shared by the feature forms, with Vietnamese messages (WTForms ships none)."""
import re
from datetime import date, datetime

from flask import flash
from wtforms import IntegerField as _IntegerField
from wtforms import SelectField as _SelectField
from wtforms import SelectMultipleField, StringField
from wtforms.validators import DataRequired, Length, Optional, StopValidation, ValidationError

from tracker.extensions import db

REQUIRED = "Vui lòng nhập {}."
_DATE = re.compile(r"^\s*([0-9]{1,2})[/.-]([0-9]{1,2})[/.-]([0-9]{4})\s*$")
_ISO = re.compile(r"^\s*([0-9]{4})-([0-9]{2})-([0-9]{2})\s*$")
#: Years a date may have: anything else is a typing mistake (and 9999 would overflow date arithmetic).
YEARS = (1900, 2199)
#: The furthest page a list can be asked for (a larger number is a mistake, or an overflow attempt).
MAX_PAGE = 100_000


def required(what: str):
    return DataRequired(message=REQUIRED.format(what))


def max_length(n: int):
    return Length(max=n, message=f"Tối đa {n} ký tự.")


def parse_vn_date(text: str) -> date:
    """'5/9/2023' or '05/09/2023' (also ISO '2023-09-05') → date; ValueError with a Vietnamese message."""
    match = _DATE.match(text or "")
    if match:
        day, month, year = (int(g) for g in match.groups())
    else:
        match = _ISO.match(text or "")
        if not match:
            raise ValueError("Ngày không đúng định dạng dd/mm/yyyy.")
        year, month, day = (int(g) for g in match.groups())
    if not YEARS[0] <= year <= YEARS[1]:
        raise ValueError(f"Năm phải từ {YEARS[0]} đến {YEARS[1]}.")
    try:
        return date(year, month, day)
    except ValueError:
        raise ValueError("Ngày không tồn tại.") from None


def number_arg(args, name: str = "page", default: int = 1, most: int = MAX_PAGE) -> int:
    """A whole number from the URL (a page, a page size, an id) between 1 and `most`; `default` when absent or
    not such a number, so no request can ask the database for an offset or id beyond its range."""
    text = (args.get(name) or "").strip()
    if not (text.isascii() and text.isdigit()) or len(text) > 9:
        return default
    return min(max(int(text), 1), most)


class _KeepParseError:
    """A field whose parse error must be shown as is: DataRequired would otherwise replace it."""

    def pre_validate(self, form):
        if self.process_errors:
            raise StopValidation(self.process_errors[0])


class VnDateField(_KeepParseError, StringField):
    """A date typed as dd/mm/yyyy."""

    def __init__(self, label=None, validators=None, **kwargs):
        kwargs.setdefault("render_kw", {"placeholder": "dd/mm/yyyy", "autocomplete": "off"})
        super().__init__(label, validators, **kwargs)

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        return self.data.strftime("%d/%m/%Y") if isinstance(self.data, (date, datetime)) else ""

    def process_formdata(self, valuelist):
        self.data = None
        if valuelist and valuelist[0].strip():
            try:
                self.data = parse_vn_date(valuelist[0])
            except ValueError as exc:
                raise ValueError(str(exc)) from None


class SelectField(_SelectField):
    """WTForms' select with Vietnamese messages for a value that is not one of the choices."""

    def __init__(self, label=None, validators=None, **kwargs):
        kwargs.setdefault("invalid_value_message", "Giá trị không hợp lệ.")
        kwargs.setdefault("invalid_choice_message", "Lựa chọn không hợp lệ.")
        super().__init__(label, validators, **kwargs)


class IntegerField(_IntegerField):
    """WTForms' integer with a Vietnamese message for what is not a whole number."""

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError:
            raise ValueError("Phải là một số nguyên.") from None


class UnitsField(_KeepParseError, SelectMultipleField):
    """Several units by id; the choices are set by the view from the unit directory."""

    def __init__(self, label=None, validators=None, **kwargs):
        kwargs.setdefault("coerce", int)
        super().__init__(label, validators, **kwargs)

    def process_formdata(self, valuelist):
        try:
            self.data = [self.coerce(v) for v in valuelist if str(v).strip()]
        except (ValueError, TypeError):
            self.data = None
            raise ValueError("Đơn vị không hợp lệ.") from None

    def pre_validate(self, form):
        super().pre_validate(form)
        known = {value for value, *_ in self.iter_choices()}
        unknown = [v for v in self.data if v not in known]
        if unknown:
            raise ValidationError("Đơn vị không tồn tại hoặc đã ngừng hoạt động.")


def show_service_error(form, error) -> None:
    """Put a service's refusal (a ServiceError) next to the field it concerns, or on top of the page; the
    caller has rolled back or does so now."""
    db.session.rollback()
    field = getattr(form, error.field, None) if error.field else None
    if field is not None:
        field.errors = list(field.errors) + [error.message]
    else:
        flash(error.message, "danger")


__all__ = ["IntegerField", "Optional", "REQUIRED", "SelectField", "UnitsField", "VnDateField", "max_length", "number_arg", "parse_vn_date", "required",
           "show_service_error"]
