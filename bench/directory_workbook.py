#!/usr/bin/env python3
"""A province's directory as one workbook: 2,000 units (province bodies, districts' offices, communes) and
4,000 accounts, in the import template's columns.

    python bench/directory_workbook.py /tmp/wt16/province-directory.xlsx --units 2000 --users 4000
    export TRACKER_DATABASE_URL=sqlite:////tmp/wt16/directory.db   # or postgresql+psycopg://…/bench16
    flask --app tracker db upgrade heads
    time flask --app tracker tracker import-units /tmp/wt16/province-directory.xlsx
    time flask --app tracker tracker import-users /tmp/wt16/province-directory.xlsx > /tmp/wt16/passwords.txt

Importing the same file again reports every row unchanged.
"""
import argparse

import openpyxl

KINDS = ("Cơ quan tham mưu, giúp việc", "Cơ quan chính quyền", "Mặt trận, đoàn thể", "Xã, thị trấn")
ROLES = ("Đơn vị", "Đơn vị", "Đơn vị", "Văn phòng", "Lãnh đạo")


def build(path: str, units: int, users: int) -> None:
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("Đơn vị")
    sheet.append(["Tên đơn vị", "Tên viết tắt", "Loại", "Đơn vị cấp trên", "Tên gọi khác", "Nhóm", "Email"])
    sheet.append(["Tỉnh ủy Bến Tre", "TU", "Cấp ủy", "", "", "", "tinhuy@example.vn"])
    names = ["Tỉnh ủy Bến Tre"]
    areas = max(units // 100, 1)
    for a in range(areas):
        area = f"Khu vực {a + 1}"
        names.append(f"Ban điều phối {area}")
        sheet.append([names[-1], f"BĐP {a + 1}", KINDS[0], "Tỉnh ủy Bến Tre", "", "", ""])
    n = len(names)
    while n < units:
        area = (n % areas) + 1
        kind = KINDS[n % len(KINDS)]
        name = f"{'Xã' if kind == KINDS[3] else 'Cơ quan'} số {n} khu vực {area}"
        sheet.append([name, f"Đơn vị {n}", kind, f"Ban điều phối Khu vực {area}", f"ĐV {n}; Đơn vị số {n}",
                      "các xã, phường" if kind == KINDS[3] else "", f"dv{n}@example.vn"])
        names.append(name)
        n += 1
    people = book.create_sheet("Tài khoản")
    people.append(["Tên đăng nhập", "Họ và tên", "Vai trò", "Đơn vị", "Email"])
    for i in range(users):
        role = ROLES[i % len(ROLES)]
        unit = names[1 + i % (len(names) - 1)] if role == "Đơn vị" else ""
        people.append([f"nguoidung{i:05d}", f"Nguyễn Văn {i}", role, unit, f"nd{i}@example.vn"])
    book.save(path)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path")
    parser.add_argument("--units", type=int, default=2000)
    parser.add_argument("--users", type=int, default=4000)
    args = parser.parse_args()
    build(args.path, args.units, args.users)
