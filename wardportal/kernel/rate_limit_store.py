"""Where the rate limits count, and a start-up line when that count is split between processes.

Flask-Limiter's default storage (``memory://``) counts inside one process: under ``gunicorn -w 4`` each
worker keeps its own count, so every limit is four times looser (sign-in: 80 a minute per address instead of
20), and each server of a multi-server install keeps its own too. The README's single-server command runs
one worker process with threads, where the memory count is exact; several workers or servers share one
count through ``RATELIMIT_STORAGE_URI`` (Redis). The app cannot see the other workers at start-up, so it
reads what it can: gunicorn's worker count from its command line, ``GUNICORN_CMD_ARGS`` or
``WEB_CONCURRENCY``, and the settings that mean a production or multi-server install.
"""

from __future__ import annotations

import logging
import os
import shlex
import sys

from wardportal.kernel.request_args import bounded_int

logger = logging.getLogger("wardportal.limits")


def shared(config) -> bool:
    """Whether the limits count in a store every process shares (anything but memory)."""
    return not str(config.get("RATELIMIT_STORAGE_URI") or "memory://").startswith("memory:")


def _workers_option(args: list[str]) -> int | None:
    """The value of gunicorn's ``-w N`` / ``--workers N`` / ``--workers=N`` / ``-wN`` in an argument list."""
    found = None
    for index, arg in enumerate(args):
        value = None
        if arg in ("-w", "--workers") and index + 1 < len(args):
            value = args[index + 1]
        elif arg.startswith("--workers="):
            value = arg.split("=", 1)[1]
        elif arg.startswith("-w") and len(arg) > 2:
            value = arg[2:]
        count = bounded_int(value)
        if count is not None:
            found = count  # the last one wins, as in gunicorn's own parser
    return found


def worker_processes(environ=None, argv=None) -> int:
    """How many worker processes gunicorn runs for this server, as far as the app can tell (else 1).

    gunicorn's own order: its command line, then ``GUNICORN_CMD_ARGS``, then ``WEB_CONCURRENCY``.
    """
    environ = os.environ if environ is None else environ
    argv = sys.argv if argv is None else argv
    # `gunicorn …` or `python -m gunicorn …` (argv[0] is then gunicorn/__main__.py)
    from_command_line = _workers_option(list(argv[1:])) if argv and "gunicorn" in argv[0] else None
    for found in (from_command_line, _workers_option(shlex.split(environ.get("GUNICORN_CMD_ARGS", "")))):
        if found is not None:
            return max(1, found)
    return max(1, bounded_int(environ.get("WEB_CONCURRENCY"), default=1))


def split_count_warning(config, environ=None, argv=None) -> str | None:
    """The one line to log when the limits count in memory but more than one process serves the site."""
    if shared(config) or not config.get("RATELIMIT_ENABLED", True):
        return None
    workers = worker_processes(environ, argv)
    advice = ("set WARDPORTAL_RATELIMIT_STORAGE_URI=redis://127.0.0.1:6379/0 (one shared count; README, "
              "Production), or run one worker: gunicorn -w 1 --threads 8")
    if workers > 1:
        return (f"Rate limits count in memory per worker and {workers} gunicorn workers run: every limit is "
                f"{workers} times looser; {advice}")
    database = str(config.get("SQLALCHEMY_DATABASE_URI") or "")
    if database.startswith("postgresql"):
        return ("Rate limits count in memory on this server only, and PostgreSQL (the multi-server engine) is "
                f"configured: with several servers each keeps its own count; {advice}")
    if config.get("PUBLIC_BASE_URL"):
        return ("Rate limits count in memory: exact only with one worker process on one server; with more, "
                f"{advice}")
    return None


def warn_if_split(app) -> None:
    """Log the start-up line (an error when the count is known to be split, else a warning)."""
    if app.testing:
        return
    line = split_count_warning(app.config)
    if line is None:
        return
    known_split = worker_processes() > 1
    (logger.error if known_split else logger.warning)(line)
