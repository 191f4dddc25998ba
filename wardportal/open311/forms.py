"""An Open311 service request's text fields as a form: the web feedback form's cleaning and checks (the same
rules, `feedback.forms`), under GeoReport v2's field names."""

from wtforms import StringField, TextAreaField

from wardportal.feedback.forms import ADDRESS_RULES, DESCRIPTION_RULES, EMAIL_RULES, NAME_RULES, PHONE_RULES
from wardportal.kernel.text_input import SafeForm


class RequestForm(SafeForm):
    """The text a client posts with a request; refused characters and malformed contacts are a 400."""

    class Meta:
        csrf = False  # an API client proves itself with its api_key, not with a session's CSRF token

    description = TextAreaField(validators=list(DESCRIPTION_RULES))
    address_string = StringField(validators=list(ADDRESS_RULES))
    first_name = StringField(validators=list(NAME_RULES))
    last_name = StringField(validators=list(NAME_RULES))
    phone = StringField(validators=list(PHONE_RULES))
    email = StringField(validators=list(EMAIL_RULES))

    def reporter_name(self) -> str:
        """First and last name as one."""
        return " ".join(n for n in ((self.first_name.data or "").strip(), (self.last_name.data or "").strip()) if n)

    def problems(self) -> str:
        """Every refusal as ``field: message``, for the spec's error description."""
        return "; ".join(f"{name}: {message}" for name, messages in self.errors.items() for message in messages)
