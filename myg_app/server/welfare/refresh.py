"""Refresh the service catalogue from the national 보조금24 API (odcloud gov24/v3):

    MYG_GOV24_SERVICE_KEY=… uv run python -m myg_app.server.welfare.refresh

Fetches serviceList, serviceDetail and supportConditions page by page (retries on timeouts
and 5xx), then applies the result in one transaction (importer.apply): changed services are
updated, vanished ones marked ended, bookmarks kept. Without a key it says so and changes
nothing. `--embedded` loads the catalogue shipped in the repository into an empty database.
"""
from __future__ import annotations

import argparse
import sys

from myg_app.seoul_time import today_seoul
from myg_app.server.config import Settings
from myg_app.server.db import make_engine, migrate
from myg_app.server.welfare import catalogue, importer, odcloud


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="보조금24 서비스 목록 새로 받기")
    ap.add_argument("--embedded", action="store_true",
                    help="저장소에 든 기본 목록을 빈 데이터베이스에 넣기")
    args = ap.parse_args(argv)
    settings = Settings()
    migrate(settings)
    engine = make_engine(settings.effective_database_url)
    from sqlalchemy.orm import sessionmaker
    maker = sessionmaker(engine, expire_on_commit=False)
    try:
        if args.embedded:
            with maker() as session, session.begin():
                change = catalogue.load_embedded(session)
            print("기본 목록을 넣었습니다." if change else "이미 목록이 있어 그대로 둡니다.")
            return 0
        try:
            with odcloud.from_settings() as client:
                recs = client.fetch_catalogue()
        except odcloud.OdcloudError as err:
            print(f"보조금24에서 받지 못했습니다: {err}", file=sys.stderr)
            return 2
        with maker() as session, session.begin():
            log = importer.apply(session, recs, today_seoul())
        print(f"반영했습니다: 새로 {log.added}건, 바뀜 {log.updated}건, 종료 {log.ended}건, "
              f"그대로 {log.unchanged}건, 알림 {log.notified}명")
        return 0
    finally:
        engine.dispose()


if __name__ == "__main__":
    sys.exit(main())
