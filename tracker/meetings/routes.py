"""The committee's meetings: the calendar, entering and changing one, and the way to its overdue list."""
from flask import Blueprint, flash, redirect, render_template, url_for

from tracker import clock
from tracker.extensions import db
from tracker.meetings.forms import KINDS, MeetingForm
from tracker.models import Meeting
from tracker.permissions import READ_ALL, STAFF, allow
from tracker.queries.directives import coming_meetings, next_meeting, past_meetings

bp = Blueprint("meetings", __name__, url_prefix="/meetings")


@bp.get("/")
@allow(*READ_ALL)
def index():
    today = clock.today()
    return render_template("meetings/index.html", coming=coming_meetings(today), past=past_meetings(today))


@bp.get("/next")
@allow(*READ_ALL)
def upcoming():
    """The overdue list for the next meeting."""
    meeting = next_meeting(clock.today())
    if meeting is None:
        flash("Chưa có cuộc họp nào sắp tới. Danh sách dưới đây tính đến hôm nay.", "info")
        return redirect(url_for("reports.overdue"))
    return redirect(url_for("reports.overdue", meeting=meeting.id))


def _save(form: MeetingForm, meeting: Meeting | None):
    if not form.validate_on_submit():
        return None
    meeting = meeting or Meeting()
    for key, value in form.values().items():
        setattr(meeting, key, value)
    db.session.add(meeting)
    db.session.commit()
    flash("Đã lưu lịch họp.", "success")
    return redirect(url_for("meetings.index"))


@bp.route("/new", methods=["GET", "POST"])
@allow(*STAFF)
def create():
    form = MeetingForm()
    return _save(form, None) or render_template("meetings/form.html", form=form, meeting=None, kinds=KINDS)


@bp.route("/<int:meeting_id>/edit", methods=["GET", "POST"])
@allow(*STAFF)
def edit(meeting_id):
    meeting = db.get_or_404(Meeting, meeting_id)
    form = MeetingForm(obj=meeting)
    return _save(form, meeting) or render_template("meetings/form.html", form=form, meeting=meeting, kinds=KINDS)


@bp.post("/<int:meeting_id>/delete")
@allow(*STAFF)
def delete(meeting_id):
    """Remove a meeting from the calendar; its directives stay (their meeting is left empty)."""
    meeting = db.get_or_404(Meeting, meeting_id)
    db.session.delete(meeting)
    db.session.commit()
    flash("Đã xóa cuộc họp khỏi lịch.", "success")
    return redirect(url_for("meetings.index"))
