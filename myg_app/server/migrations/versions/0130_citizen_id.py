"""디지털 광양시민증: cards (one open per citizen, a partial unique index) and benefit places.

Revision ID: 0130
Revises: 0002
Create Date: 2026-12-04 16:50:50.739405
"""
from __future__ import annotations

from alembic import op
import sqlalchemy as sa


revision = '0130'
down_revision = '0002'
branch_labels = ('citizen_id',)
depends_on = None


def upgrade() -> None:
    op.create_table('citizen_card_benefits',
    sa.Column('place', sa.String(length=60), nullable=False),
    sa.Column('category', sa.String(length=20), nullable=False),
    sa.Column('benefit', sa.String(length=200), nullable=False),
    sa.Column('address', sa.String(length=120), nullable=True),
    sa.Column('sort', sa.Integer(), nullable=False),
    sa.Column('demo', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_citizen_card_benefits'))
    )
    op.create_table('citizen_cards',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.String(length=20), nullable=True),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('dong', sa.String(length=20), nullable=False),
    sa.Column('name', sa.String(length=40), nullable=False),
    sa.Column('photo', sa.LargeBinary(), nullable=True),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('decided_by', sa.Integer(), nullable=True),
    sa.Column('reject_reason', sa.String(length=200), nullable=True),
    sa.Column('valid_from', sa.Date(), nullable=True),
    sa.Column('valid_until', sa.Date(), nullable=True),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('revoke_reason', sa.String(length=20), nullable=True),
    sa.Column('reissue_of', sa.Integer(), nullable=True),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['decided_by'], ['users.id'], name=op.f('fk_citizen_cards_decided_by_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['reissue_of'], ['citizen_cards.id'], name=op.f('fk_citizen_cards_reissue_of_citizen_cards'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_citizen_cards_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_citizen_cards')),
    sa.UniqueConstraint('number', name=op.f('uq_citizen_cards_number'))
    )
    with op.batch_alter_table('citizen_cards', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_citizen_cards_revoked_at'), ['revoked_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_citizen_cards_status'), ['status'], unique=False)
        batch_op.create_index(batch_op.f('ix_citizen_cards_user_id'), ['user_id'], unique=False)
        batch_op.create_index('uq_citizen_cards_open', ['user_id'], unique=True, sqlite_where=sa.text("status IN ('pending', 'active')"), postgresql_where=sa.text("status IN ('pending', 'active')"))



def downgrade() -> None:
    with op.batch_alter_table('citizen_cards', schema=None) as batch_op:
        batch_op.drop_index('uq_citizen_cards_open', sqlite_where=sa.text("status IN ('pending', 'active')"), postgresql_where=sa.text("status IN ('pending', 'active')"))
        batch_op.drop_index(batch_op.f('ix_citizen_cards_user_id'))
        batch_op.drop_index(batch_op.f('ix_citizen_cards_status'))
        batch_op.drop_index(batch_op.f('ix_citizen_cards_revoked_at'))

    op.drop_table('citizen_cards')
    op.drop_table('citizen_card_benefits')
