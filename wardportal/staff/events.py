"""The staff capability's listeners: a ward's home page notice is rendered once, when it is saved."""

from wardportal.kernel.hooks import listen
from wardportal.staff.models import Ward, store_notice_html


def register(_app) -> None:
    listen(Ward, "before_insert", store_notice_html)
    listen(Ward, "before_update", store_notice_html)
