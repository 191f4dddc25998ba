"""The staff area: sign-in and two-step sign-in, editing guides, managing staff, the audit log."""
