import uuid

from sqlalchemy import func, select

from myg_app import catalog
from myg_app.server.auth.models import User

from .conftest import PASSWORD, assert_problem


def _count_users(api) -> int:
    with api.client.app.state.sessionmaker() as s:
        return s.scalar(select(func.count()).select_from(User))


def test_register_signs_in_with_default_menu(api):
    tokens = api.register(email="New.User@Example.com", name="  홍길동 ")
    assert tokens["token_type"] == "bearer"
    assert tokens["expires_in"] == 15 * 60
    assert tokens["access_token"] and tokens["refresh_token"]
    me = api.client.get("/api/v1/me", headers=api.bearer(tokens))
    assert me.status_code == 200
    assert me.json()["email"] == "new.user@example.com"
    assert me.json()["name"] == "홍길동" and me.json()["role"] == "citizen"
    assert me.json()["created_at"].endswith("Z") or "+00:00" in me.json()["created_at"]
    menu = api.client.get("/api/v1/me/menu", headers=api.bearer(tokens))
    assert menu.json() == {"items": list(catalog.DEFAULT_MENU)}


def test_register_duplicate_email_is_409(api):
    api.register(email="dup@example.com")
    r = api.client.post("/api/v1/auth/register",
                        json={"email": "DUP@example.com", "password": PASSWORD, "name": "둘째"})
    body = assert_problem(r, 409, "auth.email_taken")
    assert body["detail"] == "이미 가입된 이메일입니다. 로그인해 주세요."
    assert _count_users(api) == 1


def test_register_field_errors_are_korean(api):
    r = api.client.post("/api/v1/auth/register",
                        json={"email": "not-an-email", "password": "short", "name": ""})
    body = assert_problem(r, 422, "validation_error")
    fields = {e["field"]: e["message"] for e in body["errors"]}
    assert "이메일 주소 형식" in fields["email"]
    assert "8자 이상" in fields["password"]
    assert "이름을 입력" in fields["name"]
    assert "email: " in body["detail"] and "password: " in body["detail"]


def test_register_missing_and_too_long_fields(api):
    r = api.client.post("/api/v1/auth/register", json={"email": "a@example.com", "name": "가" * 41})
    body = assert_problem(r, 422, "validation_error")
    fields = {e["field"]: e["message"] for e in body["errors"]}
    assert fields["password"] == "필수 항목입니다."
    assert fields["name"] == "40자 이하로 입력해 주세요."


def test_register_idempotency_key_retry_signs_in_to_the_same_one_account(api):
    key = str(uuid.uuid4())
    body = {"email": "retry@example.com", "password": PASSWORD, "name": "재시도"}
    first = api.client.post("/api/v1/auth/register", json=body, headers={"Idempotency-Key": key})
    again = api.client.post("/api/v1/auth/register", json=body, headers={"Idempotency-Key": key})
    assert first.status_code == again.status_code == 201
    assert again.headers["Idempotent-Replayed"] == "true"
    assert _count_users(api) == 1
    me1 = api.client.get("/api/v1/me", headers=api.bearer(first.json())).json()
    me2 = api.client.get("/api/v1/me", headers=api.bearer(again.json())).json()
    assert me1 == me2 and me1["email"] == "retry@example.com"


def test_register_replay_store_holds_no_tokens(api):
    key = str(uuid.uuid4())
    body = {"email": "store@example.com", "password": PASSWORD, "name": "저장"}
    tokens = api.client.post("/api/v1/auth/register", json=body,
                             headers={"Idempotency-Key": key}).json()
    from sqlalchemy import text

    from myg_app.server.db import make_engine

    engine = make_engine(api.settings.effective_database_url)
    with engine.connect() as c:
        stored = " ".join(c.execute(text("SELECT response_body FROM idempotency_keys")).scalars())
    engine.dispose()
    assert tokens["refresh_token"] not in stored and tokens["access_token"] not in stored


def test_register_idempotency_key_with_other_body_is_refused(api):
    key = str(uuid.uuid4())
    body = {"email": "retry@example.com", "password": PASSWORD, "name": "재시도"}
    api.client.post("/api/v1/auth/register", json=body, headers={"Idempotency-Key": key})
    r = api.client.post("/api/v1/auth/register", json=body | {"name": "다른이름"},
                        headers={"Idempotency-Key": key})
    assert_problem(r, 422, "idempotency.mismatch")
    assert _count_users(api) == 1


def test_register_without_key_twice_is_409(api):
    body = {"email": "twice@example.com", "password": PASSWORD, "name": "두번"}
    assert api.client.post("/api/v1/auth/register", json=body).status_code == 201
    assert_problem(api.client.post("/api/v1/auth/register", json=body), 409, "auth.email_taken")


def test_login_ok_with_any_email_case(api):
    api.register(email="login@example.com")
    r = api.login(" LOGIN@example.com ")
    assert r.status_code == 200
    assert api.client.get("/api/v1/me", headers=api.bearer(r.json())).status_code == 200


def same_answer(*responses) -> bool:
    """Byte for byte the same answer but for each request's own id (same length, random)."""
    bodies = [{k: v for k, v in r.json().items() if k != "request_id"} for r in responses]
    return all(b == bodies[0] for b in bodies) and len({len(r.content) for r in responses}) == 1


def test_login_failures_are_indistinguishable(api):
    api.register(email="known@example.com")
    wrong_password = api.login("known@example.com", "wrong-password-1")
    unknown_email = api.login("nobody@example.com", PASSWORD)
    malformed = api.login("not an email", PASSWORD)
    body = assert_problem(wrong_password, 401, "auth.invalid_credentials")
    assert body["detail"] == "이메일 또는 비밀번호가 올바르지 않습니다."
    assert same_answer(wrong_password, unknown_email, malformed)
    assert wrong_password.status_code == unknown_email.status_code == malformed.status_code


