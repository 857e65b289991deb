"""bench/generate.py makes a consistent data set (here at a small scale)."""
import importlib.util
from datetime import date
from pathlib import Path

import sqlalchemy as sa


def load_generator():
    path = Path(__file__).parents[1] / "bench" / "generate.py"
    spec = importlib.util.spec_from_file_location("bench_generate", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_generate_small_province(tmp_path, monkeypatch):
    monkeypatch.setenv("TRACKER_INSTANCE_PATH", str(tmp_path))
    url = f"sqlite:///{tmp_path / 'province.db'}"
    made = load_generator().generate(url, n_units=150, n_directives=30, per_directive=10,
                                     today=date(2026, 11, 23), seed=1)
    assert made["units"] == 150 and made["tasks"] == 300 and made["assignments"] >= 300
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        counts = {t: conn.scalar(sa.text(f"SELECT COUNT(*) FROM {t}")) for t in ("unit", "directive", "task", "assignment")}
        states = {s for (s,) in conn.execute(sa.text("SELECT DISTINCT state FROM assignment"))}
        orphan = conn.scalar(sa.text("SELECT COUNT(*) FROM task t WHERE NOT EXISTS "
                                     "(SELECT 1 FROM assignment a WHERE a.task_id = t.id AND a.role = 'lead')"))
    engine.dispose()
    assert counts == {"unit": 150, "directive": 30, "task": 300, "assignment": made["assignments"]}
    assert states == {"open", "reported_done", "done"}
    assert orphan == 0


def test_generated_status_inputs_match_the_history(tmp_path, monkeypatch):
    """The generator writes the stored status inputs and the extension history they come from."""
    from tracker import create_app
    from tracker.extensions import db
    from tracker.services.status_check import status_drift

    monkeypatch.setenv("TRACKER_INSTANCE_PATH", str(tmp_path))
    url = f"sqlite:///{tmp_path / 'province.db'}"
    load_generator().generate(url, n_units=150, n_directives=60, per_directive=10, today=date(2026, 11, 23), seed=3)
    app = create_app({"SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        assert db.session.execute(sa.text("SELECT count(*) FROM extension_request")).scalar() > 0
        assert status_drift() == []
