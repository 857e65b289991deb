"""The API's request and response schemas (marshmallow): they validate what comes in, shape what goes out,
and flask-smorest writes the OpenAPI description from them."""
import marshmallow as ma
from flask_smorest.fields import Upload
from marshmallow import fields as f
from marshmallow import validate as v

from tracker.models import AssignmentRole, AssignmentState, Role, UnitKind
from tracker.models.reminders import OutboxKind, OutboxStatus
from tracker.services.status import StatusClass

# Vietnamese validation messages for every schema (marshmallow's are English).
f.Field.default_error_messages.update(required="Thiếu trường bắt buộc.", null="Không được để trống (null).",
                                      validator_failed="Giá trị không hợp lệ.")
f.Integer.default_error_messages.update(invalid="Phải là số nguyên.", too_large="Số quá lớn.")
f.Number.default_error_messages.update(invalid="Phải là số.", too_large="Số quá lớn.")
f.String.default_error_messages.update(invalid="Phải là chuỗi ký tự.", invalid_utf8="Chuỗi không phải UTF-8.")
f.Date.default_error_messages.update(invalid="Ngày không hợp lệ (YYYY-MM-DD).", format="Ngày không hợp lệ.")
f.Boolean.default_error_messages.update(invalid="Phải là true hoặc false.")
f.List.default_error_messages.update(invalid="Phải là một danh sách.")
f.Nested.default_error_messages.update(type="Phải là một đối tượng.")
f.Dict.default_error_messages.update(invalid="Phải là một đối tượng.")
ma.Schema._default_error_messages = {**ma.Schema._default_error_messages,
                                     "type": "Dữ liệu phải là một đối tượng JSON.", "unknown": "Trường không được nhận."}
v.Length.message_min = "Ngắn hơn mức tối thiểu {min}."
v.Length.message_max = "Dài hơn mức tối đa {max}."
v.Length.message_all = "Độ dài phải từ {min} đến {max}."
v.Range.message_min = "Phải lớn hơn hoặc bằng {{min}}."
v.Range.message_max = "Phải nhỏ hơn hoặc bằng {{max}}."
v.Range.message_all = "Phải trong khoảng {{min}} đến {{max}}."
v.OneOf.default_message = "Phải là một trong: {choices}."

MAX_ID = 2_147_483_647
Id = lambda **kw: f.Integer(strict=True, validate=v.Range(1, MAX_ID), **kw)  # noqa: E731
Text = lambda limit, **kw: f.String(validate=v.Length(max=limit), **kw)  # noqa: E731


class ErrorSchema(ma.Schema):
    """Every error: a stable machine code, a Vietnamese message, the HTTP status, and per-field messages."""
    code = f.String(required=True, metadata={"description": "Mã lỗi cố định, ví dụ invalid_input, not_found."})
    message = f.String(required=True, metadata={"description": "Thông báo tiếng Việt cho người dùng."})
    status = f.Integer(required=True)
    errors = f.Dict(metadata={"description": "Lỗi theo từng trường (nơi nhận → trường → danh sách thông báo)."})


class PageArgs(ma.Schema):
    page = f.Integer(load_default=1, validate=v.Range(1, 100_000))
    per_page = f.Integer(load_default=50, validate=v.Range(1, 200))


class FilterArgs(PageArgs):
    """The filters of the task list pages, read by tracker.filters.parse_filters (dates dd/mm/yyyy or ISO)."""
    q = Text(200, metadata={"description": "Từ trong nội dung nhiệm vụ."})
    unit = Text(12, metadata={"description": "Mã đơn vị; 0 = mọi đơn vị (tài khoản đơn vị mặc định đơn vị mình)."})
    status = f.String(validate=v.OneOf([s.value for s in StatusClass]))
    deadline_from = Text(10, metadata={"description": "Hạn từ ngày (dd/mm/yyyy hoặc yyyy-mm-dd)."})
    deadline_to = Text(10)
    committee = Text(200, metadata={"description": "Cơ quan ban hành văn bản."})
    period_from = Text(10, data_key="from", metadata={"description": "Văn bản ban hành từ ngày."})
    period_to = Text(10, data_key="to")
    directive = Text(12, metadata={"description": "Mã văn bản."})
    number = Text(60, metadata={"description": "Một phần số hiệu văn bản."})


