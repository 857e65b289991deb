"""The one migration builds exactly the schema the models declare, on SQLite and PostgreSQL."""
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from tracker.extensions import db


def test_migrations_match_models(ctx):
    with db.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), db.metadata)
    assert diff == []


def test_upgrade_from_empty_database(tmp_path, monkeypatch):
    """`flask db upgrade` on an empty SQLite file, through the CLI as a user would run it."""
    from tracker import create_app

    monkeypatch.setenv("TRACKER_INSTANCE_PATH", str(tmp_path))
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'fresh.db'}"})
    result = app.test_cli_runner().invoke(args=["db", "upgrade"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        import sqlalchemy as sa

        tables = set(sa.inspect(db.engine).get_table_names())
    assert {"unit", "user_account", "directive", "task", "assignment", "reminder", "task_event"} <= tables

