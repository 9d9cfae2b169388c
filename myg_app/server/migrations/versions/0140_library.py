"""모바일 도서관회원증: links to library accounts, due-date notices sent, and the embedded demo
library's members and loans.

Revision ID: 0140
Revises: 0002
Create Date: 2026-12-04 16:52:34.655722
"""
from __future__ import annotations

from alembic import op
import sqlalchemy as sa


revision = '0140'
down_revision = '0002'
branch_labels = ('library',)
depends_on = None


def upgrade() -> None:
    op.create_table('library_demo_members',
    sa.Column('member_no', sa.String(length=20), nullable=False),
    sa.Column('sub', sa.String(length=64), nullable=False),
    sa.Column('name', sa.String(length=60), nullable=False),
    sa.Column('demo', sa.Boolean(), server_default=sa.true(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_library_demo_members')),
    sa.UniqueConstraint('member_no', name=op.f('uq_library_demo_members_member_no')),
    sa.UniqueConstraint('sub', name=op.f('uq_library_demo_members_sub'))
    )
    op.create_table('library_demo_loans',
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('author', sa.String(length=100), nullable=True),
    sa.Column('loaned_on', sa.Date(), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('renewals', sa.Integer(), nullable=False),
    sa.Column('reserved', sa.Boolean(), nullable=False),
    sa.Column('demo', sa.Boolean(), server_default=sa.true(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['member_id'], ['library_demo_members.id'], name=op.f('fk_library_demo_loans_member_id_library_demo_members'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_library_demo_loans'))
    )
    with op.batch_alter_table('library_demo_loans', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_library_demo_loans_member_id'), ['member_id'], unique=False)

    op.create_table('library_due_notices',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('loan_id', sa.String(length=40), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_library_due_notices_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_library_due_notices')),
    sa.UniqueConstraint('user_id', 'loan_id', 'due_on', name=op.f('uq_library_due_notices_user_id_loan_id_due_on'))
    )
    op.create_table('library_links',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('member_no', sa.String(length=20), nullable=False),
    sa.Column('linked_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_library_links_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_library_links')),
    sa.UniqueConstraint('user_id', name=op.f('uq_library_links_user_id'))
    )


def downgrade() -> None:
    op.drop_table('library_links')
    op.drop_table('library_due_notices')
    with op.batch_alter_table('library_demo_loans', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_library_demo_loans_member_id'))

    op.drop_table('library_demo_loans')
    op.drop_table('library_demo_members')
