"""The corpus figures per failure group of issue #13 (which corpus texts test which habit), for an extractor tree.

    python bench/corpus_groups.py [ROOT]     # ROOT: a checkout whose tracker/ to score (default: this one)

Prints, per group, the pooled figures that group is about (score.py rules, tests/extract/scoring.py), and the
pooled figures of the whole corpus. Scored as on one fixed day, like tests/extract/test_corpus.py.
"""
import sys
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent
ROOT = Path(sys.argv[1]).resolve() if len(sys.argv) > 1 else HERE
sys.path[:0] = [str(ROOT), str(HERE / "tests" / "extract")]

from scoring import load, pooled, score  # noqa: E402
from tracker.extract import extract  # noqa: E402

GROUPS = {
    "1 year of the document": ("deadline", [
        "tin-do-luong-thuong-ky-thang-10-2020", "tin-do-luong-thuong-ky-thang-4-2021", "tin-vo-nhai-giao-ban-quy-1-2019",
        "cv-lai-chau-giai-trinh-2221-2017", "cv-lai-chau-truc-le-2016", "tin-hung-yen-giao-ban-6-thang-2011",
        "tin-thao-dien-so-ket-6-thang-2023", "tin-quang-nam-nhiem-vu-qua-han-2020"]),
    "2 deadline in the next sentence": ("found deadline count", [
        "cv-quang-tri-6202-2023", "tin-cao-bang-1536-cu-tri-2017", "tin-huong-xuan-gop-y-du-thao-2015",
        "cv-lai-chau-giai-trinh-2221-2017", "cv-dat-dai-703-2015"]),
    "3 date forms": ("deadline", [
        "tin-quang-nam-nhiem-vu-qua-han-2020", "cv-quang-tri-6012-nam-sai-2023", "cv-lai-chau-giai-trinh-2221-2017",
        "cv-hai-duong-truc-le-2020", "tin-huong-xuan-gop-y-du-thao-2015"]),
    "4 narrative, headlines, chrome": ("clean found", [
        "tin-vu-thu-hdnd-thang-10-2025", "tin-do-luong-thuong-ky-thang-10-2020", "tin-na-ri-bch-6-thang-2023",
        "tin-phuoc-son-giao-ban-thang-8-2023", "tin-quang-nam-ntm-nang-cao-2022", "tin-cao-bang-ntm-2018",
        "tin-vinh-phuc-ntm-2019", "tin-vi-huong-bch-thang-1-2021", "tin-tong-tran-giao-ban-thang-11-2025",
        "tin-thanh-hoa-bao-so-4-2022", "tin-yen-lac-covid-2021", "qd-long-an-chat-luong-cong-trinh-2014",
        "qd-ninh-thuan-tien-bo-phu-nu-2007", "qd-binh-dinh-cong-tac-xa-hoi-2021", "tin-ha-noi-chong-dich-tag",
        "tin-cao-bang-1536-cu-tri-2017", "tin-giao-ninh-chuan-bi-dai-hoi-2025", "tin-hung-yen-giao-ban-6-thang-2011"]),
    "5 enumerations in prose": ("found lead", [
        "tin-thao-dien-so-ket-6-thang-2023", "tin-hung-yen-giao-ban-6-thang-2011", "tin-cao-son-phien-hop-thang-10-2023",
        "tin-tuy-phong-chuan-bi-dai-hoi-2020", "tin-son-duong-bch-6-thang-2020", "tin-na-ri-bch-6-thang-2023"]),
    "6 generic groups as lead": ("lead", [
        "tin-xa-phu-my-thang-9-2020", "tin-do-luong-thuong-ky-thang-4-2021", "tin-vu-thu-hdnd-thang-10-2025",
        "tin-giao-ninh-chuan-bi-dai-hoi-2025", "tin-ha-noi-chong-dich-tag", "tin-hue-khoi-mat-tran-doan-the",
        "tin-tam-duong-bi-thu-chi-bo-ban-2020", "tin-ba-dinh-chi-bo-moi-2014", "cv-hai-duong-truc-le-2020",
        "tin-thanh-hoa-bao-so-4-2022", "tin-cao-son-phien-hop-thang-10-2023", "tin-tong-tran-giao-ban-thang-11-2025",
        "tin-vo-nhai-giao-ban-quy-1-2019"]),
    "7 named units carried": ("lead mentions", [
        "tin-cao-bang-ntm-2018", "tin-vinh-phuc-ntm-2019", "cv-lai-chau-truc-le-2016", "cv-quang-tri-6012-nam-sai-2023",
        "tin-quang-nam-ntm-nang-cao-2022", "tin-xa-phu-my-thang-9-2020"]),
    "8 period from the meeting's name": ("deadline", [
        "tin-cao-son-phien-hop-thang-10-2023", "tin-luc-ngan-thuong-ky-thang-6-2018",
        "tin-tong-tran-giao-ban-thang-11-2025", "tin-vi-huong-bch-thang-1-2021", "tin-phu-binh-btv-33-2023"]),
}


def main() -> None:
    scores = {name: score(exp, extract(text, today=date(2026, 11, 26)).to_json())
              for name, text, exp in load(HERE / "tests" / "extract" / "corpus")}
    for group, (keys, files) in GROUPS.items():
        got = pooled([scores[f] for f in files])
        print(f"{group:34s}" + " ".join(f"{k} {got[k]:.2f}" for k in keys.split()) + f"  ({len(files)} texts)")
    got = pooled(list(scores.values()))
    print(f"{'whole corpus':34s}" + " ".join(f"{k} {v:.2f}" for k, v in got.items()) + f"  ({len(scores)} texts)")


if __name__ == "__main__":
    main()
