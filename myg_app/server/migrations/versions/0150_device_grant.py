"""키오스크 로그인 (RFC 8628 device authorization grant): the kiosks' sign-in requests, on the
sso branch.

Revision ID: 0150
Revises: 0030
Create Date: 2026-12-04 17:22:56.268824
"""
from __future__ import annotations

from alembic import op
import sqlalchemy as sa


revision = '0150'
down_revision = '0030'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('oidc_device_grants',
    sa.Column('device_code_hash', sa.String(length=64), nullable=False),
    sa.Column('user_code', sa.String(length=9), nullable=False),
    sa.Column('client_id', sa.String(length=60), nullable=False),
    sa.Column('scope', sa.String(length=255), nullable=False),
    sa.Column('kiosk', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.Column('kiosk_place', sa.String(length=40), nullable=True),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('interval_s', sa.Integer(), nullable=False),
    sa.Column('last_polled_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('used_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('family_id', sa.String(length=36), nullable=True),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("status IN ('pending', 'approved', 'denied', 'used')", name=op.f('ck_oidc_device_grants_status')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_oidc_device_grants_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_oidc_device_grants')),
    sa.UniqueConstraint('device_code_hash', name=op.f('uq_oidc_device_grants_device_code_hash')),
    sa.UniqueConstraint('user_code', name=op.f('uq_oidc_device_grants_user_code'))
    )
    with op.batch_alter_table('oidc_device_grants', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_oidc_device_grants_expires_at'), ['expires_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_oidc_device_grants_family_id'), ['family_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_oidc_device_grants_user_id'), ['user_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('oidc_device_grants', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_oidc_device_grants_user_id'))
        batch_op.drop_index(batch_op.f('ix_oidc_device_grants_family_id'))
        batch_op.drop_index(batch_op.f('ix_oidc_device_grants_expires_at'))

    op.drop_table('oidc_device_grants')
