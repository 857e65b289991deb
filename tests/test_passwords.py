"""Passwords: the suite hashes them cheaply (TestConfig), so here the production hash is checked on its own."""
from tracker.config import TestConfig, settings_from_env
from tracker.models import User


def test_production_hashes_with_scrypt_and_login_works(ctx, make_user, make_client, monkeypatch):
    production = settings_from_env({})["PASSWORD_HASH_METHOD"]
    assert production == "scrypt" and TestConfig.PASSWORD_HASH_METHOD != production
    monkeypatch.setitem(ctx.config, "PASSWORD_HASH_METHOD", production)
    user = make_user("matkhau")
    assert user.password_hash.startswith("scrypt:32768:8:1$")
    make_client("matkhau")  # logs in through the form, asserting the redirect
    assert not user.check_password("mat-khau-sai")


def test_outside_the_app_the_hash_is_scrypt():
    user = User(username="ngoai")
    user.set_password("mot-mat-khau")
    assert user.password_hash.startswith("scrypt:") and user.check_password("mot-mat-khau")


def test_an_unknown_user_name_is_checked_against_a_hash_as_costly_as_a_real_one():
    from werkzeug.security import generate_password_hash

    from tracker.auth.routes import _NOBODY_HASH
    from tracker.config import PASSWORD_HASH_METHOD

    real = generate_password_hash("mot-mat-khau", PASSWORD_HASH_METHOD)
    assert _NOBODY_HASH.split("$")[0] == real.split("$")[0] == "scrypt:32768:8:1"  # same method, same parameters
    assert len(_NOBODY_HASH) == len(real)
