"""The admin's directory import: upload a workbook (or CSV), see what it would do row by row, confirm."""
import os
import re
import secrets
import time
from io import BytesIO

from flask import Blueprint, abort, current_app, render_template, send_file
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import HiddenField

from tracker.directory.mail import send_passwords
from tracker.extensions import db
from tracker.permissions import ADMINS, allow
from tracker.services import ServiceError
from tracker.services.directory import apply_units, apply_users, plan_units, plan_users
from tracker.services.directory_files import (
    UNIT_COLUMNS, USER_COLUMNS, DirectoryFileError, NoTable, read_rows, template_workbook,
)

bp = Blueprint("directory", __name__, url_prefix="/admin/directory")

_UPLOAD_ID = re.compile(r"^[0-9a-f]{32}\.(?:xlsx|csv)$")


class UploadForm(FlaskForm):
    file = FileField("Tệp Excel (.xlsx) hoặc CSV")


class ConfirmForm(FlaskForm):
    upload = HiddenField()


#: A previewed file not confirmed within this many seconds is deleted.
KEEP_SECONDS = 24 * 3600


def _folder() -> str:
    """Where previewed files wait for their confirmation; old ones are swept on the way."""
    folder = os.path.join(current_app.instance_path, "directory-imports")
    os.makedirs(folder, exist_ok=True)
    cutoff = time.time() - KEEP_SECONDS
    for name in os.listdir(folder):
        path = os.path.join(folder, name)
        try:
            if os.path.getmtime(path) < cutoff:
                os.remove(path)
        except OSError:
            pass  # another request swept it
    return folder


def plans(filename: str, data: bytes):
    """(units plan or None, users plan or None) of a file; the users may belong to units the file creates."""
    units = users = None
    try:
        units = plan_units(read_rows(filename, data, UNIT_COLUMNS))
    except NoTable:
        pass
    try:
        new_units = frozenset(r.key.casefold() for r in units.rows if r.action == "create") if units else frozenset()
        users = plan_users(read_rows(filename, data, USER_COLUMNS), new_units)
    except NoTable:
        pass
    if units is None and users is None:
        raise DirectoryFileError("Không tìm thấy bảng đơn vị (cột “Tên đơn vị”) hay bảng tài khoản (cột “Tên đăng "
                                 "nhập”). Hãy dùng tệp mẫu.")
    return units, users


@bp.route("/", methods=["GET", "POST"])
@allow(*ADMINS)
def upload():
    """GET: the form; POST: the preview of the uploaded file (nothing written)."""
    form = UploadForm()
    if form.validate_on_submit():
        file = form.file.data
        if not file or not file.filename:
            form.file.errors.append("Vui lòng chọn tệp.")
        else:
            data = file.read()
            ext = "csv" if file.filename.lower().endswith(".csv") else "xlsx"
            try:
                units, users = plans(file.filename, data)
            except DirectoryFileError as error:
                form.file.errors.append(error.message)
            else:
                name = f"{secrets.token_hex(16)}.{ext}"
                with open(os.path.join(_folder(), name), "wb") as handle:
                    handle.write(data)
                return render_template("directory/preview.html", units=units, users=users, filename=file.filename,
                                       form=ConfirmForm(upload=name))
        return render_template("directory/upload.html", form=form), 400
    return render_template("directory/upload.html", form=form)


@bp.post("/confirm")
@allow(*ADMINS)
def confirm():
    """Write the previewed file, all of it in one transaction, if it still has no problem."""
    form = ConfirmForm()
    name = form.upload.data or ""
    if not form.validate_on_submit() or not _UPLOAD_ID.match(name):
        abort(400, "Không tìm thấy tệp đã tải lên; vui lòng tải lên lại.")
    path = os.path.join(_folder(), name)
    if not os.path.exists(path):
        abort(400, "Không tìm thấy tệp đã tải lên; vui lòng tải lên lại.")
    with open(path, "rb") as handle:
        data = handle.read()
    try:
        units, users = plans(name, data)
        made = []
        if units is not None:
            apply_units(units)
        if users is not None:
            # the users' units may be new: plan them again now that the units are flushed
            users = plan_users(read_rows(name, data, USER_COLUMNS))
            made = apply_users(users)
        db.session.commit()
    except (ServiceError, DirectoryFileError):
        db.session.rollback()
        units, users = plans(name, data)
        return render_template("directory/preview.html", units=units, users=users, filename="", form=form), 400
    os.remove(path)
    emailed = send_passwords(made, current_app.config)
    return render_template("directory/done.html", units=units, users=users, made=made, emailed=emailed)


@bp.get("/template.xlsx")
@allow(*ADMINS)
def template():
    return send_file(BytesIO(template_workbook()), download_name="mau-nhap-danh-ba.xlsx", as_attachment=True,
                     mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
