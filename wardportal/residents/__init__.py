"""Residents who sign in with their national identity (OpenID Connect): "Hồ sơ của tôi", prefilled forms.

``provider`` is the only module speaking to the identity provider (Authlib); ``sessions`` keeps a resident's
session server-side and apart from staff sessions; ``queries`` finds a resident's own dossiers, drafts and
reports by the verified citizen ID; ``operations`` records sign-ins, drafts and verified submissions.
"""
