"""Generic vocabulary of unit names in Vietnamese party/government documents, as regexes on folded text.

Folded text is lowercase without diacritics (see text.fold). Each pattern is (family, regex); the family
says what a match is: a named unit ("named"), a group of units ("communes", "boards", "mass", …) or
everyone ("all", never a lead). Patterns whose match ends in a level word ("xã", "huyện" …) are extended
with the capitalised place name that follows in the original text ("UBND xã Long Hiệp").
"""
import re
import re._constants as _C
import re._parser as _parser


def _p(s: str) -> str:
    """Spaces in the mini-syntax: ' - ' is an optional dash, ', ' an optional comma, ' ' any whitespace."""
    return s.replace(" - ", r"\s*-?\s*").replace(", ", r"\s*,?\s*").replace(" ", r"\s+")


LVL = "(?:huyen|tinh|xa|thi tran|phuong|thanh pho|thi xa|quan)"
COMM = "(?:huyen uy|tinh uy|thanh uy|thi uy|quan uy|dang uy(?: (?:xa|thi tran|phuong))?)"
CAP = f"(?: (?:{LVL}|cac cap))?"
DEPT = ("(?:noi vu - lao dong|noi vu|tu phap|tai chinh - ke hoach|tai chinh va ke hoach|tai chinh|"
        "kinh te - ha tang|kinh te va ha tang|kinh te|nong nghiep va phat trien nong thon|"
        "nong nghiep va ptnt|nong nghiep|nn\\s*&\\s*ptnt|nn va ptnt|tai nguyen va moi truong|tai nguyen - moi truong|"
        "tn\\s*&\\s*mt|tn va mt|lao dong - thuong binh va xa hoi|ldtb\\s*&\\s*xh|ldtbxh|van hoa va thong tin|"
        "van hoa - thong tin|van hoa, the thao va du lich|van hoa - the thao|van hoa|vh\\s*&\\s*tt|vh-tt|"
        "giao duc va dao tao|giao duc - dao tao|giao duc|gd\\s*&\\s*dt|gd-dt|y te|dan toc|quan ly do thi|"
        "thanh tra|thong tin)")

SO_DEPT = ("noi vu|tu phap|tai chinh|ke hoach va dau tu|nong nghiep va phat trien nong thon|nong nghiep va ptnt|"
           "nong nghiep va moi truong|tai nguyen va moi truong|xay dung|giao thong van tai|cong thuong|y te|"
           "giao duc va dao tao|van hoa, the thao va du lich|van hoa va the thao|van hoa - the thao va du lich|"
           "du lich|lao dong - thuong binh va xa hoi|thong tin va truyen thong|khoa hoc va cong nghe|ngoai vu|"
           "dan toc va ton giao|tai chinh - ke hoach")

