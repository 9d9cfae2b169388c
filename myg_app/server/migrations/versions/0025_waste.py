"""Bulky waste (대형폐기물) and payments.

Revision ID: 0025
Revises: 0002
Create Date: 2026-11-25
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0025"
down_revision = "0002"
branch_labels = ("waste",)
depends_on = None

UTC = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "payments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("purpose", sa.String(30), nullable=False),
        sa.Column("order_id", sa.String(64), nullable=False),
        sa.Column("order_name", sa.String(100), nullable=False),
        sa.Column("method", sa.String(20), nullable=False),
        sa.Column("provider", sa.String(20), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("amount", sa.Integer(), nullable=False),
        sa.Column("provider_key", sa.String(200), nullable=True),
        sa.Column("va_bank", sa.String(40), nullable=True),
        sa.Column("va_account", sa.String(40), nullable=True),
        sa.Column("va_depositor", sa.String(40), nullable=True),
        sa.Column("due_at", UTC, nullable=True),
        sa.Column("approved_at", UTC, nullable=True),
        sa.Column("confirmed_by", sa.Integer(), nullable=True),
        sa.Column("refund_amount", sa.Integer(), nullable=False),
        sa.Column("refund_reason", sa.String(200), nullable=True),
        sa.Column("refund_bank", sa.String(20), nullable=True),
        sa.Column("refund_account", sa.String(40), nullable=True),
        sa.Column("refund_holder", sa.String(40), nullable=True),
        sa.Column("refunded_at", UTC, nullable=True),
        sa.Column("created_at", UTC, nullable=False),
        sa.Column("updated_at", UTC, nullable=False),
        sa.CheckConstraint("amount >= 0", name="ck_payments_amount_nonnegative"),
        sa.CheckConstraint("refund_amount >= 0 AND refund_amount <= amount",
                           name="ck_payments_refund_range"),
        sa.ForeignKeyConstraint(["confirmed_by"], ["users.id"],
                                name="fk_payments_confirmed_by_users", ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name="pk_payments"),
        sa.UniqueConstraint("order_id", name="uq_payments_order_id"),
    )
    op.create_table(
        "waste_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(40), nullable=False),
        sa.Column("category", sa.String(30), nullable=False),
        sa.Column("name", sa.String(60), nullable=False),
        sa.Column("size_label", sa.String(60), nullable=False),
        sa.Column("fee", sa.Integer(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("sort", sa.Integer(), nullable=False),
        sa.Column("created_at", UTC, nullable=False),
        sa.Column("updated_at", UTC, nullable=False),
        sa.CheckConstraint("fee >= 0", name="ck_waste_items_fee_nonnegative"),
        sa.PrimaryKeyConstraint("id", name="pk_waste_items"),
        sa.UniqueConstraint("code", name="uq_waste_items_code"),
    )
    op.create_table(
        "waste_bookings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("order_id", sa.String(64), nullable=False),
        sa.Column("area", sa.String(20), nullable=False),
        sa.Column("address", sa.String(200), nullable=False),
        sa.Column("note", sa.String(200), nullable=True),
        sa.Column("pickup_date", sa.Date(), nullable=False),
        sa.Column("total_fee", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("emission_no", sa.String(20), nullable=True),
        sa.Column("payment_id", sa.Integer(), nullable=True),
        sa.Column("paid_at", UTC, nullable=True),
        sa.Column("collected_at", UTC, nullable=True),
        sa.Column("collected_by", sa.Integer(), nullable=True),
        sa.Column("cancelled_at", UTC, nullable=True),
        sa.Column("cancel_reason", sa.String(200), nullable=True),
        sa.Column("created_at", UTC, nullable=False),
        sa.Column("updated_at", UTC, nullable=False),
        sa.CheckConstraint("total_fee >= 0", name="ck_waste_bookings_total_fee_nonnegative"),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"],
                                name="fk_waste_bookings_user_id_users", ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["payment_id"], ["payments.id"],
                                name="fk_waste_bookings_payment_id_payments"),
        sa.ForeignKeyConstraint(["collected_by"], ["users.id"],
                                name="fk_waste_bookings_collected_by_users", ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name="pk_waste_bookings"),
        sa.UniqueConstraint("order_id", name="uq_waste_bookings_order_id"),
        sa.UniqueConstraint("emission_no", name="uq_waste_bookings_emission_no"),
    )
    op.create_index("ix_waste_bookings_user_id", "waste_bookings", ["user_id"])
    op.create_index("ix_waste_bookings_pickup_date_area", "waste_bookings",
                    ["pickup_date", "area"])
    op.create_table(
        "waste_booking_lines",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("booking_id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(60), nullable=False),
        sa.Column("size_label", sa.String(60), nullable=False),
        sa.Column("unit_fee", sa.Integer(), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("amount", sa.Integer(), nullable=False),
        sa.CheckConstraint("quantity > 0", name="ck_waste_booking_lines_quantity_positive"),
        sa.ForeignKeyConstraint(["booking_id"], ["waste_bookings.id"],
                                name="fk_waste_booking_lines_booking_id_waste_bookings",
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["item_id"], ["waste_items.id"],
                                name="fk_waste_booking_lines_item_id_waste_items"),
        sa.PrimaryKeyConstraint("id", name="pk_waste_booking_lines"),
    )
    op.create_index("ix_waste_booking_lines_booking_id", "waste_booking_lines", ["booking_id"])


def downgrade() -> None:
    op.drop_index("ix_waste_booking_lines_booking_id", table_name="waste_booking_lines")
    op.drop_table("waste_booking_lines")
    op.drop_index("ix_waste_bookings_pickup_date_area", table_name="waste_bookings")
    op.drop_index("ix_waste_bookings_user_id", table_name="waste_bookings")
    op.drop_table("waste_bookings")
    op.drop_table("waste_items")
    op.drop_table("payments")
