"""i18n: a citizen's app language (users.language), kept with the account for every device.

Revision ID: 0180
Revises: 0002
Create Date: 2026-12-05 02:05:48.453298
"""
from __future__ import annotations

from alembic import op
import sqlalchemy as sa


revision = '0180'
down_revision = '0002'
branch_labels = ('i18n',)
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('language', sa.String(length=5), server_default='ko', nullable=False))



def downgrade() -> None:
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('language')

