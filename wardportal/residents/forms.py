"""The residents area's forms: buttons that post (CSRF-checked), nothing typed."""

from wardportal.kernel.text_input import SafeForm


class SignOutForm(SafeForm):
    """Sign out (of the portal and, when it supports it, of the identity provider)."""


class ResumeDraftForm(SafeForm):
    """Go on with one of the resident's saved drafts."""
