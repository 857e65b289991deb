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



def test_status_inputs_migration_fills_and_reverts_without_losing_rows(ctx, make_unit, make_task):
    """0700 fills the status inputs from the rows there are, and its downgrade keeps every row (a batch copy
    of `task` on SQLite would cascade to the assignments)."""
    from datetime import date

    import sqlalchemy as sa
    from flask_migrate import downgrade, upgrade

    from tracker.models import Assignment, ReportEvery, Task
    from tracker.services.status_check import status_drift

    unit = make_unit()
    task_id = make_task(unit, deadline_on=date(2023, 9, 30)).id
    make_task(unit, deadline_on=None, report_every=ReportEvery.QUARTER)
    db.session.execute(sa.update(Assignment).where(Assignment.task_id == task_id)
                       .values(state="done", done_on=date(2023, 10, 2), reported_done_on=date(2023, 10, 2)))
    db.session.commit()
    db.session.remove()
    downgrade(revision="0501")
    try:
        assert db.session.execute(sa.text("SELECT count(*) FROM assignment")).scalar() == 2
        db.session.remove()
    finally:
        upgrade(revision="heads")
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Assignment)) == 2
    assert db.session.scalar(sa.select(Task.fixed_severity).where(Task.id == task_id)) == 2  # done late
    assert status_drift() == []


def test_usernames_clashing_by_case_stop_the_upgrade(tmp_path, monkeypatch):
    """0800 makes usernames case-insensitive: it refuses to run while two accounts differ only by case,
    naming them; once renamed, it runs and stores usernames in lower case with their folded search text."""
    import pytest
    import sqlalchemy as sa
    from alembic import command
    from flask_migrate import upgrade

    from tracker import create_app

    monkeypatch.setenv("TRACKER_INSTANCE_PATH", str(tmp_path))
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'old.db'}"})
    with app.app_context():
        upgrade(revision="0501")
        insert = sa.text("INSERT INTO user_account (username, full_name, password_hash, role, is_active, "
                         "wants_reminders, created_at) VALUES (:u, :n, 'x', 'office', 1, 1, '2026-01-01')")
        for username in ("kimson", "KimSon", "Ubnd"):
            db.session.execute(insert, {"u": username, "n": f"Người {username}"})
        db.session.commit()
    with app.app_context():
        with pytest.raises(RuntimeError, match="trùng nhau: KimSon / kimson. Hãy đổi tên"):
            command.upgrade(app.extensions["migrate"].migrate.get_config(), "heads")
        db.session.execute(sa.text("UPDATE user_account SET username = 'kimson2' WHERE username = 'KimSon'"))
        db.session.commit()
        upgrade(revision="heads")
        rows = db.session.execute(sa.text("SELECT username, search_folded FROM user_account ORDER BY id")).all()
    assert [tuple(r) for r in rows] == [("kimson", "kimson | nguoi kimson"), ("kimson2", "kimson2 | nguoi kimson"),
                                        ("ubnd", "ubnd | nguoi ubnd")]
