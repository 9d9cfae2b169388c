"""The refresh command against a local fake of the odcloud gov24 API (tests/fakes/odcloud.py,
serving the recorded 1,097-service sample): a re-import updates changed services, marks the
vanished ones ended, keeps bookmarks and never deletes; a failure changes nothing."""
from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from myg_app.server.db import make_engine
from myg_app.server.seed import seed_demo
from myg_app.server.welfare import refresh
from myg_app.server.welfare.models import WelfareImport, WelfareService
from tests.api.conftest import SECRET
from tests.fakes.odcloud import FAKE_KEY, FakeOdcloud, serve_fake_odcloud


def run_refresh(api, monkeypatch, base_url: str, key: str = FAKE_KEY) -> int:
    for name, value in {"MYG_DATABASE_URL": api.settings.effective_database_url,
                        "MYG_DATA_DIR": str(api.settings.data_dir), "MYG_SECRET_KEY": SECRET,
                        "MYG_GOV24_SERVICE_KEY": key, "MYG_GOV24_BASE_URL": base_url,
                        "MYG_GOV24_PER_PAGE": "200", "MYG_GOV24_TIMEOUT_S": "5"}.items():
        monkeypatch.setenv(name, value)
    return refresh.main([])


def counts(api) -> dict[str, int]:
    with Session(make_engine(api.settings.effective_database_url)) as s:
        rows = s.execute(select(WelfareService.status, func.count())
                         .where(WelfareService.source == "gov24")
                         .group_by(WelfareService.status)).all()
    return dict(rows)


def test_refresh_from_the_api_updates_ends_and_keeps_bookmarks(api, monkeypatch):
    seed_demo(api.settings)
    user = api.register()
    h = api.bearer(user)
    gone, changed = "135200005013", "000000465790"
    api.client.put(f"/api/v1/welfare/services/{gone}/bookmark", headers=h)
    before = counts(api)
    fake = FakeOdcloud()
    fake.drop_ids.add(gone)
    fake.replace(changed, {"서비스목적요약": "누리과정 유아학비를 지원합니다 (개정)"})
    with serve_fake_odcloud(fake) as url:
        assert run_refresh(api, monkeypatch, url) == 0
    after = counts(api)
    # The sample lacks the 56 광양 services the embedded default took from the export, and
    # the dropped one: all ended, none deleted.
    assert sum(after.values()) == sum(before.values())
    assert after["ended"] == 57
    d = api.client.get(f"/api/v1/welfare/services/{gone}", headers=h).json()
    assert d["status"] == "ended" and d["bookmarked"] is True
    assert api.client.get(f"/api/v1/welfare/services/{changed}").json()["summary"] == \
        "누리과정 유아학비를 지원합니다 (개정)"
    with Session(make_engine(api.settings.effective_database_url)) as s:
        log = s.scalars(select(WelfareImport).order_by(WelfareImport.id.desc())).first()
        assert (log.origin, log.added, log.updated, log.ended) == ("gov24", 0, 1, 57)
    # Searching finds the new text at once (the catalogue version moved).
    found = api.client.get("/api/v1/welfare/search", params={"q": "유아학비 개정"}).json()
    assert found["items"][0]["id"] == changed


def test_a_failed_refresh_changes_nothing(api, monkeypatch, capsys):
    seed_demo(api.settings)
    before = counts(api)
    fake = FakeOdcloud()
    with serve_fake_odcloud(fake) as url:
        assert run_refresh(api, monkeypatch, url, key="wrong-key") == 2
        fake.fail_next(10, 500)
        assert run_refresh(api, monkeypatch, url) == 2
    assert counts(api) == before
    err = capsys.readouterr().err
    assert "인증키" in err and "wrong-key" not in err
