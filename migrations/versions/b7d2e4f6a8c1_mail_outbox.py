"""The mail outbox: outgoing mail written in the transaction of the change it tells about

Revision ID: b7d2e4f6a8c1
Revises: 7a3e5c1d2b90
Create Date: 2026-11-30 07:40:00
"""
from alembic import op
import sqlalchemy as sa

revision = 'b7d2e4f6a8c1'
down_revision = '7a3e5c1d2b90'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'mail_outbox',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('to_address', sa.String(length=320), nullable=False),
        sa.Column('subject', sa.Text(), nullable=False),
        sa.Column('body', sa.Text(), nullable=False),
        sa.Column('message_id', sa.String(length=255), nullable=False),
        sa.Column('status', sa.String(length=16), nullable=False),
        sa.Column('attempts', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('next_attempt_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('claimed_until', sa.DateTime(timezone=True), nullable=True),
        sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('last_error', sa.String(length=500), nullable=True),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_mail_outbox')),
    )
    op.create_index('ix_mail_outbox_status_due', 'mail_outbox', ['status', 'next_attempt_at'],
                    unique=False)


def downgrade():
    op.drop_index('ix_mail_outbox_status_due', table_name='mail_outbox')
    op.drop_table('mail_outbox')