def test_inactive_account_cannot_login(api):
    api.register(email="gone@example.com")
    with api.client.app.state.sessionmaker.begin() as s:
        s.scalars(select(User).where(User.email == "gone@example.com")).one().is_active = False
    r = api.login("gone@example.com")
    assert same_answer(r, api.login("nobody@example.com"))
    assert r.status_code == 401


def test_refresh_rotates_and_detects_reuse(api):
    first = api.register()
    r = api.client.post("/api/v1/auth/refresh", json={"refresh_token": first["refresh_token"]})
    assert r.status_code == 200
    second = r.json()
    assert second["refresh_token"] != first["refresh_token"]
    assert api.client.get("/api/v1/me", headers=api.bearer(second)).status_code == 200

    # The spent token again: refused, and the whole session dies with it.
    reused = api.client.post("/api/v1/auth/refresh", json={"refresh_token": first["refresh_token"]})
    body = assert_problem(reused, 401, "auth.invalid_refresh")
    assert body["detail"] == "다시 로그인해 주세요."
    r = api.client.post("/api/v1/auth/refresh", json={"refresh_token": second["refresh_token"]})
    assert_problem(r, 401, "auth.invalid_refresh")
    assert_problem(api.client.get("/api/v1/me", headers=api.bearer(second)), 401, "auth.required")


def test_refresh_unknown_or_expired_token(api, settings):
    r = api.client.post("/api/v1/auth/refresh", json={"refresh_token": "made-up"})
    assert_problem(r, 401, "auth.invalid_refresh")
    tokens = api.register()
    from myg_app.server.auth.models import RefreshToken
    from myg_app.server.db import utcnow
    with api.client.app.state.sessionmaker.begin() as s:
        for row in s.scalars(select(RefreshToken)):
            row.expires_at = utcnow()
    r = api.client.post("/api/v1/auth/refresh", json={"refresh_token": tokens["refresh_token"]})
    assert_problem(r, 401, "auth.invalid_refresh")


def test_logout_ends_the_session_at_once(api):
    tokens = api.register()
    other = api.login(tokens["email"]).json()  # a second device stays signed in
    r = api.client.post("/api/v1/auth/logout", json={"refresh_token": tokens["refresh_token"]})
    assert r.status_code == 204 and r.content == b""
    assert_problem(api.client.get("/api/v1/me", headers=api.bearer(tokens)), 401, "auth.required")
    r = api.client.post("/api/v1/auth/refresh", json={"refresh_token": tokens["refresh_token"]})
    assert_problem(r, 401, "auth.invalid_refresh")
    assert api.client.get("/api/v1/me", headers=api.bearer(other)).status_code == 200
    # Idempotent, also for tokens we never issued.
    again = api.client.post("/api/v1/auth/logout", json={"refresh_token": tokens["refresh_token"]})
    assert again.status_code == 204
    assert api.client.post("/api/v1/auth/logout", json={"refresh_token": "x"}).status_code == 204


def test_me_requires_a_valid_token(api):
    r = api.client.get("/api/v1/me")
    body = assert_problem(r, 401, "auth.required")
    assert body["detail"] == "로그인이 필요합니다."
    assert r.headers["www-authenticate"].startswith("Bearer")
    r = api.client.get("/api/v1/me", headers={"Authorization": "Bearer not.a.jwt"})
    assert_problem(r, 401, "auth.required")
    assert r.headers["www-authenticate"].startswith("Bearer")
    r = api.client.get("/api/v1/me", headers={"Authorization": "Basic dXNlcjpwdw=="})
    assert_problem(r, 401, "auth.required")


def test_officer_dependency_checks_the_role(settings):
    from fastapi.testclient import TestClient

    from myg_app.server.app import create_app
    from myg_app.server.auth.deps import Officer
    from myg_app.server.seed import DEFAULT_DEMO_PASSWORD, seed_demo

    app = create_app(settings)

    @app.get("/api/v1/officer-only")
    def officer_only(user: Officer):
        return {"department": user.department}

    seed_demo(settings)
    with TestClient(app) as client:
        def token(email):
            r = client.post("/api/v1/auth/login",
                            json={"email": email, "password": DEFAULT_DEMO_PASSWORD})
            return {"Authorization": f"Bearer {r.json()['access_token']}"}

        ok = client.get("/api/v1/officer-only", headers=token("officer@gwangyang.demo"))
        assert ok.json() == {"department": "민원봉사과"}
        assert client.get("/api/v1/officer-only", headers=token("admin@gwangyang.demo")).status_code == 200
        r = client.get("/api/v1/officer-only", headers=token("citizen@gwangyang.demo"))
        assert_problem(r, 403, "auth.forbidden")
        assert_problem(client.get("/api/v1/officer-only"), 401, "auth.required")


def test_production_has_no_demo_accounts(settings):
    """Their password is in the README: a production database never gets them."""
    from sqlalchemy import func, select

    from myg_app.server.auth.models import User
    from myg_app.server.db import make_engine, make_sessionmaker
    from myg_app.server.seed import seed_demo

    made = seed_demo(settings.model_copy(update={"env": "production"}))
    assert made == []
    engine = make_engine(settings.effective_database_url)
    try:
        with make_sessionmaker(engine)() as s:
            assert s.scalar(select(func.count()).select_from(User)
                            .where(User.email.like("%@gwangyang.demo"))) == 0
    finally:
        engine.dispose()
