"""`flask tracker remind` (one pass, now) and `flask tracker scheduler` (the scheduler process)."""
import click
from flask import current_app

from tracker.forms import parse_vn_date


def _day(_ctx, _param, value):
    if value is None:
        return None
    try:
        return parse_vn_date(value)
    except ValueError as error:
        raise click.BadParameter(f"{error} Dùng dạng YYYY-MM-DD hoặc dd/mm/yyyy, ví dụ 2026-03-05.") from None


@click.command("remind")
@click.option("--today", callback=_day, metavar="YYYY-MM-DD", help="Chạy như thể hôm nay là ngày này.")
@click.option("--dry-run", is_flag=True, help="Chỉ cho biết sẽ gửi gì; không ghi sổ, không gửi thư.")
def remind_command(today, dry_run):
    """Run one reminder pass and print what it did (recipients, items, sent, failed)."""
    from tracker import map_sqlite_files
    from tracker.reminders.run import run_pass

    map_sqlite_files(0)
    summary = run_pass(today, dry_run=dry_run)
    click.echo(summary.text())
    if summary.skipped or not summary.ok:
        raise click.exceptions.Exit(1)


@click.command("scheduler")
def scheduler_command():
    """Run the reminder scheduler (its own process; never inside the web server)."""
    import logging

    from tracker import map_sqlite_files
    from tracker.reminders.scheduler import serve

    map_sqlite_files(0)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    try:
        serve(current_app._get_current_object(), echo=click.echo)
    except ValueError as error:  # a bad TRACKER_REMIND_AT
        raise click.ClickException(str(error)) from None


COMMANDS = (remind_command, scheduler_command)
