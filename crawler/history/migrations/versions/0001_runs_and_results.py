"""Runs and their per-page, per-device check results."""
import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None


def upgrade() -> None:
    op.create_table(
        "runs",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("site", sa.Text, nullable=False),
        sa.Column("run_dir", sa.Text, nullable=False, unique=True),
        sa.Column("started_at", sa.Text), sa.Column("finished_at", sa.Text),
        sa.Column("status", sa.Text, nullable=False),
        sa.Column("pages", sa.Integer), sa.Column("pages_with_findings", sa.Integer),
    )
    op.create_table(
        "results",
        sa.Column("run_id", sa.Integer, sa.ForeignKey("runs.id", ondelete="CASCADE"), nullable=False),
        sa.Column("url", sa.Text, nullable=False), sa.Column("device", sa.Text, nullable=False),
        sa.Column("check_id", sa.Text, nullable=False), sa.Column("status", sa.Text, nullable=False),
    )
    op.create_index("results_run", "results", ["run_id"])
