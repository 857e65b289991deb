"""The pipeline: text → paragraphs → directive region → pieces → tasks with units and deadlines."""
import re
from datetime import date

from tracker.extract import metadata
from tracker.extract.classify import (ASSIGN_RE, CUE_RE, HEAD_TITLE, PAST_RE, is_directive, starts_directive,
                                      strip_adverbial)
from tracker.extract.deadlines import PERIOD_RULES, find_deadlines, pick
from tracker.extract.model import DirectiveMeta, Extraction, ProposedTask
from tracker.extract.reference import reference
from tracker.extract.role import ORDER_RE, Role, announces_tasks, read_sentence, sentence_role
from tracker.extract.roles import fallback_lead, listed, roles
from tracker.extract.segment import TIME_NOTE_RE, find_regions, pieces, ranks
from tracker.extract.tables import read_row, rows_to_tabs, table_rows
from tracker.extract.text import Doc, clause_spans, fold, paragraphs, sentence_spans, squash
from tracker.extract.units import UnitDirectory

STRICT_REGIONS = ("news", "body", "inline", "weak")


class _Draft:
    """A task before its deadline is known."""
    __slots__ = ("ref", "text", "lead", "support", "mentions", "span", "deadline", "ctx_deadline", "ongoing",
                 "lead_from", "narrative")

    def __init__(self, ref, text, lead, support, mentions, span, deadline, ctx_deadline, ongoing=False,
                 lead_from="", narrative=None):
        self.ref, self.text, self.lead, self.support = ref, text, lead, support
        self.mentions, self.span, self.deadline, self.ctx_deadline = mentions, span, deadline, ctx_deadline
        self.ongoing = ongoing
        self.lead_from = lead_from    # where the lead's words stand: "task", "lead-in", "sentence before", "table"
        self.narrative = narrative    # the words that make the sentence read like a report, if any


def extract(text: str, directory: UnitDirectory | None = None, today: date | None = None) -> Extraction:
    """Propose the tasks of one notice. Never raises on odd text; returns no tasks when it finds none."""
    directory = directory if directory is not None else UnitDirectory.generic()
    today = today or date.today()
    doc = Doc.of(text if isinstance(text, str) else "")
    tabbed = rows_to_tabs(doc.text)
    if tabbed is not doc.text:
        doc.text, doc.fold = tabbed, fold(tabbed)
    paras = paragraphs(doc)
    meta = DirectiveMeta()
    if not paras:
        return Extraction(meta)
    rk = ranks(paras)
    meta.number = metadata.number(paras)
    meta.date = metadata.issue_date(paras)
    wdate = metadata.web_date(paras)
    meta.title = metadata.title(paras)
    regions = find_regions(paras, rk)
    first_region = regions[0]
    when = reference(paras, doc.text, meta.title, today, first_region.start)
    meta.year, meta.year_source, meta.year_phrase = when.year, when.source, when.phrase
    meta.meeting_date = metadata.meeting_date(paras, first_region.start, when.year)
    meta.date = meta.date or (wdate if wdate and wdate.year == when.year else None)
    ref_date = when.today
    tables = table_rows(paras)
    in_table = {id(paras[i]) for h, _k, rows in tables for i in [h, *rows]}
    region, drafts = first_region, []
    for reg in regions:
        drafts = _drafts(doc, paras, rk, reg, directory, ref_date, in_table, meta.title)
        if drafts:
            region = reg
            break
    if tables:
        drafts = sorted(drafts + _table_drafts(doc, paras, tables, directory, ref_date), key=lambda d: d.span[0])
    meta.issuer = metadata.issuer(paras, meta.title)
    meta.signer = metadata.signer(paras, region.end)
    intro = " ".join(p.text for p in paras[:min(region.start, 5)])
    found = metadata.period([region.head, meta.title, intro], ref_date, doc.text)
    if found:
        meta.period_end, meta.period_phrase = found
    tasks = []
    for d in drafts:
        when = d.deadline or d.ctx_deadline
        if when:
            dl, phrase, source = when[0], when[1], "explicit"
        elif meta.period_end and not d.ongoing:
            dl, phrase, source = meta.period_end, meta.period_phrase, "period"
        else:
            dl = phrase = source = None
        lead_ids = set(_ids(d.lead))
        task = ProposedTask(
            ref=d.ref, text=d.text, lead=_names(d.lead), support=_names(d.support), mentions=d.mentions,
            lead_ids=_ids(d.lead), support_ids=[i for i in _ids(d.support) if i not in lead_ids],
            deadline=dl, deadline_phrase=phrase, deadline_source=source, span=d.span)
        task.evidence, task.flags = evidence_and_flags(d, task, when, meta)
        tasks.append(task)
    return Extraction(meta, tasks)


