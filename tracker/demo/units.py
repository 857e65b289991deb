"""The demo committee: a district of the Mekong delta, with the communes named in the sample notice."""
from tracker.models import UnitKind

BOARDS_GROUP = "các cơ quan tham mưu, giúp việc Huyện ủy"
COMMUNES_GROUP = "các xã, thị trấn"
MASS_GROUP = "Mặt trận Tổ quốc và các tổ chức chính trị - xã hội"
OFFICES_GROUP = "các cơ quan chuyên môn thuộc UBND huyện"

COMMITTEE = ("Huyện ủy Trà Cú", "HU", ["Ban Chấp hành Đảng bộ huyện", "Ban Thường vụ Huyện ủy", "Thường trực Huyện ủy"])

# (name, short name, aliases)
PARTY_BOARDS = [
    ("Văn phòng Huyện ủy", "VPHU", []),
    ("Ban Tổ chức Huyện ủy", "BTCHU", []),
    ("Ban Tuyên giáo Huyện ủy", "BTGHU", ["Ban Tuyên giáo"]),
    ("Ủy ban Kiểm tra Huyện ủy", "UBKTHU", ["UBKT Huyện ủy"]),
    ("Ban Dân vận Huyện ủy", "BDVHU", []),
    ("Trung tâm Chính trị huyện", "TTCT", []),
]
GOVERNMENT = ("Ủy ban nhân dân huyện", "UBND huyện", ["UBND huyện Trà Cú", "Ủy ban nhân dân huyện Trà Cú"])
GOV_OFFICES = [
    ("Văn phòng HĐND và UBND huyện", "VP HĐND-UBND", []),
    ("Phòng Nội vụ", "PNV", []),
    ("Phòng Tài chính - Kế hoạch", "PTCKH", ["Phòng Tài chính Kế hoạch"]),
    ("Phòng Nông nghiệp và Phát triển nông thôn", "Phòng NN&PTNT", ["Phòng Nông nghiệp"]),
    ("Phòng Tài nguyên và Môi trường", "Phòng TN&MT", []),
    ("Phòng Kinh tế và Hạ tầng", "Phòng KT&HT", ["Phòng Kinh tế - Hạ tầng"]),
    ("Phòng Giáo dục và Đào tạo", "Phòng GD&ĐT", []),
    ("Phòng Y tế", "PYT", []),
    ("Phòng Văn hóa và Thông tin", "Phòng VH&TT", []),
    ("Phòng Lao động - Thương binh và Xã hội", "Phòng LĐTB&XH", []),
    ("Phòng Tư pháp", "PTP", []),
    ("Phòng Dân tộc", "PDT", []),
    ("Thanh tra huyện", "TTr huyện", []),
    ("Trung tâm Y tế huyện", "TTYT", []),
]
SECURITY = [
    ("Công an huyện", "CAH", []),
    ("Ban Chỉ huy Quân sự huyện", "BCHQS", ["Ban CHQS huyện"]),
]
MASS_ORGS = [
    ("Ủy ban Mặt trận Tổ quốc Việt Nam huyện", "UBMTTQ huyện", ["Mặt trận Tổ quốc huyện", "MTTQ huyện"]),
    ("Huyện đoàn", "HĐ", ["Đoàn Thanh niên huyện"]),
    ("Hội Liên hiệp Phụ nữ huyện", "Hội LHPN", ["Hội Phụ nữ huyện"]),
    ("Hội Nông dân huyện", "HND", []),
    ("Hội Cựu chiến binh huyện", "Hội CCB", []),
    ("Liên đoàn Lao động huyện", "LĐLĐ", []),
]
COMMUNES = [
    "Thị trấn Trà Cú", "Thị trấn Định An", "Xã Ngãi Xuyên", "Xã Kim Sơn", "Xã Hàm Tân", "Xã Định An",
    "Xã Thanh Sơn", "Xã Tân Hiệp", "Xã Long Hiệp", "Xã Phước Hưng", "Xã Tập Sơn", "Xã Tân Sơn",
    "Xã An Quảng Hữu", "Xã Lưu Nghiệp Anh", "Xã Hàm Giang", "Xã Đại An", "Xã Ngọc Biên", "Xã Thanh Sơn Tây",
    "Xã Lưu Nghiệp Anh Tây", "Xã Đôn Châu", "Xã Đôn Xuân",
]


def unit_rows():
    """(name, short, aliases, kind, parent name or None, groups, email) for every demo unit, parents first."""
    name, short, aliases = COMMITTEE
    rows = [(name, short, aliases, UnitKind.COMMITTEE, None, [], "huyenuy@tracu.example.vn")]
    for i, (n, s, a) in enumerate(PARTY_BOARDS):
        rows.append((n, s, a, UnitKind.PARTY_BOARD, name, [BOARDS_GROUP], f"ban{i + 1}@tracu.example.vn"))
    gname, gshort, galiases = GOVERNMENT
    rows.append((gname, gshort, galiases, UnitKind.GOV_OFFICE, name, [], "ubnd@tracu.example.vn"))
    for i, (n, s, a) in enumerate(GOV_OFFICES):
        rows.append((n, s, a, UnitKind.GOV_OFFICE, gname, [OFFICES_GROUP], f"phong{i + 1}@tracu.example.vn"))
    for i, (n, s, a) in enumerate(SECURITY):
        rows.append((n, s, a, UnitKind.GOV_OFFICE, name, [], f"llvt{i + 1}@tracu.example.vn"))
    for i, (n, s, a) in enumerate(MASS_ORGS):
        rows.append((n, s, a, UnitKind.MASS_ORG, name, [MASS_GROUP], f"doanthe{i + 1}@tracu.example.vn"))
    for i, n in enumerate(COMMUNES):
        plain = n.split(" ", 2)[-1] if n.startswith("Thị trấn") else n.split(" ", 1)[1]
        aliases = [f"{'thị trấn' if n.startswith('Thị trấn') else 'xã'} {plain}", f"Đảng ủy {n[0].lower() + n[1:]}"]
        rows.append((n, None, aliases, UnitKind.COMMUNE, name, [COMMUNES_GROUP], f"xa{i + 1}@tracu.example.vn"))
    return rows
