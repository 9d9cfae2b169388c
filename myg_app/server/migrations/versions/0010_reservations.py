"""Reservations: resources (halls, courts, courses, legal counsel), closures, bookings.

Revision ID: 0010
Revises: 0002
Create Date: 2026-11-25
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0002"
branch_labels = ("reservations",)
depends_on = None

UTC = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "rsv_resources",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("category", sa.String(40), nullable=False),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("dong", sa.String(20), nullable=False),
        sa.Column("place", sa.String(200), nullable=False),
        sa.Column("department", sa.String(60), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("host", sa.String(60), nullable=True),
        sa.Column("capacity", sa.Integer(), nullable=False),
        sa.Column("max_headcount", sa.Integer(), nullable=True),
        sa.Column("mode", sa.String(16), nullable=False),
        sa.Column("opens", sa.Time(), nullable=False),
        sa.Column("closes", sa.Time(), nullable=False),
        sa.Column("slot_minutes", sa.Integer(), nullable=False),
        sa.Column("weekdays", sa.String(7), nullable=False),
        sa.Column("fee_resident", sa.Integer(), nullable=False),
        sa.Column("fee_nonresident", sa.Integer(), nullable=False),
        sa.Column("cancel_hours", sa.Integer(), nullable=False),
        sa.Column("book_ahead_days", sa.Integer(), nullable=False),
        sa.Column("max_active_per_user", sa.Integer(), nullable=True),
        sa.Column("is_active", sa.Boolean(), server_default=sa.true(), nullable=False),
        sa.Column("term_starts_on", sa.Date(), nullable=True),
        sa.Column("term_ends_on", sa.Date(), nullable=True),
        sa.Column("apply_opens_at", UTC, nullable=True),
        sa.Column("apply_closes_at", UTC, nullable=True),
        sa.Column("selection", sa.String(16), nullable=True),
        sa.Column("lottery_seed", sa.String(64), nullable=True),
        sa.Column("lottery_drawn_at", UTC, nullable=True),
        sa.Column("created_at", UTC, nullable=False),
        sa.Column("updated_at", UTC, nullable=False),
        sa.CheckConstraint("kind IN ('facility', 'sports', 'course', 'legal')",
                           name=op.f("ck_rsv_resources_kind")),
        sa.CheckConstraint("mode IN ('instant', 'approval')", name=op.f("ck_rsv_resources_mode")),
        sa.CheckConstraint("capacity > 0", name=op.f("ck_rsv_resources_capacity")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rsv_resources")),
    )
    op.create_index("ix_rsv_resources_kind_dong", "rsv_resources", ["kind", "dong"])

    op.create_table(
        "rsv_closures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("resource_id", sa.Integer(), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        sa.Column("reason", sa.String(200), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("created_at", UTC, nullable=False),
        sa.ForeignKeyConstraint(["resource_id"], ["rsv_resources.id"],
                                name=op.f("fk_rsv_closures_resource_id_rsv_resources"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["created_by"], ["users.id"],
                                name=op.f("fk_rsv_closures_created_by_users"), ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rsv_closures")),
    )
    op.create_index("ix_rsv_closures_resource_id", "rsv_closures", ["resource_id"])

    op.create_table(
        "rsv_bookings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("resource_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("starts_at", UTC, nullable=False),
        sa.Column("ends_at", UTC, nullable=False),
        sa.Column("headcount", sa.Integer(), nullable=False),
        sa.Column("purpose", sa.String(200), nullable=True),
        sa.Column("topic", sa.String(40), nullable=True),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("resident", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("fee", sa.Integer(), nullable=False),
        sa.Column("payment_status", sa.String(16), nullable=False),
        sa.Column("payment_method", sa.String(16), nullable=True),
        sa.Column("paid_at", UTC, nullable=True),
        sa.Column("checkin_code", sa.String(16), nullable=False),
        sa.Column("checked_in_at", UTC, nullable=True),
        sa.Column("decided_by", sa.Integer(), nullable=True),
        sa.Column("decided_at", UTC, nullable=True),
        sa.Column("decision_reason", sa.String(200), nullable=True),
        sa.Column("cancelled_at", UTC, nullable=True),
        sa.Column("late_cancel", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("lottery_rank", sa.Integer(), nullable=True),
        sa.Column("created_at", UTC, nullable=False),
        sa.Column("updated_at", UTC, nullable=False),
        sa.CheckConstraint(
            "status IN ('pending', 'applied', 'confirmed', 'waitlisted', 'rejected', 'cancelled')",
            name=op.f("ck_rsv_bookings_status")),
        sa.CheckConstraint("payment_status IN ('free', 'unpaid', 'paid')",
                           name=op.f("ck_rsv_bookings_payment_status")),
        sa.ForeignKeyConstraint(["resource_id"], ["rsv_resources.id"],
                                name=op.f("fk_rsv_bookings_resource_id_rsv_resources"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"],
                                name=op.f("fk_rsv_bookings_user_id_users"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["decided_by"], ["users.id"],
                                name=op.f("fk_rsv_bookings_decided_by_users"), ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rsv_bookings")),
        sa.UniqueConstraint("checkin_code", name=op.f("uq_rsv_bookings_checkin_code")),
    )
    op.create_index("ix_rsv_bookings_resource_id_starts_at", "rsv_bookings",
                    ["resource_id", "starts_at"])
    op.create_index("ix_rsv_bookings_user_id_starts_at", "rsv_bookings", ["user_id", "starts_at"])


def downgrade() -> None:
    op.drop_index("ix_rsv_bookings_user_id_starts_at", table_name="rsv_bookings")
    op.drop_index("ix_rsv_bookings_resource_id_starts_at", table_name="rsv_bookings")
    op.drop_table("rsv_bookings")
    op.drop_index("ix_rsv_closures_resource_id", table_name="rsv_closures")
    op.drop_table("rsv_closures")
    op.drop_index("ix_rsv_resources_kind_dong", table_name="rsv_resources")
    op.drop_table("rsv_resources")
