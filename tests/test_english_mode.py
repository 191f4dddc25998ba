"""English pages: the install's name and staff labels in English, Vietnamese-only content marked as such."""

from .staff_factories import login, make_staff
from .workflow_factories import client, make_dossier  # noqa: F401  (client fixture)


def english(client):
    """Choose English the way a visitor does (the language cookie)."""
    client.set_cookie("lang", "en")
    return client


def test_install_name_and_ward_name_in_english(client, make):
    """The ward list's title is the English install name; a ward page uses the ward's English name."""
    make.ward(slug="phuong-a", name="Phường A", name_en="Ward A")
    make.ward(slug="phuong-b", name="Phường B")
    page = english(client).get("/").get_data(as_text=True)
    assert "<title>Commune public service portal</title>" in page
    ward_page = client.get("/phuong-a/thu-tuc/").get_data(as_text=True)
    assert "– Ward A</title>" in ward_page


def test_vietnamese_only_guide_is_marked_and_explained(client, make):
    """In English the guide's own text carries lang="vi" and a short note says it exists only in Vietnamese."""
    ward = make.ward(slug="phuong-c")
    make.procedure(ward, code="1.000001", steps="1. Nộp tờ khai")
    page = english(client).get("/phuong-c/thu-tuc/1.000001").get_data(as_text=True)
    assert "This guide is available in Vietnamese only." in page
    assert '<h1 lang="vi">Đăng ký khai sinh</h1>' in page and '<span class="doc-name" lang="vi">' in page
    client.set_cookie("lang", "vi")
    vietnamese = client.get("/phuong-c/thu-tuc/1.000001").get_data(as_text=True)
    assert 'lang="vi">Đăng ký khai sinh' not in vietnamese and "Vietnamese only" not in vietnamese


def test_staff_labels_in_english(client, make):
    """The desk shows statuses, actions and the acceptance clock in English."""
    ward = make.ward(slug="phuong-d")
    officer = make_staff(ward, "officer")
    dossier = make_dossier(ward)
    english(client)
    login(client, officer.email)
    page = client.get(f"/phuong-d/can-bo/ho-so/{dossier.id}").get_data(as_text=True)
    assert "Confirm: Application not accepted" in page
    queue = client.get("/phuong-d/can-bo/ho-so/").get_data(as_text=True)
    assert "Over the 8 working hours to accept" in queue
