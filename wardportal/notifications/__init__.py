"""Telling applicants what happened: the messages of each dossier step, queued in the outbox with the step and
sent by the worker; staff see and repair the outbox."""
