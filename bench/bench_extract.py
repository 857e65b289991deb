"""Extraction speed: median and p95 milliseconds per notice (target: a 20 KB notice under 20 ms).

    python bench/bench_extract.py [-n 200] [--samples DIR]

Runs `tracker.extract.extract` N times on each sample notice (../shared/samples/notices and
tests/extract/notices) and on a synthesised 20 KB notice, with the demo-sized unit directory.
"""
import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tracker.extract import UnitDirectory, UnitEntry, extract  # noqa: E402

COMMUNES = ["Ngãi Xuyên", "Kim Sơn", "Hàm Tân", "Định An", "Thanh Sơn", "Tân Hiệp", "Long Hiệp", "Phước Hưng",
            "Tập Sơn", "Tân Sơn", "An Quảng Hữu", "Lưu Nghiệp Anh", "Hàm Giang", "Đại An", "Ngọc Biên"]
BOARDS = ["Văn phòng Huyện ủy", "Ban Tổ chức Huyện ủy", "Ban Tuyên giáo Huyện ủy", "Ủy ban Kiểm tra Huyện ủy",
          "Ban Dân vận Huyện ủy"]
OFFICES = ["Phòng Nội vụ", "Phòng Tài chính - Kế hoạch", "Phòng Nông nghiệp và Phát triển nông thôn",
           "Phòng Tài nguyên và Môi trường", "Phòng Giáo dục và Đào tạo", "Phòng Y tế", "Công an huyện"]


def directory() -> UnitDirectory:
    entries, i = [], 1
    for name in BOARDS:
        entries.append(UnitEntry(i, name, None, [], ["các cơ quan tham mưu, giúp việc Huyện ủy"], "party_board"))
        i += 1
    entries.append(UnitEntry(i, "Ủy ban nhân dân huyện", "UBND huyện", [], [], "gov_office"))
    i += 1
    for name in OFFICES:
        entries.append(UnitEntry(i, name, None, [], ["các cơ quan chuyên môn thuộc UBND huyện"], "gov_office"))
        i += 1
    for name in COMMUNES:
        entries.append(UnitEntry(i, f"Xã {name}", None, [f"xã {name}"], ["các xã, thị trấn"], "commune"))
        i += 1
    return UnitDirectory(entries)


ITEM = ("{n}. Giao Ủy ban nhân dân huyện chủ trì, phối hợp với Phòng Tài chính - Kế hoạch, Phòng Nội vụ rà soát, "
        "hoàn thiện hồ sơ, thủ tục đầu tư các công trình trọng điểm trên địa bàn các xã {a}, {b}; chỉ đạo các xã, "
        "thị trấn tăng cường công tác quản lý đất đai, trật tự xây dựng, hoàn thành trước ngày {d}/11/2023.\n"
        "- Ban Tổ chức Huyện ủy tham mưu Ban Thường vụ Huyện ủy kiện toàn tổ chức bộ máy, rà soát quy hoạch cán bộ "
        "nhiệm kỳ 2025 - 2030 theo Hướng dẫn số 16-HD/BTCTW, ngày 15/11/2022 của Ban Tổ chức Trung ương.\n"
        "- Các cơ quan tham mưu, giúp việc Huyện ủy theo dõi, đôn đốc việc thực hiện các kết luận của Thường trực "
        "Huyện ủy; định kỳ báo cáo kết quả trong tháng 12/2023.\n")


def synth_notice(size: int = 20 * 1024) -> str:
    """About `size` bytes of UTF-8."""
    head = ("HUYỆN ỦY TRÀ CÚ\n*\nSố 999-TB/HU\nĐẢNG CỘNG SẢN VIỆT NAM\nTrà Cú, ngày 20 tháng 10 năm 2023\n\n"
            "THÔNG BÁO\nKẾT LUẬN CỦA BAN THƯỜNG VỤ HUYỆN ỦY về chương trình công tác quý IV năm 2023\n\n"
            "Ngày 18/10/2023, Ban Thường vụ Huyện ủy họp nghe báo cáo tình hình thực hiện nhiệm vụ quý III, "
            "triển khai nhiệm vụ quý IV năm 2023. Ban Thường vụ Huyện ủy kết luận như sau:\n\n"
            "1. Trong quý III, các cấp ủy đã tập trung lãnh đạo thực hiện đạt nhiều kết quả; thu ngân sách đạt 81%.\n\n"
            "2. Trong thời gian tới, Ban Thường vụ Huyện ủy yêu cầu các cơ quan, đơn vị, địa phương tập trung "
            "thực hiện tốt các nhiệm vụ sau:\n\n")
    parts, n = [head], 1
    while sum(len(x.encode("utf-8")) for x in parts) < size - 700:
        parts.append(ITEM.format(n=f"2.{n}", a=COMMUNES[n % 15], b=COMMUNES[(n + 3) % 15], d=10 + n % 18))
        n += 1
    parts.append("\nNơi nhận:\n- Lưu Văn phòng Huyện ủy.\nT/L BAN THƯỜNG VỤ\nCHÁNH VĂN PHÒNG\n\nNguyễn Văn An\n")
    return "".join(parts)


def run(name: str, text: str, units: UnitDirectory, n: int) -> None:
    """Wall-clock and CPU milliseconds; on a busy machine the CPU figures are the ones to compare."""
    extract(text, units)  # warm-up
    wall, cpu = [], []
    for _ in range(n):
        t0, c0 = time.perf_counter(), time.process_time()
        result = extract(text, units)
        wall.append((time.perf_counter() - t0) * 1000)
        cpu.append((time.process_time() - c0) * 1000)

    def p95(xs):
        return sorted(xs)[min(len(xs) - 1, int(len(xs) * 0.95))]

    print(f"{name:<46} {len(text.encode('utf-8')) / 1024:5.1f} KB  tasks {len(result.tasks):3d}  "
          f"median {statistics.median(wall):6.2f} ms  p95 {p95(wall):6.2f} ms  "
          f"(cpu median {statistics.median(cpu):6.2f}  p95 {p95(cpu):6.2f})")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("-n", type=int, default=200)
    ap.add_argument("--samples", action="append", default=[str(ROOT.parent / "shared" / "samples" / "notices"),
                                                           str(ROOT / "tests" / "extract" / "notices")])
    opts = ap.parse_args()
    units = directory()
    for folder in opts.samples:
        for path in sorted(Path(folder).glob("*.txt")):
            run(path.name, path.read_text(encoding="utf-8"), units, opts.n)
    run("synthesised 20 KB notice", synth_notice(), units, opts.n)
    run("synthesised 20 KB notice (generic vocabulary)", synth_notice(), UnitDirectory.generic(), opts.n)


if __name__ == "__main__":
    main()
