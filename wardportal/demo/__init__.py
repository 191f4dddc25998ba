"""Demo content: the Phường Phương Lâm data set (phuong-lam.json) and its downloadable form templates."""
