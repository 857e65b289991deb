"""Files attached to progress reports: checked, stored under a random name, removed if the transaction fails.

A file is written to disk before the database commit (so a committed row always has its file), and
every path written is remembered on the session: if the transaction ends without a commit (rollback,
error, closed session) the files are deleted again, so a failed action leaves nothing behind.
"""
import os
import re
import secrets
import time
import unicodedata
from dataclasses import dataclass
from datetime import timedelta

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.orm import Session

from tracker.extensions import db
from tracker.models import DirectiveFile, ReportFile
from tracker.services import ServiceError

MAX_FILES = 10
_PENDING = "uploads_written"

# Allowed extensions, the content type we serve them with, and the signatures their content must start with
# (None: any content but no NUL byte, i.e. plain text).
ZIP, OLE = (b"PK\x03\x04",), (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",)
ALLOWED = {
    "pdf": ("application/pdf", (b"%PDF-",)),
    "doc": ("application/msword", OLE),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", ZIP),
    "xls": ("application/vnd.ms-excel", OLE),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ZIP),
    "ppt": ("application/vnd.ms-powerpoint", OLE),
    "pptx": ("application/vnd.openxmlformats-officedocument.presentationml.presentation", ZIP),
    "odt": ("application/vnd.oasis.opendocument.text", ZIP),
    "ods": ("application/vnd.oasis.opendocument.spreadsheet", ZIP),
    "zip": ("application/zip", ZIP),
    "jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    "txt": ("text/plain; charset=utf-8", None),
}
ALLOWED_LABEL = ", ".join(sorted(ALLOWED))
_UNSAFE = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*]+')


@dataclass
class Upload:
    """A file as received: its name as the user gave it and its bytes."""

    filename: str
    content: bytes


def clean_filename(name: str) -> str:
    """The user's file name, kept readable (Vietnamese letters stay) but safe to show and send back."""
    name = unicodedata.normalize("NFC", (name or "").replace("\\", "/").rsplit("/", 1)[-1])
    name = _UNSAFE.sub("_", name).strip(" .")
    stem, dot, ext = name.rpartition(".")
    if not dot:
        stem, ext = name, ""
    stem = stem[:150] or "tep"
    return f"{stem}.{ext[:10]}" if ext else stem


def read_uploads(file_storages) -> list[Upload]:
    """Werkzeug FileStorage objects → Upload, reading at most one byte more than the limit of each."""
    limit = current_app.config["UPLOAD_MAX_BYTES"]
    uploads = []
    for storage in file_storages or []:
        if storage is None or not getattr(storage, "filename", ""):
            continue  # an empty file input
        uploads.append(Upload(storage.filename, storage.stream.read(limit + 1)))
    return uploads


def check(uploads: list[Upload]) -> None:
    """Refuse the whole lot if one file breaks a rule, before anything is written."""
    limit = current_app.config["UPLOAD_MAX_BYTES"]
    if len(uploads) > MAX_FILES:
        raise ServiceError(f"Tối đa {MAX_FILES} tệp cho một báo cáo.", "files")
    for upload in uploads:
        name = clean_filename(upload.filename)
        ext = name.rpartition(".")[2].lower() if "." in name else ""
        if ext not in ALLOWED:
            raise ServiceError(f"Tệp “{name}”: chỉ nhận các loại tệp {ALLOWED_LABEL}.", "files")
        if not upload.content:
            raise ServiceError(f"Tệp “{name}” rỗng.", "files")
        if len(upload.content) > limit:
            raise ServiceError(f"Tệp “{name}” vượt quá {limit // (1024 * 1024)} MB.", "files")
        signatures = ALLOWED[ext][1]
        genuine = (b"\x00" not in upload.content[:8192]) if signatures is None else upload.content.startswith(signatures)
        if not genuine:
            raise ServiceError(f"Tệp “{name}” không đúng định dạng .{ext}.", "files")


def folder() -> str:
    path = current_app.config["UPLOAD_FOLDER"]
    os.makedirs(path, exist_ok=True)
    return path


def path_of(report_file: ReportFile) -> str:
    return os.path.join(folder(), report_file.stored_name)


def store(uploads: list[Upload]) -> list[ReportFile]:
    """Write checked uploads under random names; the ReportFile rows still need a report."""
    check(uploads)
    rows = []
    for upload in uploads:
        name = clean_filename(upload.filename)
        ext = name.rpartition(".")[2].lower()
        stored_name = f"{secrets.token_hex(16)}.{ext}"
        target = os.path.join(folder(), stored_name)
        with open(target, "xb") as out:
            out.write(upload.content)
        remove_on_rollback(target)
        rows.append(ReportFile(original_name=name, stored_name=stored_name, content_type=ALLOWED[ext][0],
                               size_bytes=len(upload.content)))
    return rows


#: A file this old that no row names was left by a request that died between writing it and its commit (a worker
#: killed mid-upload); younger ones may belong to a transaction still running.
ORPHAN_AFTER = timedelta(hours=1)


def remove_orphans() -> int:
    """Delete the upload folder's files that no report file or notice original names (and that are older than
    ORPHAN_AFTER, by the files' own wall-clock times); how many. The import's pending/ folder keeps its own rule
    (imports.originals)."""
    known = set(db.session.scalars(sa.select(ReportFile.stored_name)))
    known |= set(db.session.scalars(sa.select(DirectiveFile.stored_name)))
    cutoff = time.time() - ORPHAN_AFTER.total_seconds()
    removed = 0
    with os.scandir(folder()) as entries:
        for entry in entries:
            if entry.is_file() and entry.name not in known and entry.stat().st_mtime < cutoff:
                os.remove(entry.path)
                removed += 1
    return removed


def remove_on_rollback(path: str) -> None:
    """A file just written for the current transaction: deleted again unless the transaction commits."""
    db.session.info.setdefault(_PENDING, []).append(path)


@sa.event.listens_for(Session, "after_commit")
def _keep_written(session):
    session.info.pop(_PENDING, None)


@sa.event.listens_for(Session, "after_transaction_end")
def _remove_uncommitted(session, transaction):
    """After a rollback or close of the outermost transaction, delete the files it wrote."""
    if transaction.parent is not None:
        return
    for path in session.info.pop(_PENDING, []):
        try:
            os.remove(path)
        except FileNotFoundError:
            pass
