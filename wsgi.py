"""For gunicorn: `gunicorn --config gunicorn.conf.py wsgi:app`. It never starts the scheduler (that is `flask tracker scheduler`)."""
from tracker import create_app

app = create_app()
