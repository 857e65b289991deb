"""The scoring rules of ../shared/samples/score.py, vendored so that CI scores the corpus in-process.

Keep in step with score.py: a phrase is found when it sits inside one task's text (compared without
diacritics, case or extra spaces); lead/deadline/mentions are judged on the first task holding it; a reject
phrase is clean when no task holds it. `pooled` adds up several files like score.py's "overall" line.
"""
import json
import unicodedata
from pathlib import Path

KEYS = ("found", "lead", "deadline", "mentions", "clean")


def norm(text):
    text = unicodedata.normalize("NFD", text or "")
    text = "".join(c for c in text if unicodedata.category(c) != "Mn")
    text = text.replace("đ", "d").replace("Đ", "D").lower()
    return " ".join(text.split())


def score(expected: dict, result: dict) -> dict:
    """{key: (ok, of)} for one file, plus "count" (bool) and "misses" (what a person should look at)."""
    tasks = result.get("tasks", [])
    texts = [norm(t.get("text")) for t in tasks]
    units = [norm(" | ".join((t.get("lead") or []) + (t.get("support") or []) + (t.get("mentions") or [])))
             for t in tasks]
    raw = {k: [0, 0] for k in KEYS}
    misses = []
    for exp in expected["expect"]:
        raw["found"][1] += 1
        hits = [i for i, t in enumerate(texts) if norm(exp["phrase"]) in t]
        if not hits:
            misses.append(f"missing: {exp['phrase']}")
            continue
        raw["found"][0] += 1
        i = hits[0]
        if "lead_any" in exp:
            raw["lead"][1] += 1
            if any(norm(u) in units[i] for u in exp["lead_any"]):
                raw["lead"][0] += 1
            else:
                misses.append(f"lead: {exp['phrase']} -> {tasks[i].get('lead')}")
        if "deadline" in exp:
            raw["deadline"][1] += 1
            if tasks[i].get("deadline") in exp["deadline"]:
                raw["deadline"][0] += 1
            else:
                misses.append(f"deadline: {exp['phrase']} -> {tasks[i].get('deadline')} (want {exp['deadline']})")
        for name in exp.get("mentions_all", []):
            raw["mentions"][1] += 1
            if norm(name) in units[i]:
                raw["mentions"][0] += 1
            else:
                misses.append(f"mention: {name} not in task '{exp['phrase']}'")
    for r in expected.get("reject", []):
        raw["clean"][1] += 1
        if any(norm(r) in t for t in texts):
            misses.append(f"not a task but extracted: {r}")
        else:
            raw["clean"][0] += 1
    return {**{k: tuple(v) for k, v in raw.items()},
            "count": expected["tasks_min"] <= len(tasks) <= expected["tasks_max"], "misses": misses}


def pooled(scores: list) -> dict:
    """Shares over all files pooled (score.py's "overall" line); count is the share of files within bounds."""
    out = {}
    for k in KEYS:
        ok, of = sum(s[k][0] for s in scores), sum(s[k][1] for s in scores)
        out[k] = ok / of if of else 1.0
    out["count"] = sum(s["count"] for s in scores) / len(scores) if scores else 1.0
    return out


def load(folder: Path) -> list:
    """(name, text, expected) for every NAME.expected.json beside its NAME.txt in `folder`."""
    out = []
    for exp_path in sorted(folder.glob("*.expected.json")):
        text = exp_path.with_name(exp_path.name.replace(".expected.json", ".txt")).read_text(encoding="utf-8")
        out.append((exp_path.name.replace(".expected.json", ""), text, json.loads(exp_path.read_text(encoding="utf-8"))))
    return out
