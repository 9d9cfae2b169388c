"""생활불편 신고 API: filing with photos and a place, privacy, the officer life cycle with
notices, deadlines and extensions, reopening, "me too", idempotent and parallel submits."""
from __future__ import annotations

import io
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

from PIL import Image
from sqlalchemy import func, select

from myg_app.server.db import utcnow
from myg_app.server.reports.models import Report, ReportPhoto

from .conftest import assert_problem
from .reports_helpers import JUNGMA, file_report, jpeg_with_gps, make_user, notices, png, upload


def test_meta_lists_the_seven_categories_and_where_parking_goes(api):
    meta = api.client.get("/api/v1/reports/meta").json()
    assert [c["name"] for c in meta["categories"]] == [
        "대중교통", "공중화장실", "도로·시설물", "불법광고물", "소음·악취", "수도관 파열", "기타"]
    redirects = {r["title"]: r["url"] for r in meta["redirects"]}
    assert redirects["불법 주정차"] == "https://www.safetyreport.go.kr"
    assert "가로등·보안등 고장" in redirects
    assert len(meta["areas"]) == 12 and meta["max_photos"] == 5


def test_photo_public_copy_has_no_location_and_original_is_officers_only(api):
    citizen = make_user(api)
    r = upload(api, citizen["headers"], jpeg_with_gps())
    assert r.status_code == 201, r.text
    photo = r.json()
    assert (photo["width"], photo["height"]) == (600, 800)  # turned upright from EXIF
    # Before a report claims it, nobody can fetch it by URL.
    assert api.client.get(photo["url"]).status_code == 404
    rep = file_report(api, citizen["headers"], photos=[photo["token"]])
    assert rep.status_code == 201, rep.text
    assert rep.json()["photos"][0]["token"] == photo["token"]

    public = api.client.get(photo["url"])
    assert public.status_code == 200 and public.headers["content-type"] == "image/jpeg"
    img = Image.open(io.BytesIO(public.content))
    assert dict(img.getexif()) == {}  # no GPS, no camera, nothing
    thumb = Image.open(io.BytesIO(api.client.get(photo["thumb_url"]).content))
    assert max(thumb.size) <= 320

    original = f"/api/v1/officer/reports/photos/{photo['token']}/original"
    assert_problem(api.client.get(original, headers=citizen["headers"]), 403, "auth.forbidden")
    desk = make_user(api, "officer", "민원봉사과")
    assert_problem(api.client.get(original, headers=desk["headers"]), 403,
                   "report.other_department")
    roads = make_user(api, "officer", "도로과")
    orig = api.client.get(original, headers=roads["headers"])
    assert orig.status_code == 200
    assert Image.open(io.BytesIO(orig.content)).getexif().get_ifd(0x8825)  # GPS kept for officers


def test_bad_files_get_clear_messages_and_the_report_still_goes_through(api):
    citizen = make_user(api)
    fake = upload(api, citizen["headers"], b"%PDF-1.4 not a photo at all", "pothole.jpg")
    body = assert_problem(fake, 415, "photo.type")
    assert "pothole.jpg" in body["detail"] and "JPG, PNG, WEBP" in body["detail"]
    truncated = upload(api, citizen["headers"], jpeg_with_gps()[:400], "cut.jpg")
    assert_problem(truncated, 415, "photo.type")
    huge = upload(api, citizen["headers"], b"\xff\xd8" + b"0" * (10 * 1024 * 1024 + 1))
    assert "10MB" in assert_problem(huge, 413, "photo.too_large")["detail"]
    not_b64 = api.client.post("/api/v1/reports/photos", headers=citizen["headers"],
                              json={"filename": "x.jpg", "content_base64": "@@@"})
    assert_problem(not_b64, 422, "photo.encoding")
    good = upload(api, citizen["headers"], png(), "ok.png")
    assert good.status_code == 201
    rep = file_report(api, citizen["headers"], photos=[good.json()["token"]])
    assert rep.status_code == 201 and len(rep.json()["photos"]) == 1


