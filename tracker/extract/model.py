"""Result objects of the extractor; their attributes mirror the JSON the web layer receives."""
from dataclasses import dataclass, field
import datetime as dt


def _iso(d: dt.date | None) -> str | None:
    return d.isoformat() if d else None


@dataclass
class DirectiveMeta:
    number: str | None = None
    date: dt.date | None = None
    meeting_date: dt.date | None = None
    title: str | None = None
    issuer: str | None = None
    signer: str | None = None
    period_end: dt.date | None = None
    period_phrase: str | None = None  # not in the JSON contract; kept for the dev CLI
    year: int | None = None           # the year a date without one takes (see reference.py)
    year_source: str | None = None    # its evidence: "date line", "title", "web date", "dates in the text", "today"
    year_phrase: str | None = None

    def to_json(self) -> dict:
        return {"number": self.number, "date": _iso(self.date), "meeting_date": _iso(self.meeting_date),
                "title": self.title, "issuer": self.issuer, "signer": self.signer,
                "period_end": _iso(self.period_end)}


# Flags a reviewer should look at: stable machine codes (the review screen shows them as badges) → Vietnamese labels.
FLAG_LABELS = {
    "no_lead": "Chưa xác định được đơn vị chủ trì",
    "deadline_from_period": "Thời hạn lấy theo kỳ của văn bản",
    "no_deadline": "Không tìm thấy thời hạn",
    "doubtful_year": "Năm của thời hạn có thể ghi nhầm",
    "year_assumed": "Văn bản không ghi năm; tạm lấy năm hiện tại",
    "maybe_narrative": "Câu có thể chỉ tường thuật kết quả, không phải nhiệm vụ",
}


@dataclass
class ProposedTask:
    ref: str
    text: str
    lead: list = field(default_factory=list)
    support: list = field(default_factory=list)
    mentions: list = field(default_factory=list)
    lead_ids: list = field(default_factory=list)
    support_ids: list = field(default_factory=list)
    deadline: dt.date | None = None
    deadline_phrase: str | None = None
    deadline_source: str | None = None   # "explicit" | "period" | None
    span: tuple = (0, 0)
    #: why: {"lead": [words that named the lead], "lead_from": "task" | "lead-in" | "clause before" | "table",
    #: "deadline": the phrase, "kỳ của văn bản: …" or "không tìm thấy", "year": the notice's year and its evidence,
    #: "narrative": words that make it read like a report}
    evidence: dict = field(default_factory=dict)
    flags: list = field(default_factory=list)   #: codes of FLAG_LABELS

    @property
    def flag_labels(self) -> list:
        return [FLAG_LABELS.get(f, f) for f in self.flags]

    def to_json(self) -> dict:
        return {"ref": self.ref, "text": self.text, "lead": list(self.lead), "support": list(self.support),
                "mentions": list(self.mentions), "lead_ids": list(self.lead_ids),
                "support_ids": list(self.support_ids), "deadline": _iso(self.deadline),
                "deadline_phrase": self.deadline_phrase, "deadline_source": self.deadline_source,
                "span": [self.span[0], self.span[1]], "evidence": dict(self.evidence), "flags": list(self.flags),
                "flag_labels": self.flag_labels}


@dataclass
class Extraction:
    directive: DirectiveMeta
    tasks: list = field(default_factory=list)

    def to_json(self) -> dict:
        return {"directive": self.directive.to_json(), "tasks": [t.to_json() for t in self.tasks]}
