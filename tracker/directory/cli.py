"""`flask tracker import-units FILE` and `flask tracker import-users FILE`: the directory import of the admin
page from a terminal, with a progress bar and a summary."""
import os

import click
from flask import current_app

from tracker.extensions import db
from tracker.services import ServiceError
from tracker.services.directory import Plan, apply_units, apply_users, plan_units, plan_users
from tracker.services.directory_files import UNIT_COLUMNS, USER_COLUMNS, DirectoryFileError, read_rows
from tracker.directory.mail import send_passwords


def _read(path, columns):
    with open(path, "rb") as handle:
        data = handle.read()
    try:
        return read_rows(os.path.basename(path), data, columns)
    except DirectoryFileError as error:
        raise click.ClickException(error.message) from None


def _report(plan: Plan, dry_run: bool) -> None:
    for row in plan.rows:
        for problem in row.problems:
            click.echo(f"Dòng {row.line} ({row.key or '—'}): {problem}", err=True)
    counts = plan.counts
    click.echo(f"Thêm mới: {counts['create']} · Cập nhật: {counts['update']} · Không đổi: {counts['unchanged']}"
               f" · Lỗi: {counts['error']}")
    if not plan.ok:
        raise click.ClickException("Tệp có dòng lỗi; không ghi gì. Sửa các dòng trên rồi nhập lại.")
    if dry_run:
        click.echo("Chạy thử: không ghi gì.")


def _write(plan: Plan, apply, label: str):
    todo = sum(1 for r in plan.rows if r.action in ("create", "update"))
    try:
        with click.progressbar(length=len(plan.rows), label=label, show_pos=True) as bar:
            result = apply(plan, bar.update)
        db.session.commit()
    except ServiceError as error:
        db.session.rollback()
        raise click.ClickException(error.message) from None
    click.echo(f"Đã ghi {todo} dòng.")
    return result


@click.command("import-units")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option("--dry-run", is_flag=True, help="Chỉ xem trước, không ghi.")
def import_units(path, dry_run):
    """Import units (sheet with a “Tên đơn vị” column) from an .xlsx or .csv file."""
    plan = plan_units(_read(path, UNIT_COLUMNS))
    _report(plan, dry_run)
    if not dry_run:
        _write(plan, apply_units, "Đang nhập đơn vị")


@click.command("import-users")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option("--dry-run", is_flag=True, help="Chỉ xem trước, không ghi.")
def import_users(path, dry_run):
    """Import accounts (sheet with a “Tên đăng nhập” column); new accounts get a one-time password."""
    plan = plan_users(_read(path, USER_COLUMNS))
    _report(plan, dry_run)
    if dry_run:
        return
    made = _write(plan, apply_users, "Đang nhập tài khoản")
    if not made:
        return
    emailed = send_passwords(made, current_app.config)
    printed = [account for account in made if account.id not in emailed]
    if emailed:
        click.echo(f"Đã gửi mật khẩu dùng một lần qua email cho {len(emailed)} tài khoản.")
    if printed:
        click.echo("Mật khẩu dùng một lần (chỉ hiện một lần; người dùng phải đổi khi đăng nhập lần đầu):")
        for account in printed:
            click.echo(f"  {account.username}\t{account.password}")


COMMANDS = (import_units, import_users)
