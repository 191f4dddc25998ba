"""Wards and their staff: accounts, sign-in and two-step sign-in, sessions, roles, the audit log, admin pages."""
