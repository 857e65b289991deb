"""Property tests: the deadline parser and the extractor never raise, whatever the text."""
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from tracker.extract import UnitDirectory, UnitEntry, extract, parse_deadline

WORDS = ["trước", "ngày", "tháng", "năm", "quý", "IV", "II", "trong", "đến", "cuối", "hết", "chậm nhất", "hoàn thành",
         "15/10/2023", "31/12", "9/2023", "mười", "hai", "mươi", "lăm", "tuần", "tới", "Tết Nguyên đán", "6",
         "tháng đầu năm", "Giao", "Ủy ban nhân dân huyện", "chủ trì", "phối hợp với", "các xã, thị trấn", "(1)", "(2)",
         "1.", "3.1.", "-", "•", ":", ";", ".", ",", "\n", "\n\n", "yêu cầu", "nhiệm vụ sau:", "Kết luận hội nghị",
         "đồng chí", "Nơi nhận", "xã", "Ngãi Xuyên", "Kim Sơn", "(", ")", "⁽¹⁾", "NHIỆM VỤ, GIẢI PHÁP",
         "Số 12-TB/HU", "Trà Cú, ngày 1 tháng 2 năm 2024", "14 giờ", "Chỉ thị số 27-CT/TU", "đã", "đạt 95%"]

texts = st.one_of(
    st.text(max_size=400),
    st.lists(st.sampled_from(WORDS), max_size=80).map(" ".join),
    st.lists(st.one_of(st.sampled_from(WORDS), st.text(max_size=6)), max_size=60).map("".join),
)
dates = st.dates(min_value=date(1990, 1, 1), max_value=date(2090, 12, 31))

DIRECTORY = UnitDirectory([
    UnitEntry(1, "Ủy ban nhân dân huyện", "UBND huyện", [], [], "gov_office"),
    UnitEntry(2, "Xã Ngãi Xuyên", None, ["xã Ngãi Xuyên"], ["các xã, thị trấn"], "commune"),
    UnitEntry(None, "Xã Kim Sơn", None, [], ["các xã, thị trấn"], "commune"),
])


@settings(max_examples=300, deadline=None)
@given(texts, dates, st.one_of(st.none(), dates))
def test_parse_deadline_never_raises(text, ref, period_end):
    when, phrase, source = parse_deadline(text, ref, period_end)
    assert source in (None, "explicit", "period")
    if source == "explicit":
        assert ref <= when <= ref + timedelta(days=366 * 6) and phrase
    if source == "period":
        assert when == period_end


@settings(max_examples=200, deadline=None)
@given(texts, st.one_of(st.none(), dates))
def test_extract_never_raises(text, today):
    result = extract(text, DIRECTORY, today=today)
    data = result.to_json()
    for task in data["tasks"]:
        a, b = task["span"]
        assert 0 <= a <= b <= len(text)
        assert task["text"].strip()
        assert not set(task["lead_ids"]) & set(task["support_ids"])
        assert task["deadline_source"] in (None, "explicit", "period")


# ---- the fast paths give what the plain forms give (bench/bench_extract.py keeps them fast) ------------------------

@settings(max_examples=500, deadline=None)
@given(st.one_of(st.text(max_size=60), texts, st.text(alphabet=st.characters(max_codepoint=0x2100), max_size=60)))
def test_fold_is_the_fold_table(text):
    from tracker.extract.text import FOLD_TABLE, fold

    assert fold(text) == text.translate(FOLD_TABLE)


@settings(max_examples=300, deadline=None)
@given(texts)
def test_generic_names_by_first_word_match_as_the_whole_vocabulary(text):
    from tracker.extract.text import fold
    from tracker.extract.vocab import GENERIC_BY_HEAD, GENERIC_RE, HEAD_RE

    folded = fold(text)
    for head in HEAD_RE.finditer(folded):
        whole, by_head = GENERIC_RE.match(folded, head.start()), GENERIC_BY_HEAD[head.group()].match(folded, head.start())
        assert (whole and (whole.span(), whole.lastgroup)) == (by_head and (by_head.span(), by_head.lastgroup))
    for m in GENERIC_RE.finditer(folded):   # and every match of the whole vocabulary starts at a head word
        assert HEAD_RE.match(folded, m.start())


@settings(max_examples=300, deadline=None)
@given(texts, dates)
def test_deadlines_tried_at_trigger_words_are_all_the_deadlines(text, ref):
    from tracker.extract import deadlines

    plain = [m.span() for m in deadlines.DEADLINE_RE.finditer(text)]
    assert [m.span() for m in deadlines._deadline_matches(text, None)] == plain
