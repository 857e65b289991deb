"""The task history: every change writes one TaskEvent in the same transaction as the change."""
from typing import Optional

from flask import has_request_context, request

from tracker.extensions import db
from tracker.models import Assignment, AuditEvent, Task, TaskEvent


def record(
    task: Task,
    kind: str,
    actor=None,
    *,
    assignment: Optional[Assignment] = None,
    before: Optional[dict] = None,
    after: Optional[dict] = None,
    note: Optional[str] = None,
) -> TaskEvent:
    event = TaskEvent(
        task=task,
        kind=kind,
        actor_id=getattr(actor, "id", None),
        assignment=assignment,
        before=before,
        after=after,
        note=note,
    )
    db.session.add(event)
    return event


def record_audit(kind: str, actor=None, *, subject: Optional[str] = None, before: Optional[dict] = None,
                 after: Optional[dict] = None) -> AuditEvent:
    """A line of the accounts' and the directory's log (logins, account and unit changes)."""
    event = AuditEvent(kind=kind, actor_id=getattr(actor, "id", None), subject=(subject or "")[:255] or None,
                       address=request.remote_addr[:64] if has_request_context() and request.remote_addr else None,
                       before=before, after=after)
    db.session.add(event)
    return event


EVENT_LABELS = {
    "created": "Tạo nhiệm vụ",
    "edited": "Sửa nhiệm vụ",
    "assigned": "Giao đơn vị",
    "unassigned": "Bỏ giao đơn vị",
    "reported": "Báo cáo tiến độ",
    "reported_done": "Báo cáo hoàn thành",
    "confirmed": "Xác nhận hoàn thành",
    "returned": "Trả lại báo cáo",
    "declined": "Đơn vị từ chối nhiệm vụ",
    "decline_rejected": "Không chấp nhận từ chối, đơn vị tiếp tục thực hiện",
    "reassigned": "Giao lại đơn vị",
    "extension_requested": "Xin gia hạn",
    "extension_approved": "Đồng ý gia hạn",
    "extension_refused": "Không đồng ý gia hạn",
    "login": "Đăng nhập",
    "login_failed": "Đăng nhập sai",
    "logout": "Đăng xuất",
    "password_changed": "Đổi mật khẩu",
    "user_created": "Tạo tài khoản",
    "user_changed": "Sửa tài khoản",
    "unit_created": "Thêm đơn vị",
    "unit_changed": "Sửa đơn vị",
    "carried_over": "Chuyển sang văn bản sau",
    "carried_from": "Tiếp nhận từ văn bản trước",
    "restated": "Văn bản sau giao lại với thời hạn mới",
}
