"""The app factory's settings."""
from tracker.models import Role



def test_secret_key_is_kept_in_the_instance_folder(tmp_path, monkeypatch):
    """Without TRACKER_SECRET_KEY every worker (each calls create_app) must sign sessions with the same key."""
    from tracker import create_app

    monkeypatch.setenv("TRACKER_INSTANCE_PATH", str(tmp_path))
    first = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": None})
    second = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": None})
    assert first.config["SECRET_KEY"] == second.config["SECRET_KEY"]
    assert len(first.config["SECRET_KEY"]) == 64
    assert (tmp_path / "secret_key").stat().st_mode & 0o777 == 0o600


def test_english_is_the_second_language(make_user, make_client):
    """Vietnamese by default; /lang/en switches the interface (and the user's preference) to English."""
    make_user("vp", Role.OFFICE)
    c = make_client("vp")
    html = c.get("/").get_data(as_text=True)
    assert '<html lang="vi">' in html and ">Nhiệm vụ</a>" in html and "Đăng xuất" in html
    c.post("/lang/en", page="/")
    html = c.get("/").get_data(as_text=True)
    assert '<html lang="en">' in html and ">Tasks</a>" in html and "Log out" in html and "Overdue" in html
    c.post("/lang/vi", page="/")
    assert ">Nhiệm vụ</a>" in c.get("/").get_data(as_text=True)


def test_compiled_catalog_matches_its_source():
    """The committed .mo is compiled from the committed .po (run `pybabel compile -d tracker/translations`)."""
    from pathlib import Path

    from babel.messages.mofile import read_mo
    from babel.messages.pofile import read_po

    folder = Path(__file__).parents[1] / "tracker" / "translations" / "en" / "LC_MESSAGES"
    with open(folder / "messages.po", "rb") as po, open(folder / "messages.mo", "rb") as mo:
        source, compiled = read_po(po), read_mo(mo)
    wanted = {m.id: m.string for m in source if m.id}
    assert wanted and {m.id: m.string for m in compiled if m.id} == wanted

