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

    def to_json(self) -> dict:
        return {"ref": self.ref, "text": self.text, "lead": list(self.lead), "support": list(self.support),
                "mentions": list(self.mentions), "lead_ids": list(self.lead_ids),
                "support_ids": list(self.support_ids), "deadline": _iso(self.deadline),
                "deadline_phrase": self.deadline_phrase, "deadline_source": self.deadline_source,
                "span": [self.span[0], self.span[1]]}


@dataclass
class Extraction:
    directive: DirectiveMeta
    tasks: list = field(default_factory=list)

    def to_json(self) -> dict:
        return {"directive": self.directive.to_json(), "tasks": [t.to_json() for t in self.tasks]}