def test_someone_elses_or_reused_photo_is_refused(api):
    a, b = make_user(api), make_user(api)
    token = upload(api, a["headers"], png()).json()["token"]
    assert_problem(file_report(api, b["headers"], photos=[token]), 422, "report.photo_unknown")
    assert file_report(api, a["headers"], photos=[token]).status_code == 201
    assert_problem(file_report(api, a["headers"], photos=[token]), 422, "report.photo_unknown")
    six = file_report(api, a["headers"], photos=[str(uuid.uuid4()) for _ in range(6)])
    assert_problem(six, 422, "validation_error")


def test_place_is_required_and_must_be_in_gwangyang(api):
    citizen = make_user(api)
    none = file_report(api, citizen["headers"], lat=None, long=None)
    assert "위치를 정해 주세요" in assert_problem(none, 422, "validation_error")["detail"]
    seoul = file_report(api, citizen["headers"], lat=37.5665, long=126.9780)
    assert "광양시 안의 위치" in assert_problem(seoul, 422, "validation_error")["detail"]
    half = file_report(api, citizen["headers"], lat=34.94, long=None)
    assert_problem(half, 422, "validation_error")
    typed = file_report(api, citizen["headers"], lat=None, long=None,
                        address="광양시 중마동 1234 앞", area="중마동")
    assert typed.status_code == 201 and typed.json()["address"] == "광양시 중마동 1234 앞"
    short = file_report(api, citizen["headers"], description="  불편 ")
    assert "5자 이상" in assert_problem(short, 422, "validation_error")["detail"]
    bad_attr = file_report(api, citizen["headers"], attributes={"kind": "우주선"})
    assert_problem(bad_attr, 422, "report.attribute_value")
    named = file_report(api, citizen["headers"], attributes={"kind": "보도블록"})
    assert named.json()["attributes"] == {"kind": "v2"}


def test_filing_routes_to_the_department_and_tells_the_reporter(api):
    citizen = make_user(api)
    rep = file_report(api, citizen["headers"], category="water").json()
    assert rep["status"] == "received" and rep["department"] == "도로과"
    assert rep["due_at"] > rep["created_at"] and not rep["overdue"]
    assert notices(api, citizen["headers"])[0]["link"] == f"/f/report/r/{rep['id']}"
    toilet = file_report(api, citizen["headers"], category="toilet").json()
    assert toilet["department"] == "민원봉사과"
    mine = api.client.get("/api/v1/reports/mine", headers=citizen["headers"]).json()
    assert [i["id"] for i in mine["items"]] == [toilet["id"], rep["id"]]


def test_retried_submit_with_one_key_files_one_report(api):
    citizen = make_user(api)
    key = str(uuid.uuid4())
    first = file_report(api, citizen["headers"], key=key)
    again = file_report(api, citizen["headers"], key=key)
    assert first.status_code == again.status_code == 201
    assert again.headers.get("Idempotent-Replayed") == "true"
    assert again.json()["id"] == first.json()["id"]
    changed = file_report(api, citizen["headers"], key=key, description="내용을 바꿨습니다 다시")
    assert_problem(changed, 422, "idempotency.mismatch")
    with api.client.app.state.sessionmaker() as s:
        assert s.scalar(select(func.count()).select_from(Report)) == 1


def test_parallel_retries_from_an_outbox_file_one_report(api):
    citizen = make_user(api)
    key = str(uuid.uuid4())
    with ThreadPoolExecutor(5) as pool:
        answers = list(pool.map(lambda _: file_report(api, citizen["headers"], key=key), range(5)))
    assert {r.status_code for r in answers} == {201}
    assert len({r.json()["id"] for r in answers}) == 1
    with api.client.app.state.sessionmaker() as s:
        assert s.scalar(select(func.count()).select_from(Report)) == 1


