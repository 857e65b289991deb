"""Notice → tasks: paste or upload a notice, review the proposed split, confirm to save it all at once."""
import io
import re

from flask import Blueprint, current_app, flash, redirect, render_template, request, send_file, url_for
from flask_login import current_user
from markupsafe import Markup, escape
from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.formparser import parse_form_data

from tracker import clock
from tracker.extensions import db
from tracker.extract import NoticeInputError, read_upload
from tracker.forms import show_service_error
from tracker.imports import originals
from tracker.imports.flags import FLAGS, current_flags, task_flags
from tracker.imports.forms import ACCEPTED_FILES, NoticeForm, ReviewForm
from tracker.imports.picker import picker_data
from tracker.loaders import visible_directive
from tracker.permissions import EVERYONE, STAFF, allow
from tracker.queries.directives import meeting_choices, same_notice
from tracker.queries.units import active_units, unit_choices
from tracker.services import ServiceError
from tracker.services.notices import propose, save_reviewed

bp = Blueprint("imports", __name__, url_prefix="/imports")

NO_TASKS = ("Không tìm thấy nhiệm vụ nào trong văn bản. Hãy kiểm tra văn bản có phần giao nhiệm vụ "
            "(ví dụ: “… yêu cầu … thực hiện tốt một số nhiệm vụ sau”), hoặc nhập nhiệm vụ bằng tay.")


def upload_limit() -> int:
    """THE limit of a notice upload (TRACKER_MAX_FILE_MB): shown on the form and enforced here."""
    return current_app.config["UPLOAD_MAX_BYTES"]


def _limit_label() -> str:
    return f"{upload_limit() / 1024 / 1024:g} MB"


@bp.route("/new", methods=["GET", "POST"])
@allow(*STAFF)
def new():
    form = NoticeForm()
    if form.validate_on_submit():
        try:
            text, original = _notice_text(form)
            proposal = propose(text, today=clock.today())
            if not proposal.tasks:
                raise NoticeInputError(NO_TASKS)
        except NoticeInputError as error:
            form.text.errors = list(form.text.errors) + [str(error)]
        else:
            review = ReviewForm(formdata=None, data=_review_data(proposal, text, original))
            _set_choices(review)
            return _review_page(review, text)
    return render_template("imports/new.html", form=form, limit=_limit_label(), accept=ACCEPTED_FILES)


@bp.errorhandler(RequestEntityTooLarge)
def too_large(error):
    """A request over the server's limit: back to the form with a message and the pasted text."""
    form = NoticeForm(formdata=None, data={"text": _pasted_text_of_refused_request()})
    form.file.errors = [f"Tệp tải lên quá lớn; dung lượng tối đa cho phép là {_limit_label()}. "
                        "Nội dung đã dán vẫn được giữ lại bên dưới."]
    return render_template("imports/new.html", form=form, limit=_limit_label(), accept=ACCEPTED_FILES), 413


def _pasted_text_of_refused_request() -> str:
    """Read the refused body once more, keeping only the small fields: the files go nowhere."""
    if request.content_length and request.content_length > 20 * current_app.config["MAX_CONTENT_LENGTH"]:
        return ""  # not worth reading; the person pastes again
    try:
        _stream, fields, _files = parse_form_data(
            request.environ, stream_factory=lambda *args, **kwargs: _Discard(), max_content_length=None,
            max_form_memory_size=4 * 1024 * 1024, silent=True)
    except Exception:  # a broken body: nothing to keep
        return ""
    return fields.get("text", "")


class _Discard(io.RawIOBase):
    def writable(self):
        return True

    def write(self, data):
        return len(data)

    def seekable(self):
        return True

    def seek(self, offset, whence=0):
        return 0


@bp.post("/confirm")
@allow(*STAFF)
def confirm():
    form = ReviewForm()
    _set_choices(form)
    if form.validate():
        included = [entry.form for entry in form.tasks if entry.form.include.data]
        existing = same_notice(form.number.data, form.issued_on.data, form.title.data)
        if existing is not None:
            field = form.number if form.number.data else form.title
            field.errors = list(field.errors) + ["Văn bản này đã được nhập."]
        else:
            try:
                directive = save_reviewed(current_user, form.values(), [_task_values(t) for t in included],
                                          aliases=form.aliases())
                originals.attach(directive, form.original.data)
                db.session.commit()
            except ServiceError as error:  # what the form cannot see (a unit just closed)
                show_service_error(form, error)
            else:
                learned = form.aliases()
                flash(f"Đã lưu văn bản với {len(included)} nhiệm vụ." + (
                    " Đã ghi nhớ tên gọi: " + "; ".join(f"“{p}”" for p, _u in learned) + "." if learned else ""), "success")
                return redirect(url_for("directives.detail", directive_id=directive.id))
    return _review_page(form, form.full_text.data or "")


