"""JSON API for the site's own scripts and for integrators (versioned under /api/v1)."""
