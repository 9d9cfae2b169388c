"""OIDC provider (partner sites), profile columns, consents, login throttling.

Revision ID: 0030
Revises: 0002
Create Date: 2026-11-25
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0030"
down_revision = "0002"
branch_labels = ("sso",)
depends_on = None


def upgrade() -> None:
    op.create_table('password_resets',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('used_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_password_resets_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_password_resets')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_password_resets_token_hash'))
    )
    with op.batch_alter_table('password_resets', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_password_resets_user_id'), ['user_id'], unique=False)

    op.create_table('login_failures',
    sa.Column('key_hash', sa.String(length=64), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_login_failures'))
    )
    with op.batch_alter_table('login_failures', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_login_failures_key_hash'), ['key_hash'], unique=False)

    op.create_table('oidc_clients',
    sa.Column('client_id', sa.String(length=60), nullable=False),
    sa.Column('name', sa.String(length=60), nullable=False),
    sa.Column('secret_hash', sa.String(length=64), nullable=False),
    sa.Column('home_url', sa.String(length=255), nullable=False),
    sa.Column('initiate_login_uri', sa.String(length=255), nullable=True),
    sa.Column('redirect_uris', sa.Text(), nullable=False),
    sa.Column('post_logout_redirect_uris', sa.Text(), nullable=False),
    sa.Column('scopes', sa.String(length=255), nullable=False),
    sa.Column('sort_order', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_oidc_clients')),
    sa.UniqueConstraint('client_id', name=op.f('uq_oidc_clients_client_id'))
    )
    op.create_table('consents',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('item', sa.String(length=40), nullable=False),
    sa.Column('version', sa.String(length=20), nullable=False),
    sa.Column('agreed', sa.Boolean(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_consents_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_consents'))
    )
    with op.batch_alter_table('consents', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_consents_user_id'), ['user_id'], unique=False)

    op.create_table('oidc_browser_sessions',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('sid', sa.String(length=36), nullable=False),
    sa.Column('app_family_id', sa.String(length=36), nullable=True),
    sa.Column('auth_time', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('ended_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_oidc_browser_sessions_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_oidc_browser_sessions')),
    sa.UniqueConstraint('sid', name=op.f('uq_oidc_browser_sessions_sid')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_oidc_browser_sessions_token_hash'))
    )
    with op.batch_alter_table('oidc_browser_sessions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_oidc_browser_sessions_app_family_id'), ['app_family_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_oidc_browser_sessions_user_id'), ['user_id'], unique=False)

    op.create_table('oidc_consents',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('client_id', sa.String(length=60), nullable=False),
    sa.Column('scopes', sa.String(length=255), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_oidc_consents_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_oidc_consents')),
    sa.UniqueConstraint('user_id', 'client_id', name=op.f('uq_oidc_consents_user_id_client_id'))
    )
    op.create_table('oidc_handoffs',
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('client_id', sa.String(length=60), nullable=False),
    sa.Column('app_family_id', sa.String(length=36), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('used_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_oidc_handoffs_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_oidc_handoffs')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_oidc_handoffs_token_hash'))
    )
    op.create_table('oidc_codes',
    sa.Column('code_hash', sa.String(length=64), nullable=False),
    sa.Column('client_id', sa.String(length=60), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('browser_session_id', sa.Integer(), nullable=False),
    sa.Column('redirect_uri', sa.String(length=255), nullable=False),
    sa.Column('scope', sa.String(length=255), nullable=False),
    sa.Column('nonce', sa.String(length=255), nullable=True),
    sa.Column('code_challenge', sa.String(length=128), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('used_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['browser_session_id'], ['oidc_browser_sessions.id'], name=op.f('fk_oidc_codes_browser_session_id_oidc_browser_sessions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_oidc_codes_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_oidc_codes')),
    sa.UniqueConstraint('code_hash', name=op.f('uq_oidc_codes_code_hash'))
    )
    op.create_table('oidc_tokens',
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('family_id', sa.String(length=36), nullable=False),
    sa.Column('client_id', sa.String(length=60), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('browser_session_id', sa.Integer(), nullable=False),
    sa.Column('scope', sa.String(length=255), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('used_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['browser_session_id'], ['oidc_browser_sessions.id'], name=op.f('fk_oidc_tokens_browser_session_id_oidc_browser_sessions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_oidc_tokens_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_oidc_tokens')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_oidc_tokens_token_hash'))
    )
    with op.batch_alter_table('oidc_tokens', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_oidc_tokens_browser_session_id'), ['browser_session_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_oidc_tokens_family_id'), ['family_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_oidc_tokens_user_id'), ['user_id'], unique=False)

    with op.batch_alter_table('refresh_tokens', schema=None) as batch_op:
        batch_op.add_column(sa.Column('device_name', sa.String(length=60), nullable=True))

    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('phone', sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column('birth_date', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('dong', sa.String(length=10), nullable=True))
        batch_op.add_column(sa.Column('household_size', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('children_count', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('has_disabled_member', sa.Boolean(), nullable=True))
        batch_op.add_column(sa.Column('low_income', sa.Boolean(), nullable=True))
        batch_op.add_column(sa.Column('withdrawn_at', sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('password_resets', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_password_resets_user_id'))

    op.drop_table('password_resets')
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('withdrawn_at')
        batch_op.drop_column('low_income')
        batch_op.drop_column('has_disabled_member')
        batch_op.drop_column('children_count')
        batch_op.drop_column('household_size')
        batch_op.drop_column('dong')
        batch_op.drop_column('birth_date')
        batch_op.drop_column('phone')

    with op.batch_alter_table('refresh_tokens', schema=None) as batch_op:
        batch_op.drop_column('device_name')

    with op.batch_alter_table('oidc_tokens', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_oidc_tokens_user_id'))
        batch_op.drop_index(batch_op.f('ix_oidc_tokens_family_id'))
        batch_op.drop_index(batch_op.f('ix_oidc_tokens_browser_session_id'))

    op.drop_table('oidc_tokens')
    op.drop_table('oidc_codes')
    op.drop_table('oidc_handoffs')
    op.drop_table('oidc_consents')
    with op.batch_alter_table('oidc_browser_sessions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_oidc_browser_sessions_user_id'))
        batch_op.drop_index(batch_op.f('ix_oidc_browser_sessions_app_family_id'))

    op.drop_table('oidc_browser_sessions')
    with op.batch_alter_table('consents', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_consents_user_id'))

    op.drop_table('consents')
    op.drop_table('oidc_clients')
    with op.batch_alter_table('login_failures', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_login_failures_key_hash'))

    op.drop_table('login_failures')
