"""Turning an uploaded file into text, with refusals the office can read (in Vietnamese)."""
import io
import re
import unicodedata
import zipfile

from tracker.extract import formats
from tracker.extract.tables import column_kinds

DEFAULT_MAX_BYTES = 5 * 1024 * 1024
# A .docx is a zip: a small upload may unpack to gigabytes (a "zip bomb"), so its unpacked size and its
# paragraph count are capped before and while reading. A long real notice is well under 1 MB of XML.
MAX_DOCX_UNPACKED = 30 * 1024 * 1024
MAX_DOCX_PARAGRAPHS = 20000
MAX_LIST_NUMBER = 100000  # Word list numbering may claim to start anywhere; a label beyond this is shown as is
_TOO_BIG = ("Tệp .docx quá lớn khi giải nén (nội dung vượt quá {limit}); có thể tệp bị hỏng hoặc chứa nội dung "
            "bất thường. Vui lòng dán nội dung văn bản vào ô nhập hoặc lưu lại tệp.")
_TOO_LONG = ("Tệp .docx có quá nhiều đoạn văn (trên {limit} đoạn) để là một văn bản thông báo. Vui lòng kiểm tra "
             "lại tệp hoặc dán phần kết luận vào ô nhập.")
ACCEPTED = (".docx", ".txt", ".pdf", ".doc", ".odt", ".xlsx")
_CTRL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
# letters that only Vietnamese text has, in NFC; a Windows-1258 decode of real text is full of them
_VI_LETTERS = re.compile(r"[ăâđêôơưĂÂĐÊÔƠƯàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ]")


