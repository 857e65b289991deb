"""Notice → tasks: paste or upload a notice, review the proposed split, confirm to save it all at once."""
from flask import Blueprint, current_app, flash, redirect, render_template, url_for
from flask_login import current_user
from markupsafe import Markup, escape

from tracker import clock
from tracker.extensions import db
from tracker.extract import NoticeInputError, read_upload
from tracker.forms import show_service_error
from tracker.imports.forms import NoticeForm, ReviewForm
from tracker.permissions import STAFF, allow
from tracker.queries.directives import meeting_choices
from tracker.queries.units import active_units, unit_choices
from tracker.services import ServiceError
from tracker.services.notices import propose, save_reviewed

bp = Blueprint("imports", __name__, url_prefix="/imports")

NO_TASKS = ("Không tìm thấy nhiệm vụ nào trong văn bản. Hãy kiểm tra văn bản có phần giao nhiệm vụ "
            "(ví dụ: “… yêu cầu … thực hiện tốt một số nhiệm vụ sau”), hoặc nhập nhiệm vụ bằng tay.")


@bp.route("/new", methods=["GET", "POST"])
@allow(*STAFF)
def new():
    form = NoticeForm()
    if form.validate_on_submit():
        try:
            text = _notice_text(form)
            proposal = propose(text, today=clock.today())
            if not proposal.tasks:
                raise NoticeInputError(NO_TASKS)
        except NoticeInputError as error:
            form.text.errors = list(form.text.errors) + [str(error)]
        else:
            review = ReviewForm(formdata=None, data=_review_data(proposal, text))
            _set_choices(review)
            return render_template("imports/review.html", form=review, source=highlighted(text, review))
    return render_template("imports/new.html", form=form)


@bp.post("/confirm")
@allow(*STAFF)
def confirm():
    form = ReviewForm()
    _set_choices(form)
    if form.validate():
        included = [entry.form for entry in form.tasks if entry.form.include.data]
        try:
            directive = save_reviewed(current_user, form.values(), [_task_values(t) for t in included])
            db.session.commit()
        except ServiceError as error:  # what the form cannot see (a duplicate number, a unit just closed)
            show_service_error(form, error)
        else:
            flash(f"Đã lưu văn bản với {len(included)} nhiệm vụ.", "success")
            return redirect(url_for("directives.detail", directive_id=directive.id))
    return render_template("imports/review.html", form=form, source=highlighted(form.full_text.data or "", form))


def _notice_text(form: NoticeForm) -> str:
    upload = form.file.data
    if upload and upload.filename:
        return read_upload(upload.filename, upload.read(), max_bytes=current_app.config["NOTICE_MAX_BYTES"])
    text = (form.text.data or "").strip()
    if not text:
        raise NoticeInputError("Vui lòng dán nội dung văn bản hoặc chọn tệp .docx/.txt.")
    return text


def _review_data(proposal, text: str) -> dict:
    meta = proposal.directive
    known = _directory_names()
    return {
        "number": meta.number, "issued_on": meta.date or meta.meeting_date or clock.today(),
        "issuer": meta.issuer or "", "title": meta.title or "", "signer": meta.signer,
        "period_end_on": meta.period_end, "full_text": text, "meeting_id": 0,
        "tasks": [{
            "include": True, "source_ref": t.ref, "text": t.text,
            "lead_units": list(dict.fromkeys(t.lead_ids)),
            "support_units": [i for i in dict.fromkeys(t.support_ids) if i not in t.lead_ids],
            "deadline_on": t.deadline, "deadline_phrase": t.deadline_phrase or "",
            "deadline_source": t.deadline_source or "",
            "span_start": t.span[0] if t.span else None, "span_end": t.span[1] if t.span else None,
            "unmatched": "; ".join(n for n in dict.fromkeys(t.lead + t.support) if n.casefold() not in known),
        } for t in proposal.tasks],
    }


def _directory_names() -> set[str]:
    """Unit names and group labels of the directory: a proposed name outside it needs a person's choice."""
    names = set()
    for unit in active_units():
        names.add(unit.name.casefold())
        names.update(g.casefold() for g in unit.groups or [])
    return names


def _set_choices(form: ReviewForm) -> None:
    form.meeting_id.choices = meeting_choices()
    choices = unit_choices()
    for entry in form.tasks:
        entry.form.lead_units.choices = entry.form.support_units.choices = choices


def _task_values(task) -> dict:
    return {
        "text": task.text.data.strip(), "source_ref": task.source_ref.data,
        "lead_unit_ids": task.lead_units.data or [], "support_unit_ids": task.support_units.data or [],
        "deadline_on": task.deadline_on.data, "deadline_phrase": task.deadline_phrase.data or None,
    }


def highlighted(text: str, form: ReviewForm) -> Markup:
    """The notice with each proposed task's source marked, so staff can check the split."""
    spans = sorted(
        (entry.form.span_start.data, entry.form.span_end.data, i)
        for i, entry in enumerate(form.tasks)
        if entry.form.span_start.data is not None and entry.form.span_end.data is not None
    )
    out, pos = [], 0
    for start, end, i in spans:
        if start < pos or end <= start or end > len(text):
            continue
        out.append(escape(text[pos:start]))
        out.append(Markup('<mark id="src-{0}" data-task="{0}">').format(i))
        out.append(escape(text[start:end]))
        out.append(Markup("</mark>"))
        pos = end
    out.append(escape(text[pos:]))
    return Markup("").join(out)
