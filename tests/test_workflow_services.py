"""The workflow rules at the service level: who may act, one transaction per action, files with it."""
import os
from datetime import date

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from tracker.extensions import db
from tracker.models import (
    AssignmentState, ExtensionRequest, ExtensionStatus, ProgressReport, ReportFile, Role, TaskEvent,
)
from tracker.services import ServiceError, workflow
from tracker.services.report_files import Upload, clean_filename

PDF = b"%PDF-1.4\n%%EOF\n"


@pytest.fixture
def setup(make_unit, make_user, make_task, frozen_clock):
    frozen_clock(date(2023, 9, 20))
    unit = make_unit("Ban Tổ chức Huyện ủy")
    people = {
        "unit": make_user("btc", Role.UNIT, unit),
        "office": make_user("vp", Role.OFFICE),
        "office_of_unit": make_user("vp-btc", Role.OFFICE, unit=unit),
        "leader": make_user("ld", Role.LEADER),
        "stranger": make_user("xa", Role.UNIT),
    }
    task = make_task(unit, deadline_on=date(2023, 9, 30))
    return task.assignments[0], people


def count(model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def files_on_disk(app) -> set:
    folder = app.config["UPLOAD_FOLDER"]
    return set(os.listdir(folder)) if os.path.isdir(folder) else set()


def test_a_failing_action_leaves_no_trace(setup, ctx, monkeypatch):
    """The change, the report, its file and the event go together or not at all."""
    assignment, people = setup
    before = files_on_disk(ctx)

    def broken_record(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(workflow, "record", broken_record)
    with pytest.raises(RuntimeError):
        workflow.report_done(assignment, people["unit"], summary="Xong", uploads=[Upload("kq.pdf", PDF)])
    assert files_on_disk(ctx) - before  # the file was written before the failure …
    db.session.rollback()  # … what the request does on any error
    assert files_on_disk(ctx) == before  # … and is gone with the transaction
    db.session.expire_all()
    assert assignment.state == AssignmentState.OPEN and assignment.reported_done_on is None
    assert count(ProgressReport) == 0 and count(ReportFile) == 0
    assert db.session.scalars(sa.select(TaskEvent.kind)).all() == ["created"]


def test_files_of_a_session_closed_without_commit_are_removed(setup, ctx):
    assignment, people = setup
    before = files_on_disk(ctx)
    workflow.report_progress(assignment, people["unit"], text="Tiến độ", uploads=[Upload("a.pdf", PDF)])
    assert len(files_on_disk(ctx) - before) == 1
    db.session.close()
    assert files_on_disk(ctx) == before


def test_committed_files_stay(setup, ctx):
    assignment, people = setup
    report = workflow.report_progress(assignment, people["unit"], text="Tiến độ", uploads=[Upload("a.pdf", PDF)])
    db.session.commit()
    assert report.files[0].stored_name in files_on_disk(ctx)
    db.session.rollback()  # a later rollback does not touch what was committed
    assert report.files[0].stored_name in files_on_disk(ctx)


@pytest.mark.parametrize("who", ["unit", "office_of_unit", "leader", "stranger"])
def test_who_may_not_confirm(setup, who):
    assignment, people = setup
    workflow.report_done(assignment, people["unit"], summary="Xong")
    with pytest.raises(ServiceError):
        workflow.confirm_done(assignment, people[who])


@pytest.mark.parametrize("who", ["unit", "office_of_unit", "stranger"])
def test_who_may_not_approve_an_extension(setup, who):
    assignment, people = setup
    request = workflow.request_extension(assignment, people["unit"], new_deadline_on=date(2023, 10, 31), reason="Mưa")
    with pytest.raises(ServiceError):
        workflow.approve_extension(request, people[who])
    assert request.status == ExtensionStatus.PENDING and assignment.extended_deadline_on is None


def test_others_may_not_act_for_a_unit(setup):
    assignment, people = setup
    for who in ("office", "leader", "stranger"):
        with pytest.raises(ServiceError):
            workflow.report_done(assignment, people[who], summary="Xong")
        with pytest.raises(ServiceError):
            workflow.request_extension(assignment, people[who], new_deadline_on=date(2023, 10, 31), reason="x")


def test_state_rules(setup):
    assignment, people = setup
    with pytest.raises(ServiceError, match="Chỉ xác nhận"):
        workflow.confirm_done(assignment, people["office"])
    with pytest.raises(ServiceError, match="Chỉ trả lại"):
        workflow.return_report(assignment, people["office"], reason="x")
    workflow.report_done(assignment, people["unit"], summary="Xong")
    with pytest.raises(ServiceError, match="đã được báo cáo hoàn thành"):
        workflow.report_done(assignment, people["unit"], summary="Xong lần nữa")
    with pytest.raises(ServiceError, match="Chỉ xin gia hạn"):
        workflow.request_extension(assignment, people["unit"], new_deadline_on=date(2023, 10, 31), reason="x")
    workflow.confirm_done(assignment, people["office"])
    with pytest.raises(ServiceError, match="đã được xác nhận"):
        workflow.report_progress(assignment, people["unit"], text="Thêm")
    assert assignment.done_on == date(2023, 9, 20)


def test_database_allows_one_pending_extension(setup):
    """The partial unique index backs up the service's check (two requests at the same moment)."""
    assignment, people = setup
    db.session.add_all([ExtensionRequest(assignment=assignment, new_deadline_on=date(2023, 10, d), reason="x")
                        for d in (10, 20)])
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()
    db.session.add_all([ExtensionRequest(assignment_id=assignment.id, new_deadline_on=date(2023, 10, 10), reason="x",
                                         status=ExtensionStatus.REFUSED),
                        ExtensionRequest(assignment_id=assignment.id, new_deadline_on=date(2023, 10, 20), reason="y")])
    db.session.flush()  # a decided one and a pending one are fine


@pytest.mark.parametrize("given, kept", [
    ("Báo cáo kết quả.pdf", "Báo cáo kết quả.pdf"),
    ("../../etc/passwd.txt", "passwd.txt"),
    ("C:\\Users\\x\\Kế hoạch.docx", "Kế hoạch.docx"),
    ('a<b>:"c|d?.pdf', "a_b_c_d_.pdf"),
    ("...", "tep"),
])
def test_clean_filename(given, kept):
    assert clean_filename(given) == kept


def test_orphan_uploads_are_removed_after_an_hour(ctx, make_unit, make_user, make_task):
    """A worker killed between writing a file and its commit leaves a file no row names: the daily job removes
    it once it is an hour old, never a file a report names, nor a fresh one (its transaction may be running)."""
    import os
    import time

    from tracker.services import report_files

    unit = make_unit()
    user = make_user("kimson", Role.UNIT, unit)
    assignment = make_task(unit).leads[0]
    report = workflow.report_progress(assignment, user, text="Có tệp.",
                                      uploads=[report_files.Upload("bao-cao.pdf", b"%PDF-1.4 x")])
    db.session.commit()
    kept = report_files.path_of(report.files[0])
    old_orphan = os.path.join(report_files.folder(), "orphan-old.pdf")
    new_orphan = os.path.join(report_files.folder(), "orphan-new.pdf")
    for path in (old_orphan, new_orphan):
        with open(path, "wb") as out:
            out.write(b"%PDF-1.4 mat")
    two_hours_ago = time.time() - 7200
    for path in (old_orphan, kept):
        os.utime(path, (two_hours_ago, two_hours_ago))
    assert report_files.remove_orphans() >= 1
    assert not os.path.exists(old_orphan) and os.path.exists(new_orphan) and os.path.exists(kept)
    os.remove(new_orphan)
