"""Transparency figures of each ward and of the whole province, published for everyone."""