PATTERNS = [
    # everyone: mentioned, never assigned
    ("all", "cac co quan, don vi(?:, (?:va )?dia phuong)?|cac don vi, dia phuong|cac dia phuong, (?:co quan, )?don vi"
            "|cac cap, cac nganh|cac nganh, cac cap|ca he thong chinh tri|cac co quan, ban, nganh(?:, doan the)?"
            "|cac cap uy(?: dang)?, chinh quyen(?:, (?:mat tran to quoc|mttq)(?: va|,) cac doan the)?"
            "(?:, (?:cac )?(?:co quan, don vi|dia phuong|don vi))*"),
    ("all", "cac don vi(?! (?:tren|nay|noi tren|co ten tren))"),
    # groups
    ("boards", f"(?:cac )?co quan tham muu, giup viec(?: cho)?(?: {COMM})?|cac ban xay dung dang(?: {COMM})?"
               f"|cac ban dang(?: {COMM})?"),
    ("offices", f"cac (?:co quan chuyen mon|phong, ban chuyen mon|phong chuyen mon)(?: (?:thuoc|cua|truc thuoc))?"
                f"(?: (?:uy ban nhan dan|ubnd) {LVL})?"),
    ("sectors", f"(?:tat ca )?cac (?:phong, ban, nganh|phong, ban|phong, nganh|ban, nganh|so, ban, nganh|so, nganh|nganh chuc nang"
                f"|chuyen mon, don vi|chuyen mon|tieu ban"
                f"|nganh chuyen mon|nganh lien quan|co quan chuc nang|don vi chuc nang|co quan lien quan"
                f"|don vi lien quan|co quan, don vi lien quan|nganh)(?:, doan the)?(?: lien quan)?(?: (?:cua )?{LVL})?"),
    ("communes", "(?:(?:ubnd|uy ban nhan dan|dang uy) )?(?:tat ca )?cac (?:xa, phuong, thi tran|xa, thi tran, phuong"
                 "|xa, thi tran|xa, phuong|xa va thi tran|xa|phuong|thi tran|dia phuong)"
                 "(?: (?:trong|tren dia ban) (?:toan )?(?:huyen|tinh|thanh pho|thi xa))?"),
    # districts and hamlets named as a group ("Chủ tịch UBND các huyện, thị xã, thành phố", "các ấp", "thôn, xóm")
    ("sectors", "(?:(?:ubnd|uy ban nhan dan) )?cac (?:quan, huyen|huyen, thi xa, thanh pho|huyen, thanh pho, thi xa"
                "|huyen, thanh pho|huyen, thi xa|huyen|quan)(?! uy)(?:, (?:so, nganh|so, ban, nganh))?"),
    ("communes", "cac (?:ap|thon|xom|khu pho|to dan pho|khom|khu dan cu)(?:, (?:ap|thon|xom|khu pho|to dan pho|khom))*"
                 "|thon, (?:xom|to dan pho|khu pho)"),
    ("boards", f"cac ban (?:hdnd|hoi dong nhan dan)(?: {LVL})?"),
    ("party", "doi ngu (?:bi thu chi bo(?: (?:thon|ban|ap|khu pho))?|tuyen truyen vien|bao cao vien)"
              "(?:, (?:bao cao vien|tuyen truyen vien|nguoi co uy tin))*|cap uy chi bo(?: \\d+)?"),
    ("mass", f"(?:(?:uy ban )?mat tran to quoc(?: viet nam)?|ubmttq|mttq){CAP}(?: va|,) cac (?:doan the"
             f"(?: chinh tri - xa hoi)?|to chuc chinh tri - xa hoi){CAP}"),
    ("mass", f"cac (?:doan the chinh tri - xa hoi|doan the|to chuc chinh tri - xa hoi|hoi, doan the|to chuc doan the){CAP}"),
    ("party", f"cac cap uy(?: dang)?, (?:to chuc dang|to chuc co so dang)|cac cap uy dang|cac to chuc co so dang"
              f"|cac chi, dang bo(?: co so)?(?: truc thuoc(?: {COMM})?)?"
              f"|cac (?:dang bo|chi bo)(?:, (?:dang bo|chi bo))?(?: co so)?(?: truc thuoc(?: {COMM})?)?"
              f"|cac (?:huyen uy|thi uy|thanh uy|dang uy)(?:, (?:va )?(?:huyen uy|thi uy|thanh uy|dang uy))*"
              f"(?: (?:co so|truc thuoc(?: (?:tinh uy|huyen uy|thanh uy|thi uy))?))?"
              f"|cac cap uy|cac to chuc dang"),
    # named units
    ("named", f"(?:thuong truc|ban thuong vu|ban chap hanh(?: dang bo)?|btv|bch) (?:{COMM}|dang bo {LVL})"),
    ("named", f"(?:van phong|ban to chuc|ban tuyen giao va dan van|ban tuyen giao|ban dan van|ban noi chinh"
              f"|ban kinh te|ban bao ve, cham soc suc khoe can bo|uy ban kiem tra|ubkt) {COMM}"),
    ("named", "ban to chuc|ban tuyen giao va dan van|ban tuyen giao|ban dan van|ban noi chinh|uy ban kiem tra|ubkt"),
    ("named", f"(?:van phong )?(?:hdnd va ubnd|hdnd - ubnd|hoi dong nhan dan va uy ban nhan dan) {LVL}"),
    ("named", f"(?:thuong truc )?(?:uy ban nhan dan|ubnd|hoi dong nhan dan|hdnd)(?: {LVL})?"),
    ("named", f"(?:ban thuong truc |thuong truc )?(?:uy ban )?mat tran to quoc(?: viet nam)?{CAP}"
              f"|ubmttq(?:\\s*vn)?(?: {LVL})?|mttq(?:\\s*vn)?{CAP}|ban cong tac mat tran"),
    ("named", f"huyen doan|tinh doan|thanh doan|thi doan|doan thanh nien(?: cong san ho chi minh)?{CAP}"
              f"|doan tncs ho chi minh(?: {LVL})?|hoi (?:lien hiep phu nu|lhpn|phu nu|nong dan|cuu chien binh|ccb"
              f"|chu thap do|nguoi cao tuoi|khuyen hoc|cuu giao chuc|cuu thanh nien xung phong|luat gia|dong y"
              f"|nan nhan chat doc da cam|doanh nhan tre|lien hiep thanh nien)(?: viet nam)?{CAP}"
              f"|lien doan lao dong{CAP}|ldld(?: {LVL})?"),
    ("named", f"bch (?:quan su|bo doi bien phong)(?: {LVL})?|nganh cong an|cong an {LVL}|ban chi huy quan su(?: {LVL})?|ban chqs(?: {LVL})?|bchqs(?: {LVL})?"
              f"|(?:vien kiem sat|toa an) nhan dan(?: {LVL})?|vksnd(?: {LVL})?|tand(?: {LVL})?"
              f"|chi cuc thi hanh an dan su(?: {LVL})?|chi cuc thue(?: khu vuc)?(?: {LVL})?"
              f"|kho bac nha nuoc(?: {LVL})?|(?:phong giao dich )?ngan hang chinh sach xa hoi(?: {LVL})?"
              f"|bao hiem xa hoi {LVL}|thanh tra {LVL}|ban chi dao \\d+(?: {LVL})?"
              f"|ban quan ly du an(?: dau tu xay dung)?(?: {LVL})?|ban giam sat dau tu cong dong"
              f"|ban thanh tra nhan dan"),
    ("named", f"phong {DEPT}(?: {LVL})?"),
    ("named", f"trung tam (?:y te|chinh tri|van hoa, the thao va truyen thanh|van hoa - the thao va truyen thanh"
              f"|van hoa - the thao|van hoa, thong tin va the thao|van hoa|dich vu nong nghiep|phat trien quy dat"
              f"|giao duc nghe nghiep - giao duc thuong xuyen|giao duc nghe nghiep|truyen thong - van hoa"
              f"|truyen thong|quan ly dat dai|hanh chinh cong|phuc vu hanh chinh cong)(?: {LVL})?"),
    ("named", f"dang uy (?:ubnd|uy ban nhan dan|hdnd|hoi dong nhan dan|cac co quan dang|ubmttq"
              f"|(?:uy ban )?mat tran to quoc(?: viet nam)?)(?: {LVL})?"),
    ("named", f"van phong (?:uy ban nhan dan|ubnd|doan dbqh va hdnd|doan dai bieu quoc hoi va hdnd) {LVL}"),
    ("named", "ban dieu hanh (?:khu pho|ap|thon|to dan pho|khom|ban|khu dan cu)"
              "|chi hoi (?:phu nu|nong dan|cuu chien binh|nguoi cao tuoi|khuyen hoc|chu thap do)"
              "|chi doan(?: thanh nien)?|(?:ban cong tac )?mat tran (?:khu pho|ap|thon|khu dan cu)"),
    ("named", f"dang uy (?:quan su|cong an|bien phong|khoi (?:co quan|doanh nghiep|cac co quan))(?: {LVL})?"
              f"|dang doan (?:hdnd|hoi dong nhan dan|mttq|(?:uy ban )?mat tran to quoc(?: viet nam)?)(?: {LVL})?"
              f"|ban can su dang (?:ubnd|uy ban nhan dan)(?: {LVL})?"),
    ("named", rf"(?<!co\s)(?<!ho\s)so (?:{SO_DEPT})"),
    ("named", f"{COMM}"),
    # heads that need a capitalised name after them ("Trung tâm Dịch vụ …", "Sở Nội vụ", "xã Long Hiệp")
    ("capname", r"(?<!co\s)(?:trung tam|phong|so|chi cuc|ban quan ly|ban chi dao|ban chi huy)"),
    ("place", "xa|thi tran|phuong"),
]

