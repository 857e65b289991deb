"""What needs a person's attention on a proposed task: stable codes, their labels, and the codes of one task."""

#: code → (badge label, Bootstrap colour). The codes are the extractor's; labels are what the clerk reads.
FLAGS = {
    "no_lead": ("Chưa có đơn vị chủ trì", "danger"),
    "no_deadline": ("Không có thời hạn", "secondary"),
    "deadline_from_period": ("Thời hạn theo kỳ của văn bản", "warning"),
    "doubtful_year": ("Năm của thời hạn cần kiểm tra", "warning"),
    "maybe_narrative": ("Có thể không phải nhiệm vụ", "info"),
}


def task_flags(task) -> list[str]:
    """The flag codes of a proposed task: the extractor's own `flags` when it gives them, else derived
    from the proposal (no lead, no deadline, a deadline taken from the notice's period)."""
    given = getattr(task, "flags", None)
    if given is not None:
        return [code for code in given if code in FLAGS]
    codes = []
    if not task.lead_ids:
        codes.append("no_lead")
    if task.deadline is None:
        codes.append("no_deadline")
    elif task.deadline_source == "period":
        codes.append("deadline_from_period")
    return codes


def current_flags(proposed: list[str], has_lead: bool, has_deadline: bool) -> list[str]:
    """A card's flags as the form stands now: the lead and deadline flags follow what the clerk chose,
    the extractor's doubts stay until the card is saved."""
    codes = [c for c in proposed if c not in ("no_lead", "no_deadline")]
    if not has_lead:
        codes.insert(0, "no_lead")
    if not has_deadline:
        codes.append("no_deadline")
        codes = [c for c in codes if c != "deadline_from_period"]
    return codes
