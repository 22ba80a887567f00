"""A run's config hash (baselines compare like with like) and its readiness."""
import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"


def upgrade() -> None:
    op.add_column("runs", sa.Column("config_hash", sa.Text))
    op.add_column("runs", sa.Column("readiness", sa.Float))
    op.create_index("runs_site", "runs", ["site", "config_hash", "status"])