class OverdueArgs(FilterArgs):
    as_of = Text(10, metadata={"description": "Tính đến ngày (mặc định: hôm nay, hoặc ngày của hội nghị)."})
    meeting = Text(12, metadata={"description": "Mã hội nghị."})


class DirectiveArgs(PageArgs):
    q = Text(200, load_default="")


class PageSchema(ma.Schema):
    total = f.Integer(required=True)
    page = f.Integer(required=True)
    per_page = f.Integer(required=True)
    pages = f.Integer(required=True)


class UnitSchema(ma.Schema):
    id = f.Integer(required=True)
    name = f.String(required=True)
    short_name = f.String(allow_none=True)
    kind = f.String(validate=v.OneOf([k.value for k in UnitKind]))
    parent_id = f.Integer(allow_none=True)
    aliases = f.List(f.String())
    groups = f.List(f.String())
    email = f.String(allow_none=True)


class UnitListSchema(ma.Schema):
    items = f.List(f.Nested(UnitSchema), required=True)


class MeSchema(ma.Schema):
    id = f.Integer(required=True)
    username = f.String(required=True)
    full_name = f.String(required=True)
    role = f.String(validate=v.OneOf([r.value for r in Role]))
    unit_id = f.Integer(allow_none=True)


class AssignmentSchema(ma.Schema):
    id = f.Integer(required=True)
    task_id = f.Integer(required=True)
    unit_id = f.Integer(required=True)
    unit = f.String(required=True)
    role = f.String(validate=v.OneOf([r.value for r in AssignmentRole]))
    state = f.String(validate=v.OneOf([s.value for s in AssignmentState]))
    deadline = f.Date(allow_none=True, metadata={"description": "Thời hạn hiện hành (sau gia hạn nếu có)."})
    status = f.String(validate=v.OneOf([s.value for s in StatusClass]))
    reported_done_on = f.Date(allow_none=True)
    done_on = f.Date(allow_none=True)
    declined = f.Boolean()
    pending_extension_id = f.Integer(allow_none=True)
    actions = f.List(f.String(), metadata={"description": "Các thao tác người gọi được làm lúc này."})


class DirectiveRefSchema(ma.Schema):
    id = f.Integer(required=True)
    number = f.String(allow_none=True)
    date = f.Date(required=True)
    title = f.String(required=True)


class TaskSchema(ma.Schema):
    id = f.Integer(required=True)
    ref = f.String(allow_none=True)
    text = f.String(required=True)
    deadline = f.Date(allow_none=True)
    deadline_phrase = f.String(allow_none=True)
    report_every = f.String(allow_none=True)
    status = f.String(validate=v.OneOf([s.value for s in StatusClass]))
    directive = f.Nested(DirectiveRefSchema)
    assignments = f.List(f.Nested(AssignmentSchema))


class TaskPageSchema(PageSchema):
    items = f.List(f.Nested(TaskSchema), required=True)


class AssignmentRowSchema(ma.Schema):
    id = f.Integer(required=True)
    unit_id = f.Integer(required=True)
    unit = f.String(required=True)
    task_id = f.Integer(required=True)
    text = f.String(required=True)
    ref = f.String(allow_none=True)
    deadline = f.Date(allow_none=True)
    done_on = f.Date(allow_none=True)
    directive_id = f.Integer(required=True)
    directive_number = f.String(allow_none=True)
    status = f.String(validate=v.OneOf([s.value for s in StatusClass]))


class AssignmentPageSchema(PageSchema):
    items = f.List(f.Nested(AssignmentRowSchema), required=True)


class DirectiveSchema(ma.Schema):
    id = f.Integer(required=True)
    number = f.String(allow_none=True)
    issued_on = f.Date(required=True)
    issuer = f.String(required=True)
    title = f.String(required=True)
    signer = f.String(allow_none=True)
    meeting_id = f.Integer(allow_none=True)
    period_end_on = f.Date(allow_none=True)
    task_count = f.Integer()


class DirectivePageSchema(PageSchema):
    items = f.List(f.Nested(DirectiveSchema), required=True)


class DirectiveDetailSchema(DirectiveSchema):
    tasks = f.List(f.Nested(TaskSchema))


class ProposalArgs(ma.Schema):
    text = f.String(required=True, validate=v.Length(1, 200_000),
                    metadata={"description": "Toàn văn thông báo kết luận."})


