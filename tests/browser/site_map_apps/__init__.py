"""Per-area entries of the site map (see site_map._app_entries)."""
