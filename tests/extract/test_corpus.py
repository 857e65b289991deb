"""The corpus of real notices (tests/extract/corpus, see SOURCES.md) scored with the rules of the shared score.py.

The floors are the pooled figures the extractor reached when they were set: a change that loses ground on
real texts fails here; a change that gains should raise them. The two shared samples stay at 1.00.
"""
from datetime import date
from pathlib import Path

import pytest

from tests.extract.scoring import KEYS, load, pooled, score
from tracker.extract import extract

HERE = Path(__file__).parent
TODAY = date(2026, 11, 26)   # the corpus is scored as on one day, so that "today" never moves a figure
FLOOR = {"found": 0.97, "lead": 0.94, "deadline": 0.93, "mentions": 1.0, "clean": 0.99, "count": 0.8}
SHARED = HERE.parent.parent.parent / "shared" / "samples" / "notices"


def _scores(folder: Path):
    out = {}
    for name, text, expected in load(folder):
        out[name] = score(expected, extract(text, today=TODAY).to_json())
    return out


def _report(scores: dict) -> str:
    return "\n".join(f"{name}: {m}" for name, s in scores.items() for m in s["misses"])


def test_corpus_holds_its_floor():
    scores = _scores(HERE / "corpus")
    assert len(scores) >= 40
    got = pooled(list(scores.values()))
    low = {k: round(got[k], 3) for k in FLOOR if got[k] < FLOOR[k]}
    assert not low, f"below the floor: {low}\n{_report(scores)}"


@pytest.mark.skipif(not SHARED.is_dir(), reason="../shared/samples is not beside the repository")
def test_shared_samples_are_perfect():
    scores = _scores(SHARED)
    got = pooled(list(scores.values()))
    assert all(got[k] == 1.0 for k in (*KEYS, "count")), f"{got}\n{_report(scores)}"


def test_every_corpus_text_names_its_source():
    for name, _text, expected in load(HERE / "corpus"):
        assert expected["source"] and expected["date"] and expected["expect"], name