class ProposedTaskSchema(ma.Schema):
    ref = f.String(allow_none=True)
    text = f.String()
    lead = f.List(f.String(), metadata={"description": "Tên đơn vị chủ trì như trong văn bản."})
    support = f.List(f.String())
    lead_unit_ids = f.List(f.Integer())
    support_unit_ids = f.List(f.Integer())
    deadline_on = f.Date(allow_none=True)
    deadline_phrase = f.String(allow_none=True)


class ProposalMetaSchema(ma.Schema):
    number = f.String(allow_none=True)
    issued_on = f.Date(allow_none=True)
    issuer = f.String(allow_none=True)
    title = f.String(allow_none=True)
    signer = f.String(allow_none=True)
    period_end_on = f.Date(allow_none=True)


class ProposalSchema(ma.Schema):
    directive = f.Nested(ProposalMetaSchema)
    tasks = f.List(f.Nested(ProposedTaskSchema))


class NewTaskSchema(ma.Schema):
    text = f.String(required=True, validate=v.Length(1, 10_000))
    source_ref = Text(40, allow_none=True)
    lead_unit_ids = f.List(Id(), required=True, validate=v.Length(1, 500))
    support_unit_ids = f.List(Id(), load_default=list, validate=v.Length(max=500))
    deadline_on = f.Date(allow_none=True, load_default=None)
    deadline_phrase = Text(300, allow_none=True)


class NewDirectiveSchema(ma.Schema):
    """A reviewed proposal (or any directive with its tasks), saved at once."""
    number = Text(60, allow_none=True)
    issued_on = f.Date(required=True)
    issuer = f.String(required=True, validate=v.Length(1, 200))
    title = f.String(required=True, validate=v.Length(1, 500))
    signer = Text(120, allow_none=True)
    full_text = Text(500_000, load_default="")
    meeting_id = Id(allow_none=True, load_default=None)
    period_end_on = f.Date(allow_none=True, load_default=None)
    tasks = f.List(f.Nested(NewTaskSchema), required=True, validate=v.Length(1, 500))


class ReportArgs(ma.Schema):
    text = f.String(required=True, validate=v.Length(1, 10_000))


class DoneArgs(ma.Schema):
    summary = f.String(required=True, validate=v.Length(1, 10_000))


class FilesArgs(ma.Schema):
    files = f.List(Upload(), metadata={"description": "Tệp đính kèm (tùy chọn)."})


class NoteArgs(ma.Schema):
    note = Text(10_000, allow_none=True, load_default=None)


class ReasonArgs(ma.Schema):
    reason = f.String(required=True, validate=v.Length(1, 10_000))


class ExtensionArgs(ReasonArgs):
    new_deadline_on = f.Date(required=True)


class OverdueRowSchema(ma.Schema):
    assignment_id = f.Integer()
    unit_id = f.Integer(required=True)
    unit = f.String(required=True)
    task_id = f.Integer(required=True)
    directive_id = f.Integer(required=True)
    directive_number = f.String()
    directive_on = f.Date()
    source_ref = f.String()
    text = f.String()
    deadline_on = f.Date(allow_none=True)
    extended_on = f.Date(allow_none=True)
    days_overdue = f.Integer(allow_none=True)
    latest_note = f.String()


class OverdueCountSchema(ma.Schema):
    unit_id = f.Integer()
    unit = f.String()
    count = f.Integer()


class OverduePageSchema(PageSchema):
    as_of = f.Date(required=True)
    counts = f.List(f.Nested(OverdueCountSchema))
    items = f.List(f.Nested(OverdueRowSchema), required=True)


class OutboxSchema(ma.Schema):
    id = f.Integer(required=True)
    kind = f.String(validate=v.OneOf([k.value for k in OutboxKind]))
    status = f.String(validate=v.OneOf([s.value for s in OutboxStatus]))
    run_on = f.Date()
    unit_id = f.Integer(allow_none=True)
    subject = f.String()
    recipients = f.String()
    item_count = f.Integer()
    attempts = f.Integer()
    created_at = f.DateTime()
    sent_at = f.DateTime(allow_none=True)
    error = f.String(allow_none=True)


class OutboxPageSchema(PageSchema):
    items = f.List(f.Nested(OutboxSchema), required=True)
