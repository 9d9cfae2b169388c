"""생활불편 신고: reports, photos, history, supporters and Open311 partner keys.

Revision ID: 0020
Revises: 0002
Create Date: 2026-11-25
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0020"
down_revision = "0002"
branch_labels = ("reports",)
depends_on = None

UTC = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "open311_api_keys",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(80), nullable=False),
        sa.Column("key_hash", sa.String(64), nullable=False),
        sa.Column("prefix", sa.String(12), nullable=False),
        sa.Column("revoked_at", UTC, nullable=True),
        sa.Column("created_at", UTC, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_open311_api_keys"),
        sa.UniqueConstraint("key_hash", name="uq_open311_api_keys_key_hash"),
    )
    op.create_table(
        "reports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("reporter_id", sa.Integer(), nullable=True),
        sa.Column("api_key_id", sa.Integer(), nullable=True),
        sa.Column("source", sa.String(16), nullable=False),
        sa.Column("category", sa.String(32), nullable=False),
        sa.Column("department", sa.String(60), nullable=False),
        sa.Column("assignee_id", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("anonymous", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("lat", sa.Float(), nullable=True),
        sa.Column("long", sa.Float(), nullable=True),
        sa.Column("address", sa.String(200), nullable=True),
        sa.Column("area", sa.String(20), nullable=True),
        sa.Column("attributes", sa.JSON(), nullable=False),
        sa.Column("external_media_url", sa.String(500), nullable=True),
        sa.Column("due_at", UTC, nullable=False),
        sa.Column("extensions", sa.Integer(), nullable=False),
        sa.Column("resolved_at", UTC, nullable=True),
        sa.Column("reopen_count", sa.Integer(), nullable=False),
        sa.Column("duplicate_of_id", sa.Integer(), nullable=True),
        sa.Column("supporters", sa.Integer(), nullable=False),
        sa.Column("status_note", sa.Text(), nullable=True),
        sa.Column("created_at", UTC, nullable=False),
        sa.Column("updated_at", UTC, nullable=False),
        sa.CheckConstraint("source IN ('app', 'open311')", name="ck_reports_source"),
        sa.CheckConstraint("status IN ('received', 'in_progress', 'done', 'rejected', "
                           "'transferred', 'duplicate')", name="ck_reports_status"),
        sa.ForeignKeyConstraint(["api_key_id"], ["open311_api_keys.id"],
                                name="fk_reports_api_key_id_open311_api_keys", ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["assignee_id"], ["users.id"],
                                name="fk_reports_assignee_id_users", ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["duplicate_of_id"], ["reports.id"],
                                name="fk_reports_duplicate_of_id_reports", ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["reporter_id"], ["users.id"],
                                name="fk_reports_reporter_id_users", ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name="pk_reports"),
    )
    op.create_index("ix_reports_created_at", "reports", ["created_at"])
    op.create_index("ix_reports_department_status", "reports", ["department", "status"])
    op.create_index("ix_reports_lat_long", "reports", ["lat", "long"])
    op.create_index("ix_reports_reporter_id", "reports", ["reporter_id"])
    op.create_table(
        "report_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("actor_role", sa.String(16), nullable=False),
        sa.Column("kind", sa.String(24), nullable=False),
        sa.Column("from_status", sa.String(16), nullable=True),
        sa.Column("to_status", sa.String(16), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("created_at", UTC, nullable=False),
        sa.ForeignKeyConstraint(["actor_id"], ["users.id"],
                                name="fk_report_events_actor_id_users", ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["report_id"], ["reports.id"],
                                name="fk_report_events_report_id_reports", ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name="pk_report_events"),
    )
    op.create_index("ix_report_events_report_id", "report_events", ["report_id"])
    op.create_table(
        "report_photos",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token", sa.String(36), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.Column("report_id", sa.Integer(), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("original_type", sa.String(16), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("width", sa.Integer(), nullable=False),
        sa.Column("height", sa.Integer(), nullable=False),
        sa.Column("created_at", UTC, nullable=False),
        sa.ForeignKeyConstraint(["owner_id"], ["users.id"],
                                name="fk_report_photos_owner_id_users", ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["report_id"], ["reports.id"],
                                name="fk_report_photos_report_id_reports", ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name="pk_report_photos"),
        sa.UniqueConstraint("token", name="uq_report_photos_token"),
    )
    op.create_index("ix_report_photos_owner_id", "report_photos", ["owner_id"])
    op.create_index("ix_report_photos_report_id", "report_photos", ["report_id"])
    op.create_table(
        "report_supporters",
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("created_at", UTC, nullable=False),
        sa.ForeignKeyConstraint(["report_id"], ["reports.id"],
                                name="fk_report_supporters_report_id_reports", ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"],
                                name="fk_report_supporters_user_id_users", ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("report_id", "user_id", name="pk_report_supporters"),
    )


def downgrade() -> None:
    op.drop_table("report_supporters")
    op.drop_index("ix_report_photos_report_id", table_name="report_photos")
    op.drop_index("ix_report_photos_owner_id", table_name="report_photos")
    op.drop_table("report_photos")
    op.drop_index("ix_report_events_report_id", table_name="report_events")
    op.drop_table("report_events")
    op.drop_index("ix_reports_reporter_id", table_name="reports")
    op.drop_index("ix_reports_lat_long", table_name="reports")
    op.drop_index("ix_reports_department_status", table_name="reports")
    op.drop_index("ix_reports_created_at", table_name="reports")
    op.drop_table("reports")
    op.drop_table("open311_api_keys")
