"""The user's own keys to other programs: personal API tokens and calendar feed addresses, each shown once
when made, and revocable."""
from flask import Blueprint, flash, redirect, render_template, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField

from tracker.extensions import db
from tracker.forms import show_service_error
from tracker.models import AccessToken, TokenKind
from tracker.permissions import ANY_USER, abort_unless, allow, reads_everything
from tracker.queries.units import unit_choices
from tracker.services import ServiceError
from tracker.services.tokens import create_token, revoke_token, tokens_of

bp = Blueprint("account", __name__, url_prefix="/account")


class TokenForm(FlaskForm):
    name = StringField("Tên gợi nhớ (ví dụ: Hệ thống quản lý văn bản)")


class CalendarForm(FlaskForm):
    name = StringField("Tên gợi nhớ (ví dụ: Outlook cơ quan)")
    scope = SelectField("Lịch của", coerce=int)


def _calendar_form() -> CalendarForm:
    form = CalendarForm(prefix="cal")
    own = [(0, "Tôi (các hạn tôi theo dõi)")]
    if current_user.unit_id:
        own.append((current_user.unit_id, f"Đơn vị: {current_user.unit.name}"))
    if reads_everything(current_user):
        own += [(i, f"Đơn vị: {name}") for i, name in unit_choices() if i != current_user.unit_id]
    form.scope.choices = own
    return form


def _page(shown=None, status=200, token_form=None, calendar_form=None):
    return render_template("account/tokens.html", tokens=tokens_of(current_user), shown=shown,
                           token_form=token_form or TokenForm(prefix="api"),
                           calendar_form=calendar_form or _calendar_form()), status


@bp.get("/tokens")
@allow(ANY_USER)
def tokens():
    return _page()


@bp.post("/tokens")
@allow(ANY_USER)
def create_api_token():
    form = TokenForm(prefix="api")
    if form.validate_on_submit():
        try:
            token, secret = create_token(current_user, TokenKind.API, form.name.data)
            db.session.commit()
        except ServiceError as error:
            db.session.rollback()
            show_service_error(form, error)
        else:
            return _page(shown={"kind": "api", "name": token.name, "secret": secret})
    return _page(status=400, token_form=form)


@bp.post("/calendars")
@allow(ANY_USER)
def create_calendar():
    form = _calendar_form()
    if form.validate_on_submit():
        try:
            token, secret = create_token(current_user, TokenKind.CALENDAR, form.name.data, form.scope.data or None)
            db.session.commit()
        except ServiceError as error:
            db.session.rollback()
            show_service_error(form, error)
        else:
            url = url_for("feeds.calendar", secret=secret, _external=True)
            return _page(shown={"kind": "calendar", "name": token.name, "secret": url})
    return _page(status=400, calendar_form=form)


@bp.post("/tokens/<int:token_id>/revoke")
@allow(ANY_USER)
def revoke(token_id):
    token = db.session.get(AccessToken, token_id)
    abort_unless(token is not None and token.user_id == current_user.id, 404)
    revoke_token(token, current_user)
    db.session.commit()
    flash(f"Đã thu hồi “{token.name}”: mã này không dùng được nữa.", "success")
    return redirect(url_for("account.tokens"))
