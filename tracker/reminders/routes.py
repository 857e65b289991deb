"""The outbox ("Hộp thư đi", admins) and a person's reminder preference (everyone)."""
from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user

from tracker.extensions import db
from tracker.forms import number_arg
from tracker.mailer import uses_smtp
from tracker.models import OutboxMessage, OutboxStatus
from tracker.models.reminders import OUTBOX_KIND_LABELS, OUTBOX_STATUS_LABELS
from tracker.permissions import ADMINS, ANY_USER, allow, has_grant
from tracker.reminders import outbox
from tracker.reminders.forms import PreferenceForm

bp = Blueprint("reminders", __name__)


@bp.get("/admin/outbox")
@allow(*ADMINS)
def outbox_index():
    status = request.args.get("status") or None
    if status is not None and status not in {s.value for s in OutboxStatus}:
        abort(400, "Trạng thái không hợp lệ.")
    page = number_arg(request.args)
    per_page = current_app.config.get("PER_PAGE", 25)
    rows, total = outbox.page(status, page, per_page)
    return render_template("reminders/outbox.html", rows=rows, total=total, page=page,
                           pages=max(1, -(-total // per_page)), status=status, counts=outbox.status_counts(),
                           kind_labels=OUTBOX_KIND_LABELS, status_labels=OUTBOX_STATUS_LABELS, smtp=uses_smtp())


@bp.get("/admin/outbox/<int:message_id>")
@allow(*ADMINS)
def outbox_detail(message_id):
    message = db.get_or_404(OutboxMessage, message_id)
    return render_template("reminders/outbox_detail.html", message=message, items=outbox.items_of(message.id),
                           kind_labels=OUTBOX_KIND_LABELS, status_labels=OUTBOX_STATUS_LABELS)


@bp.route("/account/reminders", methods=["GET", "POST"])
@allow(ANY_USER)
def preferences():
    form = PreferenceForm(obj=current_user)
    if form.validate_on_submit():
        current_user.wants_reminders = form.wants_reminders.data
        db.session.commit()
        flash("Đã lưu: " + ("bạn sẽ nhận thư nhắc việc." if current_user.wants_reminders
                            else "bạn sẽ không nhận thư nhắc việc."), "success")
        return redirect(url_for("reminders.preferences"))
    unit_mailbox = current_user.unit.email if current_user.unit else None
    return render_template("reminders/preferences.html", form=form, unit_mailbox=unit_mailbox,
                           gets_digests=has_grant(current_user, "reminded"))
