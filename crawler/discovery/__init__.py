"""Finding article URLs: links on list pages (:mod:`.links`), RSS/Atom feeds and sitemaps
(:mod:`.feeds`)."""
