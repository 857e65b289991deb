"""`flask tracker report overdue --as-of YYYY-MM-DD --format docx|xlsx|pdf|html -o FILE`."""
from datetime import date

import click

from tracker import clock
from tracker.filters import parse_filters
from tracker.queries.directives import next_meeting
from tracker.reports import FORMATS, build_overdue_list, render
from tracker.reports.responses import WRITERS


def _iso(_ctx, _param, value):
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"ngày không hợp lệ: {value!r} (cần dạng YYYY-MM-DD).") from None


@click.group("report", help="Xuất báo cáo.")
def report_group():
    pass


@report_group.command("overdue")
@click.option("--as-of", callback=_iso, help="Tính đến ngày YYYY-MM-DD (mặc định: ngày cuộc họp tới, hoặc hôm nay).")
@click.option("--format", "fmt", type=click.Choice(list(FORMATS)), required=True, help="Định dạng tệp.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), required=True, help="Tệp ghi ra.")
@click.option("--unit", "unit", help="Mã đơn vị chủ trì (id).")
@click.option("--committee", help="Cơ quan ban hành văn bản.")
@click.option("--from", "period_from", callback=_iso, help="Văn bản ban hành từ ngày YYYY-MM-DD.")
@click.option("--to", "period_to", callback=_iso, help="Văn bản ban hành đến ngày YYYY-MM-DD.")
@click.option("--directive", help="Số văn bản, ví dụ 152-TB/HU.")
def overdue(as_of, fmt, output, unit, committee, period_from, period_to, directive):
    """The overdue list (chậm, quá hạn) as of a day, for the whole committee."""
    args = {"unit": unit or "", "committee": committee or "", "number": directive or "",
            "from": period_from.isoformat() if period_from else "", "to": period_to.isoformat() if period_to else ""}
    parsed = parse_filters(args)
    if not parsed.ok:
        raise click.ClickException(" ".join(parsed.errors.values()))
    meeting = None
    if as_of is None:
        meeting = next_meeting(clock.today())
        as_of = meeting.held_on if meeting else clock.today()
    report = build_overdue_list(as_of, parsed.filters, None, meeting=meeting)
    with open(output, "wb") as out:
        if fmt in WRITERS:  # rows streamed into the file
            WRITERS[fmt](report, out)
        else:
            out.write(render(report, fmt))
    click.echo(f"Đã ghi {output}: {report.total} nhiệm vụ chậm, quá hạn của {len(report.summary)} đơn vị, "
               f"tính đến ngày {as_of:%d/%m/%Y}.")


@report_group.command("period")
@click.option("--from", "period_from", callback=_iso, required=True, help="Văn bản ban hành từ ngày YYYY-MM-DD.")
@click.option("--to", "period_to", callback=_iso, required=True, help="Văn bản ban hành đến ngày YYYY-MM-DD.")
@click.option("--format", "fmt", type=click.Choice(list(FORMATS)), required=True, help="Định dạng tệp.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), required=True, help="Tệp ghi ra.")
@click.option("--committee", help="Cơ quan ban hành văn bản (mặc định: tất cả).")
@click.option("--as-of", callback=_iso, help="Tính đến ngày YYYY-MM-DD (mặc định: hôm nay).")
@click.option("--by-kind", is_flag=True, help="Nhóm các đơn vị theo loại (ban đảng, cơ quan chính quyền, xã …).")
def period(period_from, period_to, fmt, output, committee, as_of, by_kind):
    """The period report (quarter, 6 months, year or any range): the standard table per unit and the lists."""
    from tracker.models import ReportKind
    from tracker.reports.period_report import build_period_report
    from tracker.services import report_texts

    if period_from > period_to:
        raise click.BadParameter("--to phải sau hoặc bằng --from.")
    text = report_texts.latest(ReportKind.PERIOD, report_texts.period_scope(period_from, period_to, committee))
    report = build_period_report(period_from, period_to, issuer=committee, as_of=as_of or clock.today(),
                                 by_kind=by_kind, text=text)
    with open(output, "wb") as out:
        out.write(render(report, fmt))
    click.echo(f"Đã ghi {output}: {report.total} lượt đơn vị chủ trì, văn bản ban hành từ ngày "
               f"{period_from:%d/%m/%Y} đến ngày {period_to:%d/%m/%Y}, tính đến ngày {report.as_of:%d/%m/%Y}.")