def evidence_and_flags(d: _Draft, task: ProposedTask, when, meta: DirectiveMeta):
    """Why the task reads as it does, and what the reviewer should check (codes of model.FLAG_LABELS)."""
    lead_words = list(dict.fromkeys(r.raw for r in d.lead))
    evidence = {
        "lead": lead_words, "lead_from": d.lead_from if lead_words else None,
        "deadline": (task.deadline_phrase if task.deadline_source == "explicit" else
                     f"kỳ của văn bản: {task.deadline_phrase}" if task.deadline_source == "period" else "không tìm thấy"),
        "year": f"{meta.year} ({meta.year_source})" if meta.year else None,
        "narrative": d.narrative,
    }
    flags = []
    if not task.lead:
        flags.append("no_lead")
    if task.deadline_source == "period":
        flags.append("deadline_from_period")
    if task.deadline is None:
        flags.append("no_deadline")
    if getattr(when, "doubtful", False):
        flags.append("doubtful_year")
    if meta.year_source == "today":
        flags.append("year_assumed")
    if d.narrative:
        flags.append("maybe_narrative")
    return evidence, flags


def _names(refs):
    return list(dict.fromkeys(r.name for r in refs))


def _ids(refs):
    return list(dict.fromkeys(i for r in refs for i in r.ids))


def _table_drafts(doc, paras, tables, directory, ref_date):
    """One task per row of a task table: lead/support from their columns, the deadline from the time column."""
    out, cache = [], {}
    for t, (_h, kinds, rows) in enumerate(tables):
        for n, i in enumerate(rows, 1):
            p = paras[i]
            row = read_row(p, kinds, directory, cache, ref_date)
            if row is None:
                continue
            (a, b), lead, support, mentions, deadline, ongoing = row
            ref = p.text.split("\t", 1)[0].strip().rstrip(".") if kinds[0] == "ref" else ""
            span = (doc.orig(p.doc_off(a)), doc.orig(p.doc_off(b)))
            out.append(_Draft(f"B{t + 1}.{ref or n}" if len(tables) > 1 else (ref or str(n)), squash(p.text[a:b]),
                              lead, support, mentions, span, deadline, None, ongoing, lead_from="table"))
    return out