def test_anonymous_towards_the_public_but_officers_see_who(api):
    citizen = make_user(api, name="김광양")
    other = make_user(api)
    rep = file_report(api, citizen["headers"], anonymous=True).json()
    public = api.client.get(f"/api/v1/reports/{rep['id']}", headers=other["headers"]).json()
    assert public["reporter"] == "익명" and not public["mine"]
    named = file_report(api, citizen["headers"]).json()
    assert api.client.get(f"/api/v1/reports/{named['id']}",
                          headers=other["headers"]).json()["reporter"] == "김*양"
    roads = make_user(api, "officer", "도로과")
    seen = api.client.get(f"/api/v1/officer/reports/{rep['id']}", headers=roads["headers"]).json()
    assert seen["reporter_masked"] == "김*양" and seen["reporter_email_masked"].endswith(
        "@example.com") and "***" in seen["reporter_email_masked"]


def test_officer_life_cycle_with_notes_notices_and_reopen(api):
    citizen = make_user(api)
    roads = make_user(api, "officer", "도로과")
    desk = make_user(api, "officer", "민원봉사과")
    rep = file_report(api, citizen["headers"]).json()
    url = f"/api/v1/officer/reports/{rep['id']}"

    other_dept = api.client.post(url + "/status", headers=desk["headers"],
                                 json={"status": "in_progress", "note": "확인 중입니다"})
    assert_problem(other_dept, 403, "report.other_department")
    no_note = api.client.post(url + "/status", headers=roads["headers"],
                              json={"status": "in_progress", "note": " "})
    assert_problem(no_note, 422, "validation_error")

    r = api.client.post(url + "/status", headers=roads["headers"],
                        json={"status": "in_progress", "note": "내일 현장에 나갑니다."})
    assert r.status_code == 200 and r.json()["assignee_id"] == roads["id"]
    assert "done" in r.json()["allowed_next"]
    done = api.client.post(url + "/status", headers=roads["headers"],
                           json={"status": "done", "note": "아스콘으로 메웠습니다."}).json()
    assert done["status"] == "done" and done["resolved_at"]
    back = api.client.post(url + "/status", headers=roads["headers"],
                           json={"status": "in_progress", "note": "다시 봅니다"})
    assert_problem(back, 409, "report.bad_transition")

    mine = api.client.get(f"/api/v1/reports/{rep['id']}", headers=citizen["headers"]).json()
    assert [e["note"] for e in mine["events"] if e["by"] == "담당자"] == [
        "내일 현장에 나갑니다.", "아스콘으로 메웠습니다."]
    assert mine["can_reopen"] and mine["reopen_until"]
    titles = [n["title"] for n in notices(api, citizen["headers"])]
    assert titles[:2] == ["신고 처리가 완료되었습니다", "신고가 처리 중입니다"]
    assert "아스콘으로 메웠습니다." in notices(api, citizen["headers"])[0]["body"]

    stranger = make_user(api)
    assert_problem(api.client.post(f"/api/v1/reports/{rep['id']}/reopen",
                                   headers=stranger["headers"], json={"reason": "아직 파여 있어요"}),
                   403, "report.not_owner")
    reopened = api.client.post(f"/api/v1/reports/{rep['id']}/reopen", headers=citizen["headers"],
                               json={"reason": "비가 온 뒤 다시 파였습니다."})
    assert reopened.status_code == 200, reopened.text
    assert reopened.json()["status"] == "in_progress" and not reopened.json()["can_reopen"]
    assert reopened.json()["events"][-1]["by"] == "신고인"
    # The officer who handled it hears that it came back.
    assert notices(api, roads["headers"])[0]["title"] == "완료한 신고가 다시 열렸습니다"


def test_reopen_is_refused_after_fourteen_days(api):
    citizen = make_user(api)
    roads = make_user(api, "officer", "도로과")
    rep = file_report(api, citizen["headers"]).json()
    api.client.post(f"/api/v1/officer/reports/{rep['id']}/status", headers=roads["headers"],
                    json={"status": "done", "note": "보수했습니다."})
    with api.client.app.state.sessionmaker.begin() as s:
        s.get(Report, rep["id"]).resolved_at = utcnow() - timedelta(days=15)
    late = api.client.post(f"/api/v1/reports/{rep['id']}/reopen", headers=citizen["headers"],
                           json={"reason": "아직 그대로입니다."})
    assert "14일" in assert_problem(late, 409, "report.reopen_expired")["detail"]


