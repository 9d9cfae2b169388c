"""복지정책 검색, 보조금24 맞춤혜택 and 소상공인 지원 in a headless session, as a citizen uses
them: everyday words, a detail with sections and phones, 관심 복지, the 맞춤혜택 questions."""
from __future__ import annotations

import pytest

from tests.ui.conftest import finish_background_tasks, signed_in
from tests.ui.headless import said


@pytest.fixture(autouse=True)
async def _drain():
    yield
    await finish_background_tasks()


async def sign_in(open_app, email: str = "citizen@gwangyang.demo", **kw):
    return await signed_in(open_app, email, **kw)


def card_texts(ui, ident: str) -> list[str]:
    col = ui.find(ident).content.content
    return [said(c) for c in col.controls]


async def test_search_in_everyday_words_then_open_and_bookmark(open_app):
    ui = await sign_in(open_app)
    await ui.go("/f/welfare")
    await ui.settle(lambda: ui.idents("welfare-item-"))
    assert "많이 찾는 순" in ui.text("welfare-count")
    await ui.type("welfare-search", "아기 낳으면 받는 돈")
    await ui.tap("welfare-search-submit")
    await ui.settle(lambda: "아기 낳으면" in ui.text("welfare-count"))
    # The count arrives after the search: a live region, so screen readers announce it.
    assert ui.find("welfare-count").live_region is True
    first = ui.idents("welfare-item-")[0]
    lines = card_texts(ui, first)
    assert any("출산" in t or "출생" in t or "신생아" in t for t in lines[:1] + lines[2:3])
    assert any(t.startswith("찾은 이유:") for t in lines)
    sid = first.removeprefix("welfare-item-")
    await ui.tap(first)
    await ui.settle(lambda: ui.find("welfare-detail-name"))
    assert ui.page.route == f"/f/welfare/s/{sid}"
    assert ui.idents("welfare-call-"), "문의처 phones are call buttons"
    await ui.tap("welfare-bookmark")
    await ui.settle(lambda: "관심 복지에 담았습니다" in ui.text("welfare-bookmark-status-notice"))
    await ui.go("/f/welfare/bookmarks")
    await ui.settle(lambda: ui.idents("welfare-item-"))
    assert ui.idents("welfare-item-") == [first]


async def test_more_shows_the_next_page(open_app):
    ui = await open_app()
    await ui.go("/f/welfare")
    await ui.settle(lambda: ui.idents("welfare-item-"))
    first_page = ui.idents("welfare-item-")
    assert len(first_page) == 20 and ui.find("welfare-more") is not None
    await ui.tap("welfare-more")
    await ui.settle(lambda: len(ui.idents("welfare-item-")) > 20)
    both = ui.idents("welfare-item-")
    assert len(both) == 40 and both[:20] == first_page and len(set(both)) == 40


async def test_filters_narrow_the_search(open_app):
    ui = await open_app()
    await ui.go("/f/welfare")
    await ui.settle(lambda: ui.idents("welfare-item-"))
    await ui.tap("welfare-filters")
    await ui.tap("welfare-always")
    await ui.settle(lambda: ui.idents("welfare-item-"))
    assert all("상시 신청" in " ".join(card_texts(ui, i)) for i in ui.idents("welfare-item-"))


async def test_guest_finds_benefits_with_reasons_and_answers_stay_on_the_device(open_app):
    ui = await open_app()
    await ui.go("/f/subsidy24")
    await ui.settle(lambda: ui.find("subsidy24-find"))
    await ui.type("subsidy24-birth", "1999-05-01")
    await ui.type("subsidy24-trait-job_seeker", True)
    await ui.tap("subsidy24-find")
    await ui.settle(lambda: ui.idents("subsidy24-item-"))
    assert "받을 수 있어요" in ui.text("subsidy24-summary")
    first = card_texts(ui, ui.idents("subsidy24-item-")[0])
    assert first[2] == "받을 수 있어요"
    reason = ui.find(ui.idents("subsidy24-item-")[0]).label
    assert "만 19~39세 맞음" in reason or "맞음" in reason
    assert "job_seeker" in ui.client.prefs["myg.subsidy24.answers"]
    assert "1999-05-01" in ui.client.prefs["myg.subsidy24.answers"]


async def test_small_business_filters_and_officer_adds_a_programme(open_app):
    ui = await sign_in(open_app, "jobs@gwangyang.demo")
    await ui.go("/f/small_biz")
    await ui.settle(lambda: ui.idents("small_biz-item-"))
    assert ui.find("small_biz-program-new") is not None
    await ui.tap("small_biz-program-new")
    await ui.settle(lambda: ui.find("small_biz-program-save"))
    for key, value in (("name", "광양시 전통시장 점포 간판 개선 지원"), ("summary", "전통시장 점포의 간판 교체 비용 지원"),
                       ("target", "광양시 전통시장에서 영업 중인 소상공인"), ("content", "간판 교체 비용의 80%, 최대 200만 원"),
                       ("how_to_apply", "일자리경제과 방문 신청"), ("contact", "일자리경제과/061-797-2114")):
        await ui.type(f"small_biz-program-{key}", value)
    await ui.tap("small_biz-program-save")
    await ui.settle(lambda: ui.find("small_biz-detail-name"))
    assert ui.text("small_biz-detail-name") == "광양시 전통시장 점포 간판 개선 지원"
    await ui.go("/f/small_biz")
    await ui.settle(lambda: ui.idents("small_biz-item-"))
    await ui.type("small_biz-search", "간판")
    await ui.tap("small_biz-search-submit")
    await ui.settle(lambda: "간판" in ui.text("small_biz-count"))
    assert "광양시 전통시장 점포 간판 개선 지원" in card_texts(ui, ui.idents("small_biz-item-")[0])[0]


async def test_officer_sets_who_may_apply_and_edits_it_later(open_app):
    ui = await sign_in(open_app, "welfare@gwangyang.demo")
    await ui.go("/f/welfare/programs/new")
    await ui.settle(lambda: ui.find("welfare-program-save"))
    assert ui.find("welfare-program-kind-restaurant") is None  # 업종 only for 소상공인
    for key, value in (("name", "광양시 홀몸 어르신 안부 도시락"), ("summary", "홀로 사는 어르신께 도시락"),
                       ("target", "광양시에 홀로 사는 만 70세 이상 어르신"), ("content", "주 3회 도시락 배달"),
                       ("how_to_apply", "읍면동 행정복지센터 방문"), ("contact", "주민복지과/061-797-2114"),
                       ("age_min", "70")):
        await ui.type(f"welfare-program-{key}", value)
    await ui.type("welfare-program-trait-lives_alone", True)
    await ui.tap("welfare-program-save")
    await ui.settle(lambda: ui.find("welfare-detail-name"))
    conditions = ui.text("welfare-detail-conditions")
    assert "나이: 만 70세 이상" in conditions and "1인가구" in conditions
    sid = ui.page.route.rsplit("/", 1)[1]
    await ui.go(f"/f/welfare/programs/{sid}")
    await ui.settle(lambda: ui.find("welfare-program-name").content.value)
    assert ui.find("welfare-program-age_min").content.value == "70"
    assert ui.find("welfare-program-trait-lives_alone").content.value is True
    assert ui.find("welfare-program-trait-pregnant").content.value is False