def _drafts(doc, paras, rk, region, directory, ref_date, skip=frozenset(), headline=None):
    strict = region.kind in STRICT_REGIONS
    ctx_cache: dict = {}
    unit_cache: dict = {}
    out: list[_Draft] = []
    report_para = None
    # the units the latest sentence addressed, for "các đơn vị trên", "hai đơn vị này" (from the paragraph above the
    # directive part to begin with)
    above = paras[region.start - 1] if region.start > 0 and not region.offset else None
    recent: list = _addressees(directory.find(above.text, above.fold), above.fold) if above else []
    for pc in pieces(paras, rk, region):
        p = pc.para
        text, ftext = p.text[pc.a:pc.b], p.fold[pc.a:pc.b]
        if id(p) in skip or _byline(text):
            continue
        refs = directory.find_in(p.text, p.fold, pc.a, pc.b, unit_cache)
        named_before, recent = recent, _addressees(refs, ftext) or recent
        if out and TIME_NOTE_RE.match(ftext) and len(text) < 160:
            _append(out[-1], doc, p, pc.a, pc.b, text, ref_date)
            continue
        reading = read_sentence(ftext)
        role = reading.role
        if out and role is Role.SETS_DEADLINE and len(text) < 300 and pc.mode == "sentence":
            _append(out[-1], doc, p, pc.a, pc.b, text, ref_date)   # "Yêu cầu gửi báo cáo … trước ngày …"
            continue
        if role in (Role.DECIDES, Role.DESCRIBES) or (headline and squash(text) == headline):
            continue   # a recognition, an adopted text, a caption, who chaired, the headline: never a task
        if pc.mode == "sentence" and (reading.reads_as_report or (report_para == id(p) and not ORDER_RE.search(ftext))):
            # "UBND huyện đã chỉ đạo …. Đẩy mạnh …": the report goes on until an order word or a plan
            report_para = None if announces_tasks(ftext) else id(p)
            continue
        if pc.mode == "sentence":
            if not is_directive(ftext, 0, len(ftext), refs, strict=True):
                continue
            if region.kind == "body" and not (CUE_RE.search(ftext) or ASSIGN_RE.search(ftext) or
                                              _unit_first_order(ftext, refs) or
                                              find_deadlines(text, ref_date, ftext)):
                continue  # no conclusion cue anywhere: only sentences that plainly order something
            parts = _clauses(ftext, refs)
        else:
            if not _item_ok(ftext, refs, strict or p.style is None):
                continue
            parts = _assignments(text, ftext, refs)
        prev_lead = prev_support = prev_best = None
        for k, (a, b) in enumerate(parts):
            prefs = [r for r in refs if a <= r.start and r.end <= b]
            lead, support, _auth = roles(prefs, ftext, body_start=a)
            ctx_deadline = None
            lead_from = "task" if lead else ""
            if not lead and pc.mode == "sentence" and prev_lead:
                lead, support, lead_from = prev_lead, support or prev_support, "clause before"
            ctx_lead, ctx_support, ctx_deadline = _context(pc.contexts, directory, ctx_cache, unit_cache, ref_date)
            if not lead and ctx_lead:
                lead, support, lead_from = ctx_lead, support or ctx_support, "lead-in"
            if named_before and all(r.family in _GROUP_FAMILIES for r in lead) and BACKREF_RE.search(ftext, a, b):
                lead, lead_from = named_before, "units named before"   # "các Đơn vị bố trí …", "hai đơn vị này"
            if not lead and pc.contexts and not ctx_lead:
                # "X đề nghị các sở … tổ chức trực …. Nội dung như sau: 1. … - Bố trí …": the order above the lead-in
                above = _order_above(out, pc.contexts[0], doc)
                if above:
                    lead, support, lead_from = above.lead, support or above.support, "order above"
            if not lead:
                lead = fallback_lead(prefs, ftext, _first_clause_end(ftext, a, b))
                support = [r for r in support if r not in lead]
                lead_from = "task" if lead else ""
            prev_lead, prev_support = lead, support
            lead = lead + [r for r in listed(prefs) if r not in lead]
            support = [r for r in support if r not in lead]
            part_text, part_fold = text[a:b], ftext[a:b]
            if pc.extra and k == len(parts) - 1:
                part_text += " " + " ".join(xp.text[xa:xb] for xp, xa, xb in pc.extra)
                part_fold += " " + " ".join(xp.fold[xa:xb] for xp, xa, xb in pc.extra)
            best = pick(find_deadlines(part_text, ref_date, part_fold))
            if not best and k and lead_from in ("clause before", "") and getattr(prev_best, "rule", "") in PERIOD_RULES:
                best = prev_best   # "đề nghị … tập trung … trong 6 tháng cuối năm 2023; tạo nguồn …; …": its period
            prev_best = best if not k else prev_best
            span = (doc.orig(p.doc_off(pc.a + a)), doc.orig(p.doc_off(pc.a + b)))
            if pc.extra and k == len(parts) - 1:
                xp, xa, xb = pc.extra[-1]
                span = (span[0], doc.orig(xp.doc_off(xb)))
            mentions = list(dict.fromkeys(r.raw for r in prefs))
            out.append(_Draft(pc.ref if len(parts) == 1 else f"{pc.ref}.{k + 1}", squash(part_text), lead, support,
                              _dedupe_fold(mentions), span, best, ctx_deadline, lead_from=lead_from,
                              narrative=(reading.report_words if a <= reading.report_at < b else None)
                              if reading.report_words else None))
    return out


# units named in an earlier sentence, referred back to
BACKREF_RE = re.compile(r"(?<!\w)(?:cac don vi(?: (?:tren|nay|noi tren|co ten tren))?|(?:hai|ba|cac) (?:don vi|co quan) (?:nay|tren|noi tren)|"
                        r"cac (?:xa|phuong|dia phuong|co quan) (?:tren|nay|co ten tren|noi tren))(?!\w)")
_GROUP_FAMILIES = {"sectors", "communes", "offices", "boards", "mass", "party"}


_ISSUER_AFTER = re.compile(r"\s*(?:da\s+|vua\s+)?(?:ban\s+hanh|ky|co\s+(?:cong\s+van|y\s+kien|quyet\s+dinh)|yeu\s+cau|"
                           r"de\s+nghi|giao|chi\s+dao|thong\s+bao|ket\s+luan)(?!\w)")


def _addressees(refs, folded: str):
    """The units a sentence addresses: its listed communes, else its groups, else its named units that do not
    issue the order ("UBND tỉnh ban hành …", "Chủ tịch … yêu cầu")."""
    listed_refs = [r for r in refs if r.listed]
    groups = [r for r in refs if r.family in _GROUP_FAMILIES]
    return listed_refs or groups or [r for r in refs if r.assignable and r.family == "named"
                                     and not _ISSUER_AFTER.match(folded, r.end)]


