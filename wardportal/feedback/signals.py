"""Signals the feedback capability sends, so others react without the feedback package importing them."""

from blinker import Namespace

_signals = Namespace()

# Sent with ``report`` when a resident's report is taken on the public form, inside its transaction:
# residents link it to the signed-in resident, if any, so it shows on "Hồ sơ của tôi".
report_taken = _signals.signal("feedback-report-taken")
