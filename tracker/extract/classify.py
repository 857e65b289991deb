"""Does a sentence direct work, or does it report, assess or describe? (Folded text.)"""
import re

_ADVERBIAL = re.compile(
    r"^(?:(?:trong\s+thoi\s+gian\s+toi|thoi\s+gian\s+toi|dong\s+thoi|ben\s+canh\s+do|truoc\s+mat|trong\s+do|nhat\s+la|"
    r"ngoai\s+ra|mat\s+khac|vi\s+vay|do\s+do|theo\s+do|cu\s+the|rieng|tiep\s+theo|sap\s+toi|tu\s+nay|de|cung\s+voi|"
    r"ve|doi\s+voi|trong|ket\s+luan|phat\s+bieu|mot\s+la|hai\s+la|ba\s+la|bon\s+la|nam\s+la|thu\s+\w+)"
    r"[^,:;]{0,120}[,:]\s*){1,2}")
VERBS = (
    "tap trung|tiep tuc|tang cuong|day manh|day nhanh|chu dong|khan truong|thuc hien|trien khai|chi dao|lanh dao|"
    "ra soat|hoan thanh|nang cao|nang chat|quan tam|lam tot|phoi hop|xay dung|to chuc|kien toan|cung co|giao|de nghi|"
    "yeu cau|phan dau|som|kip thoi|duy tri|nam chac|nam bat|chuan bi|tham muu|ban hanh|don doc|kiem tra|giai quyet|"
    "bao dam|dam bao|phat huy|chan chinh|xu ly|huong dan|theo doi|uu tien|chu trong|can|phai|nghien cuu|de xuat|"
    "bo tri|sap xep|tuyen truyen|van dong|tong hop|bao cao|thuong xuyen|quyet liet|huy dong|doi moi|ra quan|khac phuc|"
    "phong chong|phong ngua|ngan chan|dau tranh|cham lo|ho tro|xac dinh|hoan thien|hoan chinh|rut kinh nghiem|"
    "danh gia|cap nhat|quan ly|bao ve|bao ton|nghiem tuc|quan triet|tranh thu|tich cuc|mo rong|thuc day|phat trien|"
    "giam sat|doi thoai|lap|dieu chinh|bo sung|phat dong|lam viec|xem xet|phan cong|thanh lap|dieu tra|thong ke|"
    "trinh|khong de|tiep xuc|cu|mo|gan|ket hop|lam|dua|van hanh|khoi cong|nghiem thu|thu hoach|chuyen doi|"
    "giai ngan|thu|kiem soat|xay dung|sap xep|ung pho|khan cap|quyet tam|vuot qua|sau sat|sat sao|tien hanh|"
    "bam sat|bam vao|bam|dinh hoan|tam dung|nhanh chong|luon la")
IMPERATIVE_RE = re.compile(r"^(?:" + VERBS.replace(" ", r"\s+") + r")(?!\w)")
CUE_RE = re.compile(r"(?<!\w)(?:yeu\s+cau|de\s+nghi|kinh\s+mong|giao|can|phai|quan\s+triet|luu\s+y|nhan\s+manh|chi\s+dao|"
                    r"khan\s+truong|tap\s+trung|phan\s+dau|chu\s+dong|tiep\s+tuc|tang\s+cuong|day\s+manh|kip\s+thoi|"
                    r"som|quyet\s+liet|hoan\s+thanh\s+truoc|chu\s+tri)(?!\w)")
RESULT_RE = re.compile(  # reporting, not directing
    r"(?<!\w)(?:da\s+(?!de\s+ra|neu|duoc\s+giao|ban\s+hanh|cam\s+ket|phe\s+duyet|dang\s+ky|xac\s+dinh|giao|de\s+xuat|"
    r"hoan\s+thanh\s+(?:dung|dat))|tang\s+[\d,.]+\s*%|giam\s+[\d,.]+|so\s+(?:voi\s+)?cung\s+ky|nhin\s+chung|"
    r"tuy\s+nhien|van\s+con|con\s+(?:han\s+che|cham|thap|nhieu\s+kho|yeu)|chua\s+(?:dat|duoc|dong\s+deu|kip|cao|nghiem)|"
    r"duoc\s+(?:to\s+chuc|dien\s+ra|thong\s+qua|danh\s+gia))(?!\w)")
PAST_RE = re.compile(r"(?<!\w)(?:da\s+(?!de\s+ra|neu|duoc\s+giao|ban\s+hanh|cam\s+ket|phe\s+duyet|dang\s+ky|xac\s+dinh|"
                     r"giao|de\s+xuat|hoan\s+thanh\s+(?:dung|dat))\w|so\s+(?:voi\s+)?cung\s+ky)")
