"""MY광양 backend: FastAPI app, SQLAlchemy models and Alembic migrations.

Start-up order (see main.py): `Settings()` -> `migrate(settings)` -> `seed_demo(settings)`
-> `create_app(settings)`. The app itself never migrates, so tests and workers can share one
migrated database.
"""

__version__ = "0.1.0"
