"""부서 전화 연결 in a headless session: search by task word, one tap calls."""

from tests.ui.headless import said


async def test_search_by_task_word_and_call_with_one_tap(open_app):
    ui = await open_app()
    await ui.go("/f/dept_call")
    await ui.settle(lambda: ui.idents("dir-entry-"))
    assert len(ui.idents("dir-entry-")) >= 25
    assert "전체 부서" in ui.text("dir-count")
    await ui.type("dir-search", "여권")
    await ui.tap("dir-search-submit")
    await ui.settle(lambda: "여권" in ui.text("dir-count"))
    first = ui.idents("dir-entry-")[0]
    card = ui.find(first).content.content.controls
    assert said(card[0]) == "민원봉사과"
    await ui.tap(first.replace("entry", "call"))
    assert ui.client.launched == ["tel:0617972301"]


async def test_example_words_and_no_match_message(open_app):
    ui = await open_app()
    await ui.go("/f/dept_call")
    await ui.settle(lambda: ui.idents("dir-entry-"))
    await ui.tap("dir-example-쓰레기")
    await ui.settle(lambda: "쓰레기" in ui.text("dir-count"))
    assert said(ui.find(ui.idents("dir-entry-")[0]).content.content.controls[0]) == "자원순환과"
    await ui.type("dir-search", "우주정거장")
    await ui.tap("dir-search-submit")
    await ui.settle(lambda: ui.find("dir-empty"))
    assert ui.find("dir-empty") is not None and ui.idents("dir-entry-") == []
