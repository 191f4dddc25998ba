"""Issue 27: no staff page repeats an ``id`` (a label's ``for``, ``aria-describedby`` and in-page links break).

Walks every staff GET route (the same walk as test_private_caching.py) as a user holding every role, on a
dossier that is being processed (so the action forms and both draft forms of the approval panel show).
"""

from collections import Counter
from html.parser import HTMLParser

from wardportal.dossiers import workflow

from .staff_factories import login
from .staff_factories import unexpiring_session  # noqa: F401  (autouse fixture)
from .staff_routes import StaffWorld, staff_rules
from .workflow_factories import client  # noqa: F401  (client fixture)


class _Ids(HTMLParser):
    """Collects every id attribute of a page."""

    def __init__(self):
        super().__init__()
        self.ids = Counter()

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name == "id" and value:
                self.ids[value] += 1


def repeated_ids(html: str) -> list[str]:
    """The ids that occur more than once in `html`."""
    parser = _Ids()
    parser.feed(html)
    return sorted(name for name, count in parser.ids.items() if count > 1)


def test_repeated_ids_are_found():
    assert repeated_ids('<label for="note"></label><textarea id="note"></textarea><input id="note">') == ["note"]


def test_no_staff_page_repeats_an_id(app, make, client):
    world = StaffWorld(app, make, client)
    workflow.start_processing(world.dossier, world.user)  # the approval panel's two draft forms show
    login(client, world.user.email)
    pages, repeated = 0, {}
    for rule in staff_rules(app):
        if "GET" not in rule.methods:
            continue
        response = client.get(world.url(rule))
        if response.status_code != 200 or not response.mimetype == "text/html":
            continue
        pages += 1
        if found := repeated_ids(response.get_data(as_text=True)):
            repeated[rule.endpoint] = found
    assert repeated == {}
    assert pages >= 40
    dossier_page = client.get(f"/{world.ward.slug}/can-bo/ho-so/{world.dossier.id}").get_data(as_text=True)
    assert 'id="upload-note"' in dossier_page and 'id="generate-note"' in dossier_page
