from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import func, select

from myg_app import catalog
from myg_app.server.auth.models import User
from myg_app.server.domains import DOMAINS  # noqa: F401  (registers every table)
from myg_app.server.db import Base, make_engine, migrate
from myg_app.server.seed import DEFAULT_DEMO_PASSWORD, DEMO_ACCOUNTS, seed_demo


def test_models_and_migration_agree(settings):
    engine = make_engine(settings.effective_database_url)
    try:
        with engine.connect() as conn:
            ctx = MigrationContext.configure(conn, opts={"compare_type": True})
            assert compare_metadata(ctx, Base.metadata) == []
    finally:
        engine.dispose()


def test_migrate_is_repeatable(settings):
    migrate(settings)  # already at head: a no-op, not an error


def test_seed_is_idempotent(api):
    accounts = seed_demo(api.settings)
    assert [a.role for a in accounts][:3] == ["citizen", "officer", "admin"]
    assert all(a.department for a in accounts if a.role == "officer")
    citizen = api.login("citizen@gwangyang.demo", DEFAULT_DEMO_PASSWORD).json()
    custom = ["weather", "bus"]
    api.client.put("/api/v1/me/menu", json={"items": custom}, headers=api.bearer(citizen))

    seed_demo(api.settings)
    with api.client.app.state.sessionmaker() as s:
        assert s.scalar(select(func.count()).select_from(User)) == len(DEMO_ACCOUNTS)
    again = api.login("citizen@gwangyang.demo", DEFAULT_DEMO_PASSWORD).json()
    assert api.client.get("/api/v1/me/menu", headers=api.bearer(again)).json()["items"] == custom

    officer = api.login("officer@gwangyang.demo", DEFAULT_DEMO_PASSWORD)
    me = api.client.get("/api/v1/me", headers=api.bearer(officer.json())).json()
    assert me["role"] == "officer" and me["department"] == "민원봉사과" and me["name"] == "이담당"


def test_seeded_citizen_has_default_menu(api):
    seed_demo(api.settings)
    tokens = api.login("citizen@gwangyang.demo", DEFAULT_DEMO_PASSWORD).json()
    menu = api.client.get("/api/v1/me/menu", headers=api.bearer(tokens)).json()
    assert menu["items"] == list(catalog.DEFAULT_MENU)


def test_demo_password_override(api, settings):
    from myg_app.server.seed import demo_password

    settings.demo_password = "another-demo-9"
    assert demo_password(settings) == "another-demo-9"
    seed_demo(settings)
    assert api.login("admin@gwangyang.demo", "another-demo-9").status_code == 200
