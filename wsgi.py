"""WSGI entry point: ``gunicorn -w 1 --threads 8 wsgi:app`` (several workers or servers: with Redis, see README)."""

from wardportal import create_app

app = create_app()
