"""시정·청년참여 포인트: the ledger (append-only), wallets (lock rows) and vouchers.

Revision ID: 0120
Revises: 0002
Create Date: 2026-12-04 14:45:57.061118
"""
from __future__ import annotations

from alembic import op
import sqlalchemy as sa

revision = '0120'
down_revision = '0002'
branch_labels = ('points',)
depends_on = None

def upgrade() -> None:
    op.create_table('point_entries',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('rule', sa.String(length=30), nullable=False),
    sa.Column('ref', sa.String(length=120), nullable=False),
    sa.Column('amount', sa.Integer(), nullable=False),
    sa.Column('bonus', sa.Integer(), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('note', sa.String(length=200), nullable=True),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('demo', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['users.id'], name=op.f('fk_point_entries_actor_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_point_entries_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_point_entries')),
    sa.UniqueConstraint('user_id', 'rule', 'ref', name=op.f('uq_point_entries_user_id_rule_ref'))
    )
    with op.batch_alter_table('point_entries', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_point_entries_user_id'), ['user_id'], unique=False)

    op.create_table('point_wallets',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_point_wallets_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', name=op.f('pk_point_wallets'))
    )
    op.create_table('point_vouchers',
    sa.Column('entry_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('provider', sa.String(length=20), nullable=False),
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('amount_won', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['entry_id'], ['point_entries.id'], name=op.f('fk_point_vouchers_entry_id_point_entries'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_point_vouchers_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_point_vouchers')),
    sa.UniqueConstraint('code', name=op.f('uq_point_vouchers_code')),
    sa.UniqueConstraint('entry_id', name=op.f('uq_point_vouchers_entry_id'))
    )
    with op.batch_alter_table('point_vouchers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_point_vouchers_user_id'), ['user_id'], unique=False)

def downgrade() -> None:
    with op.batch_alter_table('point_vouchers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_point_vouchers_user_id'))

    op.drop_table('point_vouchers')
    op.drop_table('point_wallets')
    with op.batch_alter_table('point_entries', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_point_entries_user_id'))

    op.drop_table('point_entries')