def _unit_first_order(ftext, refs) -> bool:
    """"Giám đốc Sở … phối hợp … tổ chức triển khai …": the sentence opens with a unit (or its head) that acts."""
    title = HEAD_TITLE.match(ftext)
    pos = title.end() if title else 0
    return any(abs(r.start - pos) <= 1 for r in refs) and starts_directive(ftext, 0, len(ftext), refs)


def _order_above(drafts, context, doc):
    """The nearest task with a lead that ends before a lead-in which names no unit of its own."""
    p, a, _b = context
    start = doc.orig(p.doc_off(a))
    for d in reversed(drafts):
        if d.lead and d.span[1] <= start:
            return d
    return None


def _byline(text) -> bool:
    """"Thu Hà", "Minh Châu": a reporter's name under a news article, never a task."""
    words = text.split()
    return len(words) <= 4 and text[-1] not in ".;:" and all(w[0].isupper() for w in words)


def _append(draft, doc, p, a, b, text, ref_date):
    """A "Thời gian hoàn thành: …" note joins the task above it."""
    draft.text = squash(draft.text + " " + text)
    draft.span = (draft.span[0], doc.orig(p.doc_off(b)))
    best = pick(find_deadlines(text, ref_date, p.fold[a:b]))
    if best:
        draft.deadline = best


def _dedupe_fold(items):
    seen, out = set(), []
    for it in items:
        k = it.lower()
        if k not in seen:
            seen.add(k)
            out.append(it)
    return out


def _item_ok(ftext, refs, strict) -> bool:
    """A list item is a task unless it reports, assesses or only agrees; in strict regions (and for unnumbered
    paragraphs) it must also read as an order."""
    if not ftext:
        return False
    first = ftext[:sentence_spans(ftext)[0][1]]
    assigned = bool(ASSIGN_RE.search(ftext) and refs)
    if not is_directive(ftext, 0, len(ftext), refs, strict=strict) and not assigned:
        return False
    if strict and PAST_RE.search(first) and not assigned:
        return False
    return True


def _clauses(ftext, refs):
    """Semicolon clauses that each open with an order become separate tasks; the others stay with the one before."""
    spans = clause_spans(ftext, 0, len(ftext))
    if len(spans) < 2:
        return [(0, len(ftext))]
    out = [list(spans[0])]
    for a, b in spans[1:]:
        if b - a >= 25 and starts_directive(ftext, a, b, refs) and out[-1][1] - out[-1][0] >= 25 \
                and sentence_role(ftext[a:b]) is not Role.SETS_DEADLINE:
            out.append([a, b])
        else:
            out[-1][1] = b
    if len(out) > 1 and len(out) < len(spans) and not starts_directive(ftext, out[0][0], out[0][1], refs):
        return [(0, len(ftext))]
    return [tuple(x) for x in out]


def _assignments(text, ftext, refs):
    """A list item with sentences that assign work to other units ("… Giao X …. Đề nghị Y …") → one task each."""
    sents = sentence_spans(text)
    if len(sents) < 2 or not refs:
        return [(0, len(text))]
    groups = [[sents[0][0], sents[0][1], None]]
    for a, b in sents:
        prefs = [r for r in refs if a <= r.start and r.end <= b]
        lead, _s, auth = roles(prefs, ftext, body_start=a)
        explicit = {r.name for r in lead if not r.listed and r.start - a < 40}
        opens = bool(explicit) and (ASSIGN_RE.match(strip_adverbial(ftext[a:b])) or
                                    any(r.start - a <= 1 for r in prefs if r.name in explicit))
        if a == sents[0][0]:
            groups[0][2] = explicit or None
            continue
        if opens and groups[-1][2] != explicit:
            groups.append([a, b, explicit])
        else:
            groups[-1][1] = b
    kept = [(g[0], g[1]) for g in groups if is_directive(ftext, g[0], g[1], refs, strict=False)]
    return kept or [(0, len(text))]


def _first_clause_end(ftext, a, b):
    for i in range(a, b):
        if ftext[i] in ".;:":
            return i
    return b


def _context(contexts, directory, cache, unit_cache, ref_date):
    """Lead, support and explicit deadline inherited from the nearest lead-in above that names them."""
    lead = support = deadline = None
    for p, a, b in reversed(contexts):
        key = (id(p), a, b)
        if key not in cache:
            t, f = p.text[a:b], p.fold[a:b]
            refs = directory.find_in(p.text, p.fold, a, b, unit_cache)
            cl, cs, _auth = roles(refs, f)
            best = pick(find_deadlines(t, ref_date, f))
            cache[key] = (cl, cs, best)
        cl, cs, cd = cache[key]
        if lead is None and cl:
            lead, support = cl, cs
        if deadline is None and cd:
            deadline = cd
    return lead or [], support or [], deadline
