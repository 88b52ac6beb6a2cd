"""The local workspace: SQLAlchemy models, migrations, repositories, audit chain. No Qt."""
