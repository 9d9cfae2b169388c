"""The domain registry: one list (server/domains.py) drives routers, tables, migrations and
seeds; Alembic's labelled branches upgrade from empty and from the current schema."""
from __future__ import annotations

import re

from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import inspect

from myg_app.server.db import Base, alembic_config, make_engine, migrate
from myg_app.server.domains import DOMAINS
from tests.api.conftest import make_settings


def test_domain_names_are_unique_and_core_comes_first():
    names = [d.name for d in DOMAINS]
    assert len(names) == len(set(names)) and names[0] == "core"


def test_every_table_belongs_to_a_declared_domain():
    declared = {m.__name__ for d in DOMAINS for m in d.models}
    owners = {t.name: t for t in Base.metadata.sorted_tables}
    for mapper in Base.registry.mappers:
        assert mapper.class_.__module__ in declared, mapper.class_
    assert owners  # the registry imported every model


def test_every_route_comes_from_a_domain(api):
    documented = set(api.client.get("/openapi.json").json()["paths"])
    for d in DOMAINS:
        for m in d.routers:
            for r in m.router.routes:
                if getattr(r, "include_in_schema", False) and hasattr(r, "methods"):
                    assert m.prefix + re.sub(r":\w+}", "}", r.path) in documented, (d.name, r.path)
    # And the chat socket, which OpenAPI does not list, answers where the client looks.
    with api.client.websocket_connect("/api/v1/chat/ws") as ws:
        ws.send_json({"type": "ping"})


def test_every_domain_with_tables_has_a_labelled_migration_branch():
    script = ScriptDirectory.from_config(alembic_config())
    for d in DOMAINS[1:]:  # core is the unlabelled trunk the branches start from
        if d.models:
            assert d.migrations and script.get_revisions(f"{d.migrations}@head"), d.name


def test_upgrade_heads_from_empty_and_branch_by_branch(tmp_path):
    url = f"sqlite:///{tmp_path / 'branches.sqlite3'}"
    engine = make_engine(url, foreign_keys=False)
    try:
        with engine.begin() as conn:
            cfg = alembic_config()
            cfg.attributes["connection"] = conn
            # One domain at a time, as a deployment that adds functions one by one would.
            for label in dict.fromkeys(d.migrations for d in DOMAINS if d.migrations):
                command.upgrade(cfg, f"{label}@head")
    finally:
        engine.dispose()
    settings = make_settings(tmp_path, url)
    migrate(settings)  # then "heads" from the current schema: nothing left, no error
    engine = make_engine(url)
    try:
        assert set(inspect(engine).get_table_names()) >= set(Base.metadata.tables)
    finally:
        engine.dispose()