def _alternation(indices) -> re.Pattern:
    return re.compile(r"(?<!\w)(?:" + "|".join(f"(?P<g{i}>{_p(PATTERNS[i][1])})" for i in indices) + r")(?!\w)")


GENERIC_RE = _alternation(range(len(PATTERNS)))
FAMILY = {f"g{i}": fam for i, (fam, _) in enumerate(PATTERNS)}


def _first_words(items, words):
    """The words a regex (parsed by re._parser) can start with: `words` is a set of (prefix, complete) pairs.
    None when the regex uses a construct this does not follow (then the pattern is tried at every head)."""
    for op, av in items:
        open_ = {(w, False) for w, done in words if not done}
        if not open_:
            break
        kept = {x for x in words if x[1]}
        if op is _C.LITERAL:
            c = chr(av)
            words = kept | ({(w + c, False) for w, _ in open_} if c.isalnum() else {(w, True) for w, _ in open_})
        elif op in (_C.ASSERT_NOT, _C.ASSERT, _C.AT):
            continue
        elif op in (_C.SUBPATTERN, _C.BRANCH) or (op is _C.MAX_REPEAT and av[:2] == (0, 1)):
            subs = [av[-1]] if op is _C.SUBPATTERN else av[1] if op is _C.BRANCH else [av[2]]
            found = [_first_words(list(sub), open_) for sub in subs]
            if any(f is None for f in found):
                return None
            words = kept.union(*found) | (open_ if op is _C.MAX_REPEAT else set())
        elif op in (_C.IN, _C.MAX_REPEAT, _C.CATEGORY):   # whitespace, a class: the first word ends
            words = kept | {(w, True) for w, _ in open_}
        else:
            return None
    return words


