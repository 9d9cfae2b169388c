"""AI 민원상담 챗봇 in Chromium: a guest on a phone in large text asks "대형폐기물 어떻게
버려요?", reads the answer with its source, and opens 대형폐기물 from the answer's button; a
question the city's information does not answer offers the department's phone number instead
of a guess. Nothing runs off the side of the phone."""
from __future__ import annotations

from tests.e2e.tour import go
from tests.e2e.tour import off_side as off_side_at


def ask(ui, question: str, n: int) -> None:
    ui.fill("chatbot-input", question)
    ui.click_id("chatbot-send")
    ui.wait_id(f"chatbot-answer-{n}", timeout=60_000)
    ui.settle()


def test_a_guest_asks_about_bulky_waste_and_opens_it_in_large_text(ui):
    ui.phone_in_large_text()
    go(ui, "/f/chatbot")
    ui.wait_id("chatbot-intro")
    ask(ui, "대형폐기물 어떻게 버려요?", 1)
    ui.wait_text_in("chatbot-sources-1", "자주 묻는 질문")
    ui.shot("chatbot_answer_large")
    assert not off_side_at(ui, 360), off_side_at(ui, 360)
    ask(ui, "광양제철소 견학은 어떻게 신청해요?", 2)
    ui.wait_id("chatbot-call-2")
    ui.shot("chatbot_handover_large")
    ui.click_id("chatbot-open-1")
    ui.wait_id("function-bulky_waste-title")


def test_the_answer_in_dark_mode_at_normal_text_size(ui):
    ui.resize(360, 800)
    ui.click_id("appbar-settings")  # 설정 → 화면 테마: 어둡게, as a person does
    ui.click_id("settings-theme-dark")
    ui.wait_js("localStorage.getItem('flutter.myg.theme') === '\"dark\"'")
    go(ui, "/f/chatbot")
    ui.wait_id("chatbot-starter-0")
    ui.click_id("chatbot-starter-0")  # a suggested question, one tap
    ui.wait_id("chatbot-answer-1", timeout=60_000)
    ui.wait_id("chatbot-open-1")
    ui.shot("chatbot_answer_dark")
    assert not off_side_at(ui, 360), off_side_at(ui, 360)


# Records every audio element the page plays (audioplayers' elements are not in the DOM).
_PLAYS = """
window.__mygPlays = [];
const play = HTMLMediaElement.prototype.play;
HTMLMediaElement.prototype.play = function () {
  const el = this, rec = {src: el.src, playing: false, error: null, at: null};
  window.__mygPlays.push(rec);
  el.addEventListener('playing', () => { rec.playing = true; rec.at = performance.now(); });
  el.addEventListener('error', () => { rec.error = String(el.error && el.error.code); });
  return play.apply(this, arguments);
};
"""


def test_voice_guidance_reads_the_answer_and_the_screen_aloud(ui):
    ui.page.context.add_init_script(_PLAYS)
    ui.click_id("appbar-settings")
    ui.click_id("settings-voice")
    ui.wait_js("localStorage.getItem('flutter.myg.voice') === 'true'")
    ui.open("/f/chatbot")  # a fresh page: the recorder is in place
    ui.wait_id("chatbot-intro")
    ask(ui, "대형폐기물 어떻게 버려요?", 1)
    ui.wait_js("() => window.__mygPlays.some(p => p.src.includes('/api/v1/tts') && p.playing)",
               timeout=30_000)
    ui.reveal("function-chatbot-read")
    ui.settle()
    ui.page.evaluate("() => { window.__mygTap = performance.now(); window.__mygPlays = []; }")
    ui.by_id("function-chatbot-read").first.click()
    # 읽어주기 starts with the screen's title.
    ui.wait_js("() => window.__mygPlays.some(p => p.src.includes('text=AI%20') && p.playing)",
               timeout=30_000)
    plays = ui.page.evaluate("() => window.__mygPlays")
    tap = ui.page.evaluate("() => window.__mygTap")
    first = next(p for p in plays if p["playing"])
    print(f"읽어주기: tap to first sound {first['at'] - tap:.0f} ms")
