"""The public site of each ward: home, procedure catalogue and guides, forms, contacts."""
