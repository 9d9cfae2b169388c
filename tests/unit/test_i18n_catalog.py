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
