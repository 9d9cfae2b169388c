"""1:1 chat (conversations, messages, attachments, saved answers), SOS requests with their
callback log, and the department directory.

Revision ID: 0040
Revises: 0002
Create Date: 2026-11-25
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0040"
down_revision = "0002"
branch_labels = ("chat", "sos", "directory")
depends_on = None

UTC = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "chat_conversations",
        sa.Column("citizen_id", sa.Integer(), nullable=False),
        sa.Column("department", sa.String(length=60), nullable=False),
        sa.Column("officer_id", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("open_key", sa.String(length=32), nullable=True),
        sa.Column("topic", sa.String(length=60), nullable=True),
        sa.Column("last_seq", sa.Integer(), nullable=False),
        sa.Column("citizen_read_seq", sa.Integer(), nullable=False),
        sa.Column("officer_read_seq", sa.Integer(), nullable=False),
        sa.Column("waiting_since", UTC, nullable=True),
        sa.Column("auto_reply_until", UTC, nullable=True),
        sa.Column("summary", sa.Text(), nullable=True),
        sa.Column("closed_at", UTC, nullable=True),
        sa.Column("rating", sa.Integer(), nullable=True),
        sa.Column("rating_comment", sa.String(length=500), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("updated_at", UTC, nullable=False),
        sa.Column("created_at", UTC, nullable=False),
        sa.CheckConstraint("status IN ('queued', 'active', 'closed')",
                           name="ck_chat_conversations_status"),
        sa.CheckConstraint("rating IS NULL OR (rating >= 1 AND rating <= 5)",
                           name="ck_chat_conversations_rating"),
        sa.ForeignKeyConstraint(["citizen_id"], ["users.id"],
                                name="fk_chat_conversations_citizen_id_users", ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["officer_id"], ["users.id"],
                                name="fk_chat_conversations_officer_id_users", ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name="pk_chat_conversations"),
        sa.UniqueConstraint("open_key", name="uq_chat_conversations_open_key"),
    )
    op.create_index("ix_chat_conversations_citizen_id", "chat_conversations", ["citizen_id"])
    op.create_index("ix_chat_conversations_department_status", "chat_conversations",
                    ["department", "status"])
    op.create_table(
        "chat_attachments",
        sa.Column("conversation_id", sa.Integer(), nullable=False),
        sa.Column("uploader_id", sa.Integer(), nullable=True),
        sa.Column("content_type", sa.String(length=40), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", UTC, nullable=False),
        sa.ForeignKeyConstraint(["conversation_id"], ["chat_conversations.id"],
                                name="fk_chat_attachments_conversation_id_chat_conversations",
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["uploader_id"], ["users.id"],
                                name="fk_chat_attachments_uploader_id_users", ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name="pk_chat_attachments"),
    )
    op.create_index("ix_chat_attachments_conversation_id", "chat_attachments",
                    ["conversation_id"])
    op.create_table(
        "chat_messages",
        sa.Column("conversation_id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("sender_role", sa.String(length=16), nullable=False),
        sa.Column("sender_id", sa.Integer(), nullable=True),
        sa.Column("client_msg_id", sa.String(length=64), nullable=True),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("attachment_id", sa.Integer(), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", UTC, nullable=False),
        sa.CheckConstraint("sender_role IN ('citizen', 'officer', 'system')",
                           name="ck_chat_messages_sender_role"),
        sa.ForeignKeyConstraint(["attachment_id"], ["chat_attachments.id"],
                                name="fk_chat_messages_attachment_id_chat_attachments",
                                ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["conversation_id"], ["chat_conversations.id"],
                                name="fk_chat_messages_conversation_id_chat_conversations",
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["sender_id"], ["users.id"],
                                name="fk_chat_messages_sender_id_users", ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name="pk_chat_messages"),
        sa.UniqueConstraint("conversation_id", "client_msg_id",
                            name="uq_chat_messages_conversation_id_client_msg_id"),
        sa.UniqueConstraint("conversation_id", "seq", name="uq_chat_messages_conversation_id_seq"),
    )
    op.create_table(
        "chat_saved_answers",
        sa.Column("department", sa.String(length=60), nullable=False),
        sa.Column("title", sa.String(length=60), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", UTC, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_chat_saved_answers"),
    )
    op.create_index("ix_chat_saved_answers_department", "chat_saved_answers", ["department"])

    op.create_table(
        "sos_requests",
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("phone", sa.String(length=20), nullable=False),
        sa.Column("location", sa.String(length=200), nullable=True),
        sa.Column("note", sa.String(length=300), nullable=True),
        sa.Column("consent_at", UTC, nullable=False),
        sa.Column("department", sa.String(length=60), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("open_key", sa.String(length=40), nullable=True),
        sa.Column("lookup_hash", sa.String(length=64), nullable=True),
        sa.Column("outcome", sa.Text(), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("updated_at", UTC, nullable=False),
        sa.Column("created_at", UTC, nullable=False),
        sa.CheckConstraint("kind IN ('livelihood', 'medical', 'housing', 'care', 'other')",
                           name="ck_sos_requests_kind"),
        sa.CheckConstraint("status IN ('received', 'contacted', 'closed')",
                           name="ck_sos_requests_status"),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name="fk_sos_requests_user_id_users",
                                ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name="pk_sos_requests"),
        sa.UniqueConstraint("open_key", name="uq_sos_requests_open_key"),
    )
    op.create_index("ix_sos_requests_department_status", "sos_requests", ["department", "status"])
    op.create_index("ix_sos_requests_user_id", "sos_requests", ["user_id"])
    op.create_table(
        "sos_callbacks",
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("officer_id", sa.Integer(), nullable=True),
        sa.Column("reached", sa.Boolean(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", UTC, nullable=False),
        sa.ForeignKeyConstraint(["officer_id"], ["users.id"],
                                name="fk_sos_callbacks_officer_id_users", ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["request_id"], ["sos_requests.id"],
                                name="fk_sos_callbacks_request_id_sos_requests", ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name="pk_sos_callbacks"),
    )
    op.create_index("ix_sos_callbacks_request_id", "sos_callbacks", ["request_id"])

    op.create_table(
        "directory_entries",
        sa.Column("division", sa.String(length=40), nullable=False),
        sa.Column("department", sa.String(length=60), nullable=False),
        sa.Column("tasks", sa.Text(), nullable=False),
        sa.Column("phone", sa.String(length=20), nullable=False),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_directory_entries"),
        sa.UniqueConstraint("department", name="uq_directory_entries_department"),
    )


def downgrade() -> None:
    op.drop_table("directory_entries")
    op.drop_index("ix_sos_callbacks_request_id", table_name="sos_callbacks")
    op.drop_table("sos_callbacks")
    op.drop_index("ix_sos_requests_user_id", table_name="sos_requests")
    op.drop_index("ix_sos_requests_department_status", table_name="sos_requests")
    op.drop_table("sos_requests")
    op.drop_index("ix_chat_saved_answers_department", table_name="chat_saved_answers")
    op.drop_table("chat_saved_answers")
    op.drop_table("chat_messages")
    op.drop_index("ix_chat_attachments_conversation_id", table_name="chat_attachments")
    op.drop_table("chat_attachments")
    op.drop_index("ix_chat_conversations_department_status", table_name="chat_conversations")
    op.drop_index("ix_chat_conversations_citizen_id", table_name="chat_conversations")
    op.drop_table("chat_conversations")
