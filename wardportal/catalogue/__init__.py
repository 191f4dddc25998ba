"""The procedure catalogue: guides (thủ tục hành chính) with their documents, fees, forms, e-form questions and
contacts; reading them, editing them as drafts and revisions, checking them, importing them."""
