"""The one-stop desk (bộ phận một cửa): the dossier queue, a dossier's page and actions, counter registration."""