class NoticeInputError(ValueError):
    """An upload we cannot read. `message` is a Vietnamese sentence for the person who uploaded it."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def read_upload(filename: str, data: bytes, max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """Text of an uploaded notice: .docx (paragraphs and tables in document order) or .txt (UTF-8 with or
    without BOM, UTF-16 with BOM, or Windows-1258). Raises NoticeInputError when it cannot."""
    name = (filename or "").strip()
    ext = name[name.rfind("."):].lower() if "." in name else ""
    if ext not in ACCEPTED:
        raise NoticeInputError("Chỉ nhận tệp .docx, .doc, .odt, .pdf, .xlsx (bảng nhiệm vụ) hoặc .txt.")
    if data is None or len(data) == 0:
        raise NoticeInputError("Tệp tải lên rỗng, không có nội dung.")
    if len(data) > max_bytes:
        raise NoticeInputError(f"Tệp quá lớn ({_size(len(data))}); dung lượng tối đa cho phép là {_size(max_bytes)}.")
    readers = {".docx": _read_docx, ".pdf": formats.read_pdf, ".doc": formats.read_doc, ".odt": formats.read_odt,
               ".xlsx": _read_xlsx}
    text = readers.get(ext, _decode_text)(data)
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    if not text.strip():
        raise NoticeInputError("Tệp không có nội dung văn bản.")
    return text


def require_tasks(extraction) -> None:
    """Raise when the extractor found no task, so the web layer can say so instead of showing an empty form."""
    if not getattr(extraction, "tasks", None):
        raise NoticeInputError("Không tìm thấy nhiệm vụ nào trong văn bản. Vui lòng kiểm tra lại nội dung "
                               "(văn bản cần có phần kết luận, yêu cầu hoặc nhiệm vụ) hoặc nhập nhiệm vụ thủ công.")


def _size(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB" if n >= 1024 * 1024 else f"{max(1, n // 1024)} KB"


def _decode_text(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return _strict(data[3:], "utf-8")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _strict(data, "utf-16")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = None
    if text is not None:
        return _plausible(text)
    if len(data) >= 4 and data.count(b"\x00") > len(data) // 4:
        raise NoticeInputError("Không đọc được bảng mã của tệp (có vẻ là UTF-16 nhưng thiếu dấu BOM). "
                               "Vui lòng lưu lại tệp với bảng mã UTF-8.")
    try:
        text = unicodedata.normalize("NFC", data.decode("cp1258"))
    except UnicodeDecodeError:
        raise NoticeInputError(_UNREADABLE) from None
    if not _VI_LETTERS.search(text):
        raise NoticeInputError(_UNREADABLE)
    return _plausible(text)


_UNREADABLE = ("Không đọc được nội dung tệp: bảng mã không phải UTF-8, UTF-16 hay Windows-1258 (TCVN3/VNI chưa được "
               "hỗ trợ). Vui lòng lưu lại tệp với bảng mã UTF-8 (Unicode).")


def _strict(data: bytes, encoding: str) -> str:
    try:
        return _plausible(data.decode(encoding))
    except UnicodeDecodeError:
        raise NoticeInputError(_UNREADABLE) from None


def _plausible(text: str) -> str:
    """Refuse binary files that happen to decode (control characters, no letters)."""
    sample = text[:20000]
    if sample.strip() and (len(_CTRL.findall(sample)) > max(2, len(sample) // 200) or not re.search(r"[^\W\d_]{2}", sample)):
        raise NoticeInputError("Tệp không phải là văn bản đọc được (có vẻ là tệp nhị phân). "
                               "Vui lòng tải lên tệp .docx hoặc .txt.")
    return text


def _read_xlsx(data: bytes) -> str:
    from tracker.extract.xlsx import xlsx_text

    try:
        return xlsx_text(data)
    except ValueError:
        raise NoticeInputError("Tệp .xlsx bị hỏng hoặc không phải là tệp Excel hợp lệ.") from None


def _read_docx(data: bytes) -> str:
    try:
        import docx  # python-docx
        from docx.oxml.ns import qn
    except ImportError:  # pragma: no cover - python-docx is a dependency
        raise NoticeInputError("Máy chủ chưa cài đặt thư viện đọc tệp .docx.") from None
    _check_unpacked_size(data)
    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, Exception):
        raise NoticeInputError("Tệp .docx bị hỏng hoặc không phải là tệp Word hợp lệ.") from None
    body = document.element.body
    if sum(1 for _p in body.iter(qn("w:p"))) > MAX_DOCX_PARAGRAPHS:
        raise NoticeInputError(_TOO_LONG.format(limit=f"{MAX_DOCX_PARAGRAPHS:,}".replace(",", ".")))
    lines: list[str] = []
    try:
        labels = _Numbering(document, qn)
    except Exception:  # a malformed numbering part only costs us the list labels
        labels = None
    _walk(body, lines, qn, labels)
    return "\n".join(lines)


def _check_unpacked_size(data: bytes) -> None:
    """Refuse a .docx whose parts unpack to more than MAX_DOCX_UNPACKED (the sizes the zip declares; zipfile
    never reads past a declared size, so a lying header only yields a broken part)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            total = sum(max(i.file_size, 0) for i in z.infolist())
    except (zipfile.BadZipFile, ValueError, OSError):
        raise NoticeInputError("Tệp .docx bị hỏng hoặc không phải là tệp Word hợp lệ.") from None
    if total > MAX_DOCX_UNPACKED:
        raise NoticeInputError(_TOO_BIG.format(limit=_size(MAX_DOCX_UNPACKED)))


def _walk(element, lines: list, qn, labels) -> None:
    """Paragraphs and tables in document order; each table cell's paragraphs on their own lines."""
    p_tag, tbl_tag, tr_tag, tc_tag, sdt_tag = qn("w:p"), qn("w:tbl"), qn("w:tr"), qn("w:tc"), qn("w:sdt")
    for child in element.iterchildren():
        if child.tag == p_tag:
            text = _para_text(child, qn)
            label = labels.label(child) if labels is not None and text.strip() else ""
            lines.append(f"{label} {text}" if label else text)
        elif child.tag == tbl_tag:
            rows = [[_cell_lines(cell, qn, labels) for cell in row.iterchildren(tc_tag)]
                    for row in child.iterchildren(tr_tag)]
            if rows and column_kinds([" ".join(c) for c in rows[0]]):
                # a task table: one tab-separated line per row, so that each row stays one task
                lines += ["\t".join(" ".join(" ".join(x.split()) for x in c) for c in r) for r in rows]
            else:
                lines += [x for r in rows for c in r for x in c]
        elif child.tag == sdt_tag:
            content = child.find(qn("w:sdtContent"))
            if content is not None:
                _walk(content, lines, qn, labels)


def _cell_lines(cell, qn, labels) -> list:
    out: list[str] = []
    _walk(cell, out, qn, labels)
    return out


_ROMAN = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"),
          (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]