def test_rejected_transferred_and_duplicate_are_final_and_duplicate_needs_the_original(api):
    citizen, other = make_user(api), make_user(api)
    desk = make_user(api, "officer", "민원봉사과")
    first = file_report(api, other["headers"], category="noise").json()
    second = file_report(api, citizen["headers"], category="noise").json()
    url = f"/api/v1/officer/reports/{second['id']}/status"
    missing = api.client.post(url, headers=desk["headers"],
                              json={"status": "duplicate", "note": "같은 신고가 있습니다"})
    assert_problem(missing, 422, "report.duplicate_of")
    dup = api.client.post(url, headers=desk["headers"], json={
        "status": "duplicate", "note": "같은 신고가 있습니다", "duplicate_of": first["id"]})
    assert dup.status_code == 200 and dup.json()["duplicate_of"] == first["id"]
    # The duplicate's reporter now follows the original and hears about it.
    api.client.post(f"/api/v1/officer/reports/{first['id']}/status", headers=desk["headers"],
                    json={"status": "transferred", "note": "환경부서로 이관했습니다."})
    assert notices(api, citizen["headers"])[0]["title"] == "신고가 다른 기관으로 이관되었습니다"
    after = api.client.post(f"/api/v1/officer/reports/{first['id']}/status",
                            headers=desk["headers"], json={"status": "done", "note": "완료"})
    assert_problem(after, 409, "report.bad_transition")


def test_deadline_extension_tells_the_reason_at_most_twice(api):
    citizen = make_user(api)
    roads = make_user(api, "officer", "도로과")
    rep = file_report(api, citizen["headers"]).json()
    url = f"/api/v1/officer/reports/{rep['id']}/extend"
    no_reason = api.client.post(url, headers=roads["headers"], json={"days": 3, "reason": "짧음"})
    assert_problem(no_reason, 422, "validation_error")
    one = api.client.post(url, headers=roads["headers"],
                          json={"days": 5, "reason": "아스콘 자재 수급이 늦어지고 있습니다."})
    assert one.status_code == 200 and one.json()["extensions"] == 1
    assert one.json()["due_at"] > rep["due_at"]
    n = notices(api, citizen["headers"])[0]
    assert n["title"] == "신고 처리 기한이 연장되었습니다" and "자재 수급" in n["body"]
    api.client.post(url, headers=roads["headers"], json={"days": 2, "reason": "우천으로 공사가 밀렸습니다."})
    third = api.client.post(url, headers=roads["headers"],
                            json={"days": 2, "reason": "한 번 더 연장이 필요합니다."})
    assert_problem(third, 409, "report.extension_limit")


def test_inbox_shows_the_department_only_and_overdue_first(api):
    citizen = make_user(api)
    roads = make_user(api, "officer", "도로과")
    admin = make_user(api, "admin")
    fresh = file_report(api, citizen["headers"]).json()
    late = file_report(api, citizen["headers"], category="ads").json()
    file_report(api, citizen["headers"], category="toilet")
    with api.client.app.state.sessionmaker.begin() as s:
        s.get(Report, late["id"]).due_at = utcnow() - timedelta(hours=1)
    inbox = api.client.get("/api/v1/officer/reports", headers=roads["headers"]).json()
    assert [i["id"] for i in inbox["items"]] == [late["id"], fresh["id"]]
    assert inbox["overdue"] == 1 and inbox["items"][0]["overdue"]
    only_late = api.client.get("/api/v1/officer/reports?overdue=true",
                               headers=roads["headers"]).json()
    assert [i["id"] for i in only_late["items"]] == [late["id"]]
    assert api.client.get("/api/v1/officer/reports", headers=admin["headers"]).json()["total"] == 3
    assert_problem(api.client.get("/api/v1/officer/reports", headers=citizen["headers"]), 403,
                   "auth.forbidden")


