"""The message catalog (issue 17): every Korean text the app shows is a catalog id with an
English translation; Vietnamese and Chinese cover home, the menus, settings, chat, reports and
alerts; translations keep their ids' {fields}. A new Korean text written outside the catalog
fails here, with where it is."""
from __future__ import annotations

import string

import pytest

from myg_app import catalog as functions
from myg_app import i18n
from myg_app.i18n import extract

FMT = string.Formatter()


@pytest.fixture(scope="module")
def client_texts():
    return extract.scan()


def where(found: list[extract.Found]) -> str:
    return "\n".join(f"{f.path.relative_to(extract.ROOT)}:{f.line}: {f.text[:80]!r}"
                     for f in found[:40])


def test_no_korean_f_string_outside_tr(client_texts):
    loose = [f for f in client_texts if f.fstring]
    assert not loose, ("write a text built from values as tr(\"...{name}...\", name=...):\n"
                       + where(loose))


def test_every_client_text_has_english(client_texts):
    have = i18n.catalog("en")
    missing = [f for f in client_texts if not f.fstring and not have.get(f.text)]
    assert not missing, ("Korean UI text missing from myg_app/i18n/messages/en.json:\n"
                         + where(missing))


def test_every_server_message_and_label_has_english():
    have = i18n.catalog("en")
    server = extract.scan_server()
    loose = [f for f in server if f.fstring]
    assert not loose, "write a problem message built from values as msg(...):\n" + where(loose)
    missing = [f for f in server + extract.scan_labels() if not have.get(f.text)]
    assert not missing, "server text missing from en.json:\n" + where(missing)


@pytest.mark.parametrize("lang", ["vi", "zh"])
def test_vietnamese_and_chinese_cover_the_core_screens(client_texts, lang):
    have = i18n.catalog(lang)
    texts = client_texts + extract.scan_server() + extract.scan_labels()
    missing = [f for f in texts if not f.fstring and extract.in_every_language(f)
               and not have.get(f.text)]
    assert not missing, f"core text missing from {lang}.json:\n" + where(missing)


@pytest.mark.parametrize("lang", ["en", "vi", "zh"])
def test_function_names_in_every_language(lang):
    have = i18n.catalog(lang)
    assert all(have.get(f.name_ko) for f in functions.FUNCTIONS)
    assert all(have.get(c.name_ko) for c in functions.CATEGORIES)


@pytest.mark.parametrize("lang", ["en", "vi", "zh"])
def test_translations_keep_the_fields_of_their_ids(lang):
    def fields(s: str) -> list[str]:
        return sorted(f"{name}:{spec}" for _, name, spec, _ in FMT.parse(s) if name is not None)

    bad = [(k, v) for k, v in i18n.catalog(lang).items() if fields(k) != fields(v)]
    assert not bad, bad[:10]


def test_translate_formats_and_falls_back():
    assert i18n.translate("{n}건", "ko", n=3) == "3건"
    assert i18n.translate("처음 보는 문장", "en") == "처음 보는 문장"  # not an id: unchanged
    assert i18n.translate("설정", "en") == "Settings"
    # Vietnamese without its own text falls back to English, not to Korean.
    en_only = next(k for k in i18n.catalog("en") if k not in i18n.catalog("vi"))
    assert i18n.translate(en_only, "vi") == i18n.catalog("en")[en_only]


def test_a_message_remembers_its_template():
    m = i18n.msg("{n}자 이하로 입력해 주세요.", n=40)
    assert m == "40자 이하로 입력해 주세요." and isinstance(m, str)
    assert "40" in i18n.localize(m, "en") and i18n.localize(m, "en").isascii()
    assert i18n.localize(m, "ko") == m


@pytest.mark.parametrize("header,lang", [
    ("en-US,en;q=0.9", "en"), ("ko-KR", "ko"), ("vi", "vi"), ("zh-Hans-CN,zh;q=0.8", "zh"),
    ("fr,de;q=0.5", "ko"), (None, "ko"), ("", "ko"), ("en;q=abc", "ko"),
    ("de;q=1,vi;q=0.3,en;q=0.2", "vi"), ("*", "ko")])
def test_accept_language_negotiation(header, lang):
    assert i18n.negotiate(header) == lang


def test_dates_and_weekdays_follow_the_language(monkeypatch):
    from datetime import UTC, date, datetime

    from myg_app import seoul_time

    day = date(2026, 12, 5)
    at = datetime(2026, 12, 5, 2, 11, tzinfo=UTC)  # 11:11 in Seoul
    said = {}
    for lang in ("ko", "en", "vi", "zh"):
        monkeypatch.setattr(seoul_time, "language", lambda lang=lang: lang)
        said[lang] = (seoul_time.format_date_ko(day), seoul_time.format_datetime_ko(at),
                      seoul_time.weekdays_joined([1, 4]))
    assert said["ko"] == ("2026년 12월 5일 (토)", "2026년 12월 5일 (토) 11:11", "화금")
    assert said["en"] == ("Sat 5 Dec 2026", "Sat 5 Dec 2026 11:11", "Tue, Fri")
    assert said["vi"][0] == "T7, 5/12/2026" and said["zh"][0] == "2026年12月5日（周六）"


def test_words_filled_into_a_template_are_translated_but_not_single_letters():
    en = i18n.catalog("en")
    assert i18n.translate("담당: {value}", "en", value="미지정") == en["담당: {value}"].format(
        value=en["미지정"])
    # "일" is a category (work) in one place and Sunday in another: one letter stays as given.
    assert "일" in i18n.translate("{month}월 {day}일 ({WEEKDAYS_KO})", "en", month=12, day=6,
                                  WEEKDAYS_KO="일")
