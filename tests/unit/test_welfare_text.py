"""The pieces of 복지정책 검색 that need no database: text normalisation, morphemes, the
one-letter speller, whose programme a record is, and the fields parsed from free text."""
from __future__ import annotations

from datetime import date

import pytest

from myg_app.server.welfare import catalogue, lexicon, records, text


@pytest.mark.parametrize("raw, want", [
    ("ＡＢＣ　청년", "abc 청년"),  # full-width letters and space
    ("청년\x00월세\x1b", "청년 월세"),  # control characters
    ("청\u2060년  \u200b월세", "청년 월세"),  # word joiner, zero-width space
    ("  \t\n", ""),
    ("ㄱ", "ㄱ"),
])
def test_normalise(raw, want):
    assert text.normalise(raw) == want


def test_spacing_variants_give_the_same_morphemes():
    assert text.tokens("청년월세") == text.tokens("청년 월세") == ["청년", "월세"]
    assert text.tokens("장애인활동지원") == text.tokens("장애인 활동 지원")
    assert text.tokens("노인일자리") == text.tokens("노인 일자리")


def test_tokens_keep_meaning_and_drop_grammar():
    assert text.tokens("아기 낳으면 받는 돈") == ["아기", "낳", "돈"]
    assert "혼자" in text.tokens("혼자 사는 어르신") and "어르신" in text.tokens("혼자 사는 어르신")
    assert text.tokens("money for a newborn baby") == ["money", "newborn", "baby"]
    assert text.tokens("") == [] and text.tokens("\x00") == []


def test_jamo_and_the_speller():
    assert text.jamo("출산") == "ㅊㅜㄹㅅㅏㄴ"
    speller = text.Speller({"일자리": 10, "장려금": 5, "배달": 3, "바우처": 4, "출산": 9})
    assert speller.correct("일짜리") == "일자리"  # a doubled consonant
    assert speller.correct("장여금") == "장려금"  # a wrong consonant
    assert speller.correct("배딜") == "배달"  # a wrong vowel
    assert speller.correct("바우쳐") == "바우처"
    assert speller.correct("일자리") is None  # known: nothing to correct
    assert speller.correct("우주선") is None  # nothing one letter away
    assert speller.correct("배") is None  # one syllable is too short to guess from


def test_particles():
    assert [text.particle_and(w) for w in ("아기", "어르신")] == ["와", "과"]
    assert [text.particle_by(w) for w in ("일자리", "출산", "서울")] == ["로", "으로", "로"]


def test_lexicon_maps_everyday_and_english_words_to_official_ones():
    assert "출산" in lexicon.expansions("아기")
    assert "주거급여" in lexicon.expansions("월세")
    assert "노인" in lexicon.expansions("어르신")
    assert "월세" in lexicon.expansions("rent")
    assert lexicon.expansions("우주") == ()


@pytest.mark.parametrize("agency, kind, code, name, level", [
    ("전남광주통합특별시 광양시", "시군구", "5800000", "", "gwangyang"),
    ("광양시", "", "", "", "gwangyang"),
    ("보건복지부", "중앙행정기관", "", "", "national"),
    ("국민건강보험공단", "공공기관", "", "", "national"),
    ("전남광주통합특별시", "광역시도", "", "청년 13(일+삶)통장", "province"),
    ("전라남도", "광역시도", "", "", "province"),
    ("전남광주통합특별시", "광역시도", "", "광주청년구직활동수당 지원사업", "other"),
    ("전남신용보증재단", "지방출자_출연기관", "", "", "province"),
    ("전남광주통합특별시교육청", "교육청", "", "", "province"),
    ("전남광주통합특별시 순천시", "시군구", "", "", "other"),
    ("전남광주통합특별시 서구", "시군구", "", "", "other"),  # a 광주 district
    ("경기도", "광역시도", "", "", "other"),
    ("광주환경공단", "지방공기업", "", "", "other"),
])
def test_whose_programme(agency, kind, code, name, level):
    assert records.level_of(agency, kind, code, name) == level


@pytest.mark.parametrize("deadline, end", [
    ("상시신청", None),
    ("2026.05.04~2026.05.20", date(2026, 5, 20)),
    ("2026. 3. 2. ~ 2026. 12. 31.", date(2026, 12, 31)),
    ("2026년 4월 1일부터 2026년 4월 30일까지", date(2026, 4, 30)),
    ("2026.02.30", None),  # no such day
    ("접수기관 별 상이", None),
])
def test_deadline_end(deadline, end):
    assert catalogue.deadline_end(deadline) == end


@pytest.mark.parametrize("body, years", [
    ("업력 7년 이내 소상공인", 7),
    ("창업 후 3년 미만 기업", 3),
    ("사업개시일로부터 5년 이내", 5),
    ("영업 중인 소상공인", None),
])
def test_business_years(body, years):
    assert records.business_years_max(body) == years


def test_phones_from_a_contact_text():
    got = records.phones("보건복지상담센터/129||자산형성지원콜센터/1522-3690")
    assert got == [("보건복지상담센터", "129"), ("자산형성지원콜센터", "1522-3690")]
    assert records.phones("교육부/02-6222-6060") == [("교육부", "02-6222-6060")]
    assert records.phones("") == []


def test_a_record_from_each_source_has_the_same_shape():
    api = records.from_api({"서비스ID": "1", "서비스명": "가", "신청방법": "온라인신청||방문신청",
                            "신청기한": "상시신청", "소관기관명": "보건복지부",
                            "소관기관유형": "중앙행정기관", "조회수": 3},
                           {"온라인신청사이트URL": "https://www.bokjiro.go.kr"},
                           {"서비스ID": "1", "JA0101": "Y", "JA0110": 19, "JA0111": 34,
                            "JA0102": None})
    export = records.from_export({"id": "2", "name": "나", "agency": "보건복지부",
                                  "agencyType": "중앙행정기관", "JA_flags": ["JA0101"],
                                  "ageStart": 19, "ageEnd": 34},
                                 {"method": "방문신청", "deadlineDisplay": "상시신청"})
    assert set(api) == set(export)
    assert api["conditions"] == {"JA0101": "Y", "JA0110": 19, "JA0111": 34}
    assert export["conditions"] == api["conditions"]
    assert api["online"] and api["always_open"] and not export["online"]
    changed = records.from_api({"서비스ID": "1", "서비스명": "가 (개정)"}, None, None)
    assert changed["content_hash"] != api["content_hash"]
