"""Development CLI: python -m tracker.extract PATH [--json] [--today YYYY-MM-DD] [--units units.json]

units.json (optional): a list of {"id", "name", "short_name", "aliases", "groups", "kind"} objects.
"""
import argparse
import json
import sys
from datetime import date
from pathlib import Path

from tracker.extract import NoticeInputError, UnitDirectory, UnitEntry, extract, read_upload


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m tracker.extract", description="Propose the tasks of a notice.")
    ap.add_argument("path")
    ap.add_argument("--json", action="store_true", help="print the JSON the web layer receives")
    ap.add_argument("--today", type=date.fromisoformat, default=None)
    ap.add_argument("--units", help="JSON file with the unit directory")
    opts = ap.parse_args(argv)
    path = Path(opts.path)
    try:
        text = read_upload(path.name, path.read_bytes())
    except NoticeInputError as exc:
        print(exc.message, file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"Không đọc được tệp: {exc}", file=sys.stderr)
        return 2
    directory = UnitDirectory.generic()
    if opts.units:
        rows = json.loads(Path(opts.units).read_text(encoding="utf-8"))
        directory = UnitDirectory([UnitEntry(r.get("id"), r["name"], r.get("short_name"), r.get("aliases") or [],
                                             r.get("groups") or [], r.get("kind") or "other") for r in rows])
    result = extract(text, directory, today=opts.today)
    out = sys.stdout
    if hasattr(out, "reconfigure"):
        out.reconfigure(encoding="utf-8")
    if opts.json:
        json.dump(result.to_json(), out, ensure_ascii=False, indent=1)
        out.write("\n")
        return 0
    meta = result.directive
    for key, val in meta.to_json().items():
        print(f"{key:>13}: {val}")
    if meta.period_phrase:
        print(f"{'period':>13}: {meta.period_phrase}")
    for t in result.tasks:
        print(f"\n[{t.ref}] {t.text[:160]}{'…' if len(t.text) > 160 else ''}")
        print(f"    chủ trì: {', '.join(t.lead) or '—'} | phối hợp: {', '.join(t.support) or '—'}")
        print(f"    hạn: {t.deadline} ({t.deadline_source}: {t.deadline_phrase})")
    print(f"\n{len(result.tasks)} nhiệm vụ")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BrokenPipeError:  # piped into head/less
        sys.exit(0)
