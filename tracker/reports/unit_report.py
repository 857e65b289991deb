"""Báo cáo kết quả thực hiện các nhiệm vụ được giao tại Thông báo số …: a unit's own report back to the
committee on one notice, drafted from its assignments and progress notes, edited by the unit, submitted as a
progress report with the document attached (tracker.services.unit_reports).
"""
from datetime import date
from typing import Optional

from tracker import clock
from tracker.models import AssignmentRole, Directive, ReportText, Unit, UnitKind
from tracker.queries.followup import accepted_note, unit_tasks
from tracker.queries.reports import Score
from tracker.reports.data import PARTY, STATE, Column, Committee, Group, Report, paragraphs
from tracker.reports.standard import cite, counts_sentence, dmy, result_text
from tracker.services.status import LABELS, assignment_class

COLUMNS = [
    Column("no", "TT", 1.1, "int", "center"),
    Column("source_ref", "Mục", 1.5, align="center"),
    Column("text", "Nội dung nhiệm vụ", 5.2),
    Column("role", "Vai trò", 1.9, align="center"),
    Column("deadline_on", "Thời hạn", 2.6, "date", "center"),
    Column("results", "Kết quả thực hiện", 4.2),
]


def submitted_note(unit: Unit) -> str:
    """How the progress note that carries a submitted unit report begins (services.unit_reports writes it)."""
    return f"{unit.name} gửi Báo cáo kết quả thực hiện"


def _not_own_report(unit: Unit):
    """Leave the unit's earlier report documents out of its next draft: they are not progress on the work."""
    prefix = submitted_note(unit)
    return lambda report: report.text.startswith(prefix)


def unit_committee(unit: Unit, user, committee: Committee) -> Committee:
    """The unit as the document's issuer: under its parent unit (else the committee); a government office
    writes in the State's style, the others in the installation's."""
    parent = unit.parent.name if unit.parent is not None else committee.name
    style = STATE if unit.kind == UnitKind.GOV_OFFICE else committee.style
    title = ("TM. " if style == STATE else "T/M ") + unit.name
    return Committee(name=unit.name, parent=parent, place=committee.place, code="",
                     signer=user.full_name if user else "",
                     signer_title=title, style=style if style in (PARTY, STATE) else PARTY)


def draft(directive: Directive, unit: Unit, today: date) -> tuple[str, str]:
    """(introduction, assessment) drafted from the unit's assignments and the progress that counts."""
    intro = (f"Thực hiện Thông báo kết luận {cite(directive)} của {directive.issuer} ({directive.title}), "
             f"{unit.name} báo cáo kết quả thực hiện các nhiệm vụ được giao như sau:")
    lines = []
    for task in unit_tasks(directive, unit.id):
        mine = next(a for a in task.assignments if a.unit_id == unit.id)
        note = accepted_note(mine, _not_own_report(unit))
        ref = f"Nhiệm vụ {task.source_ref}" if task.source_ref else "Nhiệm vụ"
        lines.append(f"- {ref} ({LABELS[assignment_class(mine, today)].lower()}): "
                     + (note.text if note else "chưa có báo cáo tiến độ."))
    lines.append("Khó khăn, vướng mắc và đề xuất, kiến nghị: …")
    return intro, "\n".join(lines)


def build_unit_report(directive: Directive, unit: Unit, user=None, today: Optional[date] = None,
                      text: Optional[ReportText] = None) -> Report:
    today = today or clock.today()
    rows, total = [], Score("Tổng cộng")
    for i, task in enumerate(unit_tasks(directive, unit.id), start=1):
        mine = next(a for a in task.assignments if a.unit_id == unit.id)
        total.add(assignment_class(mine, today), 1)
        rows.append({"no": i, "source_ref": task.source_ref or "", "text": task.text,
                     "role": "Chủ trì" if mine.role == AssignmentRole.LEAD else "Phối hợp",
                     "deadline_on": mine.deadline_on, "results": result_text(mine, today, skip=_not_own_report(unit)),
                     "task_id": task.id})
    committee = unit_committee(unit, user, Committee.from_config())
    drafted = None if text else draft(directive, unit, today)
    intro = paragraphs(text.intro if text else drafted[0])
    assessment = paragraphs(text.assessment if text else drafted[1])
    return Report(
        kind="unit", title="BÁO CÁO",
        heading=f"Kết quả thực hiện các nhiệm vụ được giao tại Thông báo kết luận {cite(directive)} "
                f"của {directive.issuer}",
        subtitle=[f"(Tính đến ngày {dmy(today)})"], as_of=today, issued_on=clock.today(), committee=committee,
        columns=COLUMNS, groups=[Group(title="", rows=rows, count=len(rows))], total=total.assigned,
        intro=intro, list_title="I. KẾT QUẢ THỰC HIỆN",
        assessment=[counts_sentence(total, "nhiệm vụ được giao")] + assessment,
        assessment_title="II. ĐÁNH GIÁ, KHÓ KHĂN VÀ ĐỀ XUẤT", landscape=False,
        recipients=[f"Thường trực {Committee.from_config().name} (b/c)",
                    f"Văn phòng {Committee.from_config().name} (t/h)", "Lưu"],
        file_stem=f"bao-cao-{directive.id}-don-vi-{unit.id}-{today.isoformat()}")
