from myg_app import catalog

from .conftest import assert_problem

KEYS = {"id", "name_ko", "name_en", "icon", "category", "route", "login_required", "status"}


def test_health_reports_the_database(api):
    r = api.client.get("/api/v1/health")
    assert r.status_code == 200
    assert r.json() == {"status": "ok", "version": "0.1.0",
                        "database": api.settings.effective_database_url.split(":")[0].split("+")[0]}


def test_catalog_lists_all_27_functions_in_order(api):
    r = api.client.get("/api/v1/catalog")
    assert r.status_code == 200
    assert r.headers["content-type"] == "application/json"
    assert r.headers["cache-control"] == "no-cache"
    items = r.json()["items"]
    assert [i["id"] for i in items] == [f.id for f in catalog.FUNCTIONS]
    assert len(items) == 27
    assert all(set(i) == KEYS for i in items)
    chat = items[0]
    assert chat["route"] == "/f/chat" and chat["name_ko"] == "1:1 민원상담 채팅"


def test_catalog_etag_gives_304(api):
    etag = api.client.get("/api/v1/catalog").headers["etag"]
    assert etag.startswith('"') and etag.endswith('"')
    for header in (etag, f"W/{etag}", '"other", ' + etag, "*"):
        r = api.client.get("/api/v1/catalog", headers={"If-None-Match": header})
        assert r.status_code == 304, header
        assert r.content == b""
        assert r.headers["etag"] == etag


def test_catalog_etag_mismatch_gives_200(api):
    r = api.client.get("/api/v1/catalog", headers={"If-None-Match": '"stale"'})
    assert r.status_code == 200
    assert len(r.json()["items"]) == 27


def test_unknown_route_is_problem_json(api):
    body = assert_problem(api.client.get("/api/v1/nothing-here"), 404, "not_found")
    assert body["detail"] == "요청한 주소를 찾을 수 없습니다."
    assert body["instance"] == "/api/v1/nothing-here"


def test_wrong_method_is_problem_json(api):
    r = api.client.delete("/api/v1/catalog")
    assert_problem(r, 405, "method_not_allowed")
    assert r.headers["allow"] == "GET"


def test_openapi_and_docs(api):
    spec = api.client.get("/openapi.json")
    assert spec.status_code == 200
    assert spec.json()["info"]["title"] == "MY광양 API"
    assert "/api/v1/me/menu" in spec.json()["paths"]
    docs = api.client.get("/docs")
    assert docs.status_code == 200 and "swagger" in docs.text.lower()


def test_unexpected_error_is_problem_json_without_details(settings):
    from fastapi.testclient import TestClient

    from myg_app.server.app import create_app

    app = create_app(settings)

    @app.get("/api/v1/boom")
    def boom():
        raise RuntimeError("secret internals hong@example.com")

    with TestClient(app, raise_server_exceptions=False) as client:
        r = client.get("/api/v1/boom")
    body = assert_problem(r, 500, "internal_error")
    assert "hong@example.com" not in r.text and "죄송합니다" in body["detail"]


def test_health_says_starting_until_the_database_is_prepared(settings):
    """main.py serves at once and prepares the database behind (server/startup.py)."""
    import threading

    from fastapi.testclient import TestClient

    from myg_app.server.app import create_app

    release = threading.Event()
    app = create_app(settings, prepare=lambda: release.wait(10))
    with TestClient(app) as client:
        r = client.get("/api/v1/health")
        assert r.status_code == 503 and r.json()["code"] == "starting"
        assert r.headers["retry-after"] == "2"
        assert client.get("/api/v1/catalog").status_code == 200  # needs no database
        release.set()
        app.state.readiness.wait(5)
        assert client.get("/api/v1/health").json()["status"] == "ok"


def test_the_fast_path_answers_exactly_as_the_documented_route(api):
    from myg_app.server.catalog_router import CATALOG_BODY, CATALOG_ETAG, get_catalog  # noqa: F401

    fast = api.client.get("/api/v1/catalog")
    assert fast.status_code == 200 and fast.content == CATALOG_BODY
    assert fast.headers["etag"] == CATALOG_ETAG and fast.headers["content-type"] == "application/json"
    # With a query string the request goes through routing to the route itself: same answer.
    routed = api.client.get("/api/v1/catalog?x=1")
    assert routed.content == fast.content and routed.headers["etag"] == fast.headers["etag"]
    assert api.client.get("/api/v1/catalog", headers={"If-None-Match": f'W/{CATALOG_ETAG}'}
                          ).status_code == 304
    assert api.client.head("/api/v1/catalog").status_code in (200, 405)
