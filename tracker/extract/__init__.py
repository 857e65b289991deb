"""Notice extractor: the text of a meeting notice → proposed tasks with lead/support units and deadlines.

Pure Python, no network, no models. The web layer uses:
    extract(text, directory=None, today=None) -> Extraction   (.to_json() for the review form)
    UnitDirectory(entries) / UnitDirectory.generic(), UnitEntry
    read_upload(filename, data, max_bytes=...) -> str, NoticeInputError (message in Vietnamese), require_tasks
"""
from tracker.extract.core import extract
from tracker.extract.deadlines import parse_deadline
from tracker.extract.model import DirectiveMeta, Extraction, ProposedTask
from tracker.extract.sources import NoticeInputError, read_upload, require_tasks
from tracker.extract.units import UnitDirectory, UnitEntry

__all__ = ["extract", "UnitDirectory", "UnitEntry", "read_upload", "NoticeInputError", "require_tasks",
           "parse_deadline", "Extraction", "DirectiveMeta", "ProposedTask"]
