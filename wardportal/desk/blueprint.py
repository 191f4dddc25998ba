"""The one-stop desk (bộ phận một cửa): the dossier queue, a dossier's page and actions, counter registration."""

from flask import Blueprint

bp = Blueprint("desk", __name__)

# The desk's pages use the status and time helpers the tracking area registers for every template.