WEAK_RESULT_RE = re.compile(r"(?<!\w)(?:dat\s+duoc|dat\s+[\d,.]+\s*%|dat\s+ty\s+le)(?!\w)")
NONTASK_START = re.compile(
    r"^(?:thong\s+nhat|ghi\s+nhan|danh\s+gia\s+cao|bieu\s+duong|nhat\s+tri|dong\s+y|co\s+ban\s+thong\s+nhat|"
    r"hoi\s+nghi|tren\s+day|nhin\s+chung|tuy\s+nhien|ben\s+canh\s+nhung|dip\s+nay|tham\s+du|du\s+hoi\s+nghi|"
    r"theo\s+bao\s+cao|bao\s+cao\s+cho\s+biet|tin\s*,|anh\s*:|nguon\s*:|cung\s+tai\s+hoi\s+nghi|tai\s+hoi\s+nghi)")
_TARGET = re.compile(r"(?<!\w)(?:phan\s+dau|bao\s+dam|dam\s+bao|muc\s+tieu|chi\s+tieu)(?!\w)")
ASSIGN_RE = re.compile(r"(?<!\w)(?:giao|de\s+nghi|yeu\s+cau|kinh\s+mong|kinh\s+de\s+nghi)(?:\s+cho)?\s+(?=\S)")


def strip_adverbial(f: str) -> str:
    """The clause without its opening quote and adverbial ("Trong thời gian tới, …", "Đối với …, …")."""
    f = f.lstrip("\"'(-*+ ")
    m = _ADVERBIAL.match(f)
    return f[m.end():] if m else f


def _chain_end(ftext: str, refs, pos: int) -> int | None:
    """End of the unit list that starts at `pos` (± a space), or None."""
    first = next((r for r in refs if pos - 1 <= r.start <= pos + 1), None)
    if not first:
        return None
    end = first.end
    for r in refs:
        if r.start >= end and _GAP.match(ftext[end:r.start]):
            end = r.end
    return end


_GAP = re.compile(r"^\s*(?:,|;)?\s*(?:va\s+|cung\s+|,\s*va\s+)?$")
_MODAL = re.compile(r"^[\s,]*(?:(?:can|phai|co\s+trach\s+nhiem|chiu\s+trach\s+nhiem|tiep\s+tuc)\s+)?")


HEAD_TITLE = re.compile(r"^(?:giam\s+doc|thu\s+truong|chu\s+tich)\s+")


def starts_directive(ftext: str, a: int, b: int, refs=()) -> bool:
    """ftext[a:b] opens with an order: a verb, or a unit list (maybe after its head's title) then a verb."""
    f = ftext[a:b]
    s = strip_adverbial(f)
    if IMPERATIVE_RE.match(s):
        return True
    title = HEAD_TITLE.match(s)
    s = s[title.end():] if title else s
    end = _chain_end(ftext, refs, a + len(f) - len(s))
    if end is None or end >= b:
        return False
    rest = ftext[end:b]
    return bool(IMPERATIVE_RE.match(rest[_MODAL.match(rest).end():]))


_AGREE = re.compile(r"^[\s,]*(?:da\s+|cung\s+)?(?:co\s+ban\s+)?(?:thong\s+nhat|ghi\s+nhan|danh\s+gia\s+cao|bieu\s+duong|"
                    r"nhat\s+tri|dong\s+y|hoan\s+toan\s+thong\s+nhat|danh\s+gia)(?!\w)")


_NEUTRAL = re.compile(r"(?:nhung\s+)?(?:ket\s+qua|thanh\s+tich|thanh\s+qua)\s+(?:da\s+)?dat\s+duoc|da\s+de\s+ra|"
                      r"da\s+duoc\s+(?:giao|phe\s+duyet|ban\s+hanh)")


def is_directive(ftext: str, a: int, b: int, refs=(), strict: bool = True) -> bool:
    f = ftext[a:b]
    if "dat duoc" in f or "da d" in f:
        f = _NEUTRAL.sub(lambda m: " " * len(m.group()), f)
    s = strip_adverbial(f)
    end = _chain_end(ftext, refs, a + len(f) - len(s))
    agrees = end is not None and end < b and _AGREE.match(ftext[end:b])
    if NONTASK_START.match(s) or NONTASK_START.match(f) or agrees:
        return bool(ASSIGN_RE.search(f) and refs)
    order = ASSIGN_RE.search(f) if refs else None
    strong = RESULT_RE.search(f, order.end() if order else 0)   # "Để chấn chỉnh … chưa nghiêm túc …, X yêu cầu …"
    weak = strict and WEAK_RESULT_RE.search(f) and not _TARGET.search(f)
    if starts_directive(ftext, a, b, refs):
        return not ((strong or weak) and not CUE_RE.search(f))
    if not strict:
        return not strong
    return bool(CUE_RE.search(f)) and not strong and not (WEAK_RESULT_RE.search(f) and not _TARGET.search(f))