@bp.get("/original/<int:directive_id>")
@allow(*EVERYONE)
def original(directive_id):
    """The notice as it was uploaded, for whoever may see the directive."""
    directive = visible_directive(directive_id)
    if directive.original is None:
        return render_template("errors.html", status=404, message="Văn bản này không có tệp gốc."), 404
    stored = directive.original
    return send_file(originals.path_of(stored), mimetype=stored.content_type, as_attachment=True,
                     download_name=stored.original_name)


def _review_page(form: ReviewForm, text: str):
    cards = [_card(i, entry.form) for i, entry in enumerate(form.tasks)]
    run = 0
    for before, card in zip([None] + cards, cards):  # a section is a run of cards under the same parent item
        run += before is not None and before["parent"] != card["parent"]
        card["section"] = run
    existing = same_notice(form.number.data, form.issued_on.data, form.title.data)
    return render_template("imports/review.html", form=form, source=highlighted(text, form), cards=cards,
                           flags=FLAGS, picker=picker_data() | {"flags": FLAGS}, existing=existing,
                           original_name=originals.describe(form.original.data),
                           errors=_error_summary(form, cards))


def _card(index: int, task) -> dict:
    """What the template shows on top of a card: its flags as the form stands now, its section."""
    proposed = [c for c in (task.flags.data or "").split(",") if c in FLAGS]
    codes = current_flags(proposed, bool(task.lead_units.data), task.deadline_on.data is not None)
    return {"index": index, "flags": codes, "parent": _parent_ref(task.source_ref.data or "")}


def _parent_ref(ref: str) -> str:
    """The item a proposed task sits under: "3.7 -5" → "3.7", "3.4" → "3", "2" → ""."""
    parts = re.split(r"\s*[-.)]\s*", ref.strip().rstrip(".)"))
    return ".".join(p for p in parts[:-1] if p)


def _error_summary(form: ReviewForm, cards: list) -> list[tuple[str, str, list[str]]]:
    """(anchor, label, messages) for the top of the page after a failed save."""
    summary = []
    top = [message for field in (form.number, form.issued_on, form.issuer, form.title, form.signer,
                                 form.meeting_id, form.period_end_on) for message in field.errors]
    if top:
        summary.append(("notice-fields", "Thông tin văn bản", top))
    for i, entry in enumerate(form.tasks):
        messages = [m for field in entry.form for m in (field.errors if isinstance(field.errors, list) else [])]
        if messages:
            ref = entry.form.source_ref.data
            summary.append((f"task-{i}", f"Nhiệm vụ {i + 1}" + (f" (mục {ref})" if ref else ""), messages))
    return summary


def _notice_text(form: NoticeForm) -> tuple[str, str]:
    """The notice's text and, for an upload, the token of its kept original."""
    upload = form.file.data
    if upload and upload.filename:
        content = upload.read()
        text = read_upload(upload.filename, content, max_bytes=upload_limit())
        return text, originals.keep_pending(upload.filename, content)
    text = (form.text.data or "").strip()
    if not text:
        raise NoticeInputError("Vui lòng dán nội dung văn bản hoặc chọn tệp (.docx, .doc, .odt, .pdf, .txt).")
    return text, ""


def _review_data(proposal, text: str, original: str) -> dict:
    meta = proposal.directive
    known = _directory_names()
    return {
        "number": meta.number, "issued_on": meta.date or meta.meeting_date or clock.today(),
        "issuer": meta.issuer or "", "title": meta.title or "", "signer": meta.signer,
        "period_end_on": meta.period_end, "full_text": text, "meeting_id": 0, "original": original,
        "tasks": [{
            "include": True, "source_ref": t.ref, "text": t.text,
            "lead_units": list(dict.fromkeys(t.lead_ids)),
            "support_units": [i for i in dict.fromkeys(t.support_ids) if i not in t.lead_ids],
            "deadline_on": t.deadline, "deadline_phrase": t.deadline_phrase or "",
            "deadline_source": t.deadline_source or "", "flags": ",".join(task_flags(t)),
            "span_start": t.span[0] if t.span else None, "span_end": t.span[1] if t.span else None,
            "unmatched": "; ".join(n for n in dict.fromkeys(t.lead + t.support) if n.casefold() not in known),
            "proposed_units": ",".join(str(i) for i in dict.fromkeys(t.lead_ids + t.support_ids)),
            "learn_lead_phrase": _one_unmatched(t.lead, known), "learn_support_phrase": _one_unmatched(t.support, known),
        } for t in proposal.tasks],
    }


def _one_unmatched(names: list[str], known: set[str]) -> str:
    """The phrase the office may teach: the only name of a role that the directory does not know, else ""."""
    unknown = [n for n in dict.fromkeys(names) if n.casefold() not in known]
    return unknown[0] if len(unknown) == 1 else ""


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