def _roman(n: int) -> str:
    """Roman numeral of n; beyond 3999 (no such list in a notice) the plain number, so a hostile start stays cheap."""
    if not 0 < n < 4000:
        return str(n)
    out = ""
    for value, letters in _ROMAN:
        while n >= value:
            out, n = out + letters, n - value
    return out


def _list_start(value) -> int:
    """A level's w:start, bounded to 0..MAX_LIST_NUMBER (a hostile file may say 10**10)."""
    try:
        return min(max(int(value), 0), MAX_LIST_NUMBER)
    except (TypeError, ValueError):
        return 1


class _Numbering:
    """Word's automatic list labels ("3.1.", "a)", "-"), which are not part of a paragraph's text."""

    def __init__(self, document, qn):
        self.qn = qn
        self.levels: dict = {}    # numId → {ilvl: (format, level text, start)}
        self.counters: dict = {}  # numId → [count per level]
        self.styles: dict = {}    # styleId → (numId, ilvl)
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return
        val = qn("w:val")
        abstract = {}
        for an in root.findall(qn("w:abstractNum")):
            lvls = {}
            for lvl in an.findall(qn("w:lvl")):
                fmt, text, start = (lvl.find(qn(t)) for t in ("w:numFmt", "w:lvlText", "w:start"))
                lvls[int(lvl.get(qn("w:ilvl"), "0"))] = (
                    fmt.get(val) if fmt is not None else "decimal", text.get(val) if text is not None else "",
                    _list_start(start.get(val)) if start is not None else 1)
            abstract[an.get(qn("w:abstractNumId"))] = lvls
        for num in root.findall(qn("w:num")):
            ref = num.find(qn("w:abstractNumId"))
            if ref is not None:
                self.levels[num.get(qn("w:numId"))] = abstract.get(ref.get(val), {})
        for style in document.styles.element.findall(qn("w:style")):
            num = style.find(f"{qn('w:pPr')}/{qn('w:numPr')}")
            if num is not None:
                self.styles[style.get(qn("w:styleId"))] = self._num_pr(num)

    def _num_pr(self, num_pr):
        val = self.qn("w:val")
        num_id, ilvl = num_pr.find(self.qn("w:numId")), num_pr.find(self.qn("w:ilvl"))
        return (num_id.get(val) if num_id is not None else None, int(ilvl.get(val)) if ilvl is not None else 0)

    def label(self, p) -> str:
        ppr = p.find(self.qn("w:pPr"))
        if ppr is None:
            return ""
        num_pr = ppr.find(self.qn("w:numPr"))
        if num_pr is not None:
            num_id, ilvl = self._num_pr(num_pr)
        else:
            style = ppr.find(self.qn("w:pStyle"))
            num_id, ilvl = self.styles.get(style.get(self.qn("w:val")) if style is not None else None, (None, 0))
        levels = self.levels.get(num_id)
        if not levels or ilvl not in levels:
            return ""
        counts = self.counters.setdefault(num_id, [0] * 9)
        counts[ilvl] += 1
        for deeper in range(ilvl + 1, 9):
            counts[deeper] = 0
        fmt, text, _start = levels[ilvl]
        if fmt == "bullet":
            return "-"
        if fmt == "none":
            return ""

        def shown(level: int) -> str:
            lfmt, _t, start = levels.get(level, ("decimal", "", 1))
            n = max(counts[level], 1) + start - 1
            if lfmt in ("lowerLetter", "upperLetter"):
                s = "abcdefghijklmnopqrstuvwxyz"[(n - 1) % 26]
                return s.upper() if lfmt == "upperLetter" else s
            if lfmt in ("lowerRoman", "upperRoman"):
                return _roman(n).lower() if lfmt == "lowerRoman" else _roman(n)
            return str(n)

        return re.sub(r"%([1-9])", lambda m: shown(int(m.group(1)) - 1), text).strip()


def _para_text(p, qn) -> str:
    out = []
    t_tag, tab_tag, br_tag, cr_tag = qn("w:t"), qn("w:tab"), qn("w:br"), qn("w:cr")
    for node in p.iter(t_tag, tab_tag, br_tag, cr_tag):
        if node.tag == t_tag:
            out.append(node.text or "")
        elif node.tag == tab_tag:
            out.append("\t")
        else:
            out.append("\n")
    return "".join(out)