def test_assignment_only_within_the_department(api):
    citizen = make_user(api)
    roads = make_user(api, "officer", "도로과")
    roads2 = make_user(api, "officer", "도로과", name="서보수")
    desk = make_user(api, "officer", "민원봉사과")
    rep = file_report(api, citizen["headers"]).json()
    url = f"/api/v1/officer/reports/{rep['id']}"
    names = [o["name"] for o in api.client.get(url + "/officers",
                                               headers=roads["headers"]).json()["items"]]
    assert "서보수" in names
    ok = api.client.post(url + "/assign", headers=roads["headers"], json={"assignee_id": roads2["id"]})
    assert ok.json()["assignee"] == "서보수"
    bad = api.client.post(url + "/assign", headers=roads["headers"], json={"assignee_id": desk["id"]})
    assert_problem(bad, 422, "report.bad_assignee")
    mine = api.client.get("/api/v1/officer/reports?mine=true", headers=roads2["headers"]).json()
    assert [i["id"] for i in mine["items"]] == [rep["id"]]


def test_nearby_open_reports_and_me_too_instead_of_a_duplicate(api):
    citizen, neighbour = make_user(api), make_user(api)
    roads = make_user(api, "officer", "도로과")
    rep = file_report(api, citizen["headers"]).json()
    far = file_report(api, citizen["headers"], lat=35.10, long=127.70).json()
    near = api.client.get(f"/api/v1/reports/nearby?lat={JUNGMA[0] + 0.001}&long={JUNGMA[1]}",
                          headers=neighbour["headers"]).json()
    ids = [i["id"] for i in near["items"]]
    assert rep["id"] in ids and far["id"] not in ids
    assert 100 <= near["items"][0]["distance_m"] <= 120

    url = f"/api/v1/reports/{rep['id']}/support"
    with ThreadPoolExecutor(4) as pool:  # an impatient double (quadruple) tap
        answers = list(pool.map(lambda _: api.client.post(url, headers=neighbour["headers"]),
                                range(4)))
    assert {a.status_code for a in answers} == {200}
    detail = api.client.get(f"/api/v1/reports/{rep['id']}", headers=neighbour["headers"]).json()
    assert detail["supporters"] == 1 and detail["supported"]
    assert_problem(api.client.post(url, headers=citizen["headers"]), 409, "report.own")
    joined = api.client.get("/api/v1/reports/mine", headers=neighbour["headers"]).json()
    assert [i["id"] for i in joined["items"]] == [rep["id"]]
    api.client.post(f"/api/v1/officer/reports/{rep['id']}/status", headers=roads["headers"],
                    json={"status": "done", "note": "보수 완료했습니다."})
    assert notices(api, neighbour["headers"])[0]["title"] == "신고 처리가 완료되었습니다"
    assert_problem(api.client.post(url, headers=make_user(api)["headers"]), 409, "report.closed")
    gone = api.client.get(f"/api/v1/reports/nearby?lat={JUNGMA[0]}&long={JUNGMA[1]}",
                          headers=neighbour["headers"]).json()
    assert rep["id"] not in [i["id"] for i in gone["items"]]


def test_photo_upload_retry_is_stored_once(api):
    citizen = make_user(api)
    key = str(uuid.uuid4())
    a = upload(api, citizen["headers"], png(), key=key)
    b = upload(api, citizen["headers"], png(), key=key)
    assert a.json()["token"] == b.json()["token"]
    with api.client.app.state.sessionmaker() as s:
        assert s.scalar(select(func.count()).select_from(ReportPhoto)) == 1


def test_reports_need_sign_in_and_unknown_ids_are_404(api):
    assert_problem(api.client.post("/api/v1/reports", json={}), 401, "auth.required")
    citizen = make_user(api)
    assert_problem(api.client.get("/api/v1/reports/99999", headers=citizen["headers"]), 404,
                   "report.not_found")