def _by_first_word():
    """{first word: GENERIC_RE restricted to the patterns that can start with it, in the same order}: one regex tried
    per head word instead of all ~30 alternatives (the same first match, since the others cannot match there)."""
    firsts = []
    for _fam, rx in PATTERNS:
        found = _first_words(list(_parser.parse(_p(rx))), {("", False)})
        firsts.append(None if found is None else {w for w, _ in found})
    heads = set().union(*(f for f in firsts if f))
    return {w: _alternation([i for i, f in enumerate(firsts) if f is None or w in f]) for w in heads}


GENERIC_BY_HEAD = _by_first_word()
# first words of the patterns above: the matcher only tries them where a word is one of these
HEADS = frozenset(GENERIC_BY_HEAD)
HEAD_RE = re.compile(r"(?<!\w)(?:" + "|".join(sorted(HEADS, key=len, reverse=True)) + r")(?!\w)")
ENDS_WITH_LEVEL = re.compile(r"(?:^|\s)(?:xa|thi tran|phuong|huyen|tinh|thanh pho|thi xa|quan|dang uy)$")

# person titles: "Bí thư Huyện ủy" is a person, not the unit
TITLE_BEFORE = re.compile(r"(?:^|[^\w])(?:bi thu|chu tich|truong|giam doc|uy vien|chanh|tham muu truong|"
                          r"chinh tri vien|ong|ba|dong chi)\s*(?:thuong truc\s*)?$")

# automatic variants for directory names: long form ↔ abbreviation
VARIANTS = [
    ("uy ban nhan dan", "ubnd"), ("hoi dong nhan dan", "hdnd"), ("uy ban mat tran to quoc viet nam", "ubmttq"),
    ("uy ban mat tran to quoc", "ubmttq"), ("mat tran to quoc viet nam", "mttq"), ("mat tran to quoc", "mttq"),
    ("nong nghiep va phat trien nong thon", "nn va ptnt"), ("nong nghiep va phat trien nong thon", "nong nghiep va ptnt"),
    ("tai nguyen va moi truong", "tn va mt"), ("lao dong thuong binh va xa hoi", "ldtb va xh"),
    ("giao duc va dao tao", "gd va dt"), ("van hoa va thong tin", "vh va tt"), ("ban chi huy quan su", "ban chqs"),
    ("hoi lien hiep phu nu", "hoi lhpn"), ("hoi lien hiep phu nu", "hoi phu nu"), ("hoi cuu chien binh", "hoi ccb"),
    ("lien doan lao dong", "ldld"), ("uy ban kiem tra", "ubkt"), ("thanh pho", "tp"), ("thi tran", "tt"),
    (" viet nam", ""),
]
