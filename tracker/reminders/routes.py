"""The outbox ("Hộp thư đi", admins), a person's reminder preference (everyone; a unit's users also choose
daily or weekly digests) and the units' reminder plans (the office)."""
from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user

from tracker.extensions import db
from tracker.forms import number_arg
from tracker.mailer import uses_smtp
from tracker.models import DigestEvery, OutboxMessage, OutboxStatus
from tracker.models.reminders import OUTBOX_KIND_LABELS, OUTBOX_STATUS_LABELS
from tracker.permissions import ADMINS, ANY_USER, STAFF, allow, has_grant, is_unit_user
from tracker.queries.units import unit_choices
from tracker.reminders import outbox, plans
from tracker.reminders.due import WEEKDAY_LABELS, Rules
from tracker.reminders.forms import PlanForm, PreferenceForm

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
    return render_template("reminders/outbox.html", rows=rows, total=total, page=page, rule=rule_text(),
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
    unit = current_user.unit if is_unit_user(current_user) else None
    plan = plans.plan_of(unit.id) if unit else None
    form = PreferenceForm(obj=current_user, digest_every=(plan.digest_every if plan else DigestEvery.DAILY).value)
    if form.validate_on_submit():
        current_user.wants_reminders = form.wants_reminders.data
        if unit is not None and (plan is None or plan.is_weekly_allowed):
            plans.choose(unit.id, DigestEvery(form.digest_every.data))
        db.session.commit()
        flash("Đã lưu: " + ("bạn sẽ nhận thư nhắc việc." if current_user.wants_reminders
                            else "bạn sẽ không nhận thư nhắc việc."), "success")
        return redirect(url_for("reminders.preferences"))
    return render_template("reminders/preferences.html", form=form, unit=unit, plan=plan,
                           rhythm=plans.describe(plan), rule=rule_text(),
                           may_choose=unit is not None and (plan is None or plan.is_weekly_allowed),
                           unit_mailbox=current_user.unit.email if current_user.unit else None,
                           gets_digests=has_grant(current_user, "reminded"))


@bp.route("/reminders/plans", methods=["GET", "POST"])
@allow(*STAFF)
def plans_index():
    form = PlanForm()
    form.unit_id.choices = unit_choices()
    if form.validate_on_submit():
        plans.set_rhythm(form.unit_id.data, form.roundup_weekday.data or None, form.roundup_every_weeks.data,
                         form.is_weekly_allowed.data)
        db.session.commit()
        flash("Đã lưu lịch nhắc việc của đơn vị.", "success")
        return redirect(url_for("reminders.plans_index"))
    rows = [(unit, plan, plans.describe(plan)) for unit, plan in plans.plans()]
    return render_template("reminders/plans.html", form=form, rows=rows, rule=rule_text(),
                           weekday_labels=WEEKDAY_LABELS)


def rule_text() -> list[str]:
    """The cadence, in the words the pages show (DESIGN.md, "Reminder cadence")."""
    rules = Rules.from_config(current_app.config)
    every = "hằng tuần" if rules.roundup_every_weeks == 1 else f"{rules.roundup_every_weeks} tuần một lần"
    offsets = ", ".join(str(o) for o in sorted(rules.offsets, reverse=True) if o) or "—"
    return [
        "Mỗi đơn vị nhận nhiều nhất một thư nhắc việc mỗi ngày, và chỉ khi có việc mới: nhiệm vụ còn "
        f"{offsets} ngày hoặc đến hạn hôm nay, nhiệm vụ vừa quá hạn, báo cáo bị trả lại, quyết định gia hạn, "
        "đề nghị báo cáo định kỳ.",
        f"Các việc đã quá hạn từ trước và báo cáo định kỳ chưa gửi được nhắc lại cùng một lần, trong thư tổng hợp "
        f"vào {WEEKDAY_LABELS[rules.roundup_weekday]} {every} (Văn phòng có thể đặt ngày khác hoặc chu kỳ vài tuần "
        "cho từng đơn vị), không nhắc riêng từng việc.",
        "Đầu mỗi thư ghi rõ việc nào mới, việc nào nhắc lại, kèm đường dẫn đến danh sách nhiệm vụ của đơn vị.",
        "Đơn vị được Văn phòng cho phép có thể chọn chỉ nhận một thư vào ngày tổng hợp (gồm cả việc mới trong kỳ).",
        "Văn phòng nhận hằng ngày danh sách nhiệm vụ vừa quá hạn; Lãnh đạo nhận tổng hợp tuần vào thứ Hai; "
        "trước mỗi hội nghị, Văn phòng và Lãnh đạo nhận danh sách nhiệm vụ quá hạn.",
    ]
