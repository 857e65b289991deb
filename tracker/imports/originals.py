"""The uploaded original of a notice, kept between the upload and the confirmation, then attached to the directive.

The upload is written at once under uploads/pending/ and the review form carries a signed token naming it
(so nobody can attach another stored file by editing the form). Confirming copies it to its final name,
removed again if the transaction fails; pending files nobody confirmed are deleted after PENDING_DAYS.
"""
import os
import secrets
import shutil
import time
from typing import Optional

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer

from tracker.models import Directive, DirectiveFile
from tracker.services import report_files

PENDING_DAYS = 2


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="notice-original")


def _pending_folder() -> str:
    path = os.path.join(report_files.folder(), "pending")
    os.makedirs(path, exist_ok=True)
    return path


def keep_pending(filename: str, content: bytes) -> str:
    """Write the upload under pending/ and return the token the review form carries."""
    _discard_stale()
    name = report_files.clean_filename(filename)
    ext = name.rpartition(".")[2].lower()
    stored = f"{secrets.token_hex(16)}.{ext}"
    with open(os.path.join(_pending_folder(), stored), "xb") as out:
        out.write(content)
    return _serializer().dumps({"stored": stored, "name": name})


def describe(token: str) -> Optional[str]:
    """The original's file name for the review screen, or None for a missing or forged token."""
    found = _pending(token)
    return found[1] if found else None


def attach(directive: Directive, token: str) -> Optional[DirectiveFile]:
    """Copy the pending original to its final name and attach it; the caller commits."""
    found = _pending(token)
    if not found:
        return None
    path, name = found
    ext = name.rpartition(".")[2].lower()
    stored = f"{secrets.token_hex(16)}.{ext}"
    target = os.path.join(report_files.folder(), stored)
    shutil.copyfile(path, target)
    report_files.remove_on_rollback(target)
    content_type = report_files.ALLOWED.get(ext, ("application/octet-stream",))[0]
    directive.original = DirectiveFile(original_name=name, stored_name=stored, content_type=content_type,
                                       size_bytes=os.path.getsize(target))
    return directive.original


def path_of(original: DirectiveFile) -> str:
    return os.path.join(report_files.folder(), original.stored_name)


def _pending(token: str):
    if not token:
        return None
    try:
        data = _serializer().loads(token)
        stored, name = data["stored"], data["name"]
    except (BadSignature, KeyError, TypeError):
        return None
    path = os.path.join(_pending_folder(), os.path.basename(stored))
    return (path, name) if os.path.isfile(path) else None


def _discard_stale() -> None:
    limit = time.time() - PENDING_DAYS * 86400
    with os.scandir(_pending_folder()) as entries:
        for entry in entries:
            if entry.is_file() and entry.stat().st_mtime < limit:
                try:
                    os.remove(entry.path)
                except FileNotFoundError:
                    pass
