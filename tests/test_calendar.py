"""Calendar feeds: they parse with icalendar and with vobject, show open deadlines and meetings, keep one UID
per assignment so an extension moves the event, and stop at once when revoked."""
from datetime import date

import icalendar
import vobject

from tracker.extensions import db
from tracker.models import Meeting, Role, TokenKind
from tracker.services import tokens, workflow


def _feed(client, secret):
    response = client.get(f"/calendar/{secret}.ics")
    assert response.status_code == 200 and response.mimetype == "text/calendar"
    return response.data


def _events(data: bytes) -> dict:
    return {str(e["uid"]): e for e in icalendar.Calendar.from_ical(data).walk("VEVENT")}


def test_unit_feed_parses_twice_and_an_extension_moves_the_same_event(make_unit, make_user, make_task, frozen_clock,
                                                                      client):
    frozen_clock(date(2023, 9, 20))
    kimson, yte = make_unit("Xã Kim Sơn"), make_unit("Phòng Y tế")
    unit_user, office = make_user("kimson", Role.UNIT, kimson), make_user("vanphong", Role.OFFICE)
    ours = make_task(kimson, deadline_on=date(2023, 9, 30), text="Rà soát hộ nghèo trên địa bàn xã")
    make_task(yte, deadline_on=date(2023, 9, 28), text="Việc của Phòng Y tế")
    db.session.add(Meeting(held_on=date(2023, 10, 12), kind="Hội nghị Ban Thường vụ Huyện ủy"))
    _, secret = tokens.create_token(unit_user, TokenKind.CALENDAR, "Outlook", kimson.id)
    db.session.commit()

    data = _feed(client, secret)
    events = _events(data)
    uid = f"assignment-{ours.leads[0].id}@127.0.0.1"
    assert set(events) == {uid, next(u for u in events if u.startswith("meeting-"))}
    assert events[uid]["dtstart"].dt == date(2023, 9, 30)
    assert "Rà soát hộ nghèo" in str(events[uid]["summary"])
    calendar = icalendar.Calendar.from_ical(data)
    assert str(calendar["x-wr-timezone"]) == "Asia/Ho_Chi_Minh" and calendar.walk("VTIMEZONE")
    second = vobject.readOne(data.decode("utf-8"))
    assert {e.uid.value for e in second.vevent_list} == set(events)

    extension = workflow.request_extension(ours.leads[0], unit_user, new_deadline_on=date(2023, 10, 20), reason="Mưa")
    workflow.approve_extension(extension, office)
    db.session.commit()
    moved = _events(_feed(client, secret))
    assert moved[uid]["dtstart"].dt == date(2023, 10, 20) and set(moved) == set(events)
    assert int(moved[uid]["sequence"]) > int(events[uid]["sequence"])


def test_personal_feed_follows_what_the_user_sees_and_revoking_stops_it(make_unit, make_user, make_task,
                                                                        frozen_clock, make_client):
    frozen_clock(date(2023, 9, 20))
    kimson, yte = make_unit("Xã Kim Sơn"), make_unit("Phòng Y tế")
    make_user("kimson", Role.UNIT, kimson)
    leader = make_user("lanhdao", Role.LEADER)
    make_task(kimson, deadline_on=date(2023, 9, 30))
    make_task(yte, deadline_on=date(2023, 9, 28))
    c = make_client("lanhdao")
    page = c.post("/account/calendars", {"cal-name": "Điện thoại", "cal-scope": "0"}, page="/account/tokens")
    url = page.get_data(as_text=True).split('id="shown-secret"')[1].split('value="')[1].split('"')[0]
    secret = url.rsplit("/", 1)[1].removesuffix(".ics")
    assert len(_events(_feed(c.http, secret))) == 2  # a leader sees both units' deadlines

    unit_client = make_client("kimson")
    refused = unit_client.post("/account/calendars", {"cal-name": "Lịch Y tế", "cal-scope": str(yte.id)},
                               page="/account/tokens")
    assert refused.status_code == 400  # not a choice for a unit user: its own unit or itself only

    token = next(t for t in tokens.tokens_of(leader) if t.kind == TokenKind.CALENDAR)
    c.post(f"/account/tokens/{token.id}/revoke", page="/account/tokens")
    assert c.http.get(f"/calendar/{secret}.ics").status_code == 404
    assert c.http.get("/calendar/khong-co-ma-nay.ics").status_code == 404
