"""Running steps at the same moment, each in its own thread, app context and database connection."""

import threading

from flask import has_app_context

from wardportal.kernel.extensions import db


def race(app, steps) -> tuple[list, list]:
    """Start every step at once (a barrier releases them together); return their results and errors.

    The caller's own session, if it has one, is committed first: it must not hold SQLite's write lock while
    the steps run.
    """
    if has_app_context():
        db.session.commit()
    barrier = threading.Barrier(len(steps))
    results, errors = [], []

    def run(step):
        with app.app_context():
            try:
                barrier.wait(timeout=30)
                results.append(step())
            except Exception as exc:  # noqa: BLE001 — the caller asserts on them
                db.session.rollback()
                errors.append(exc)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=run, args=(step,)) for step in steps]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results, errors
