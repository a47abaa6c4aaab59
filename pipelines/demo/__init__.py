"""``cnr-news demo``'s local site: a small threaded HTTP server over a mirror folder (:mod:`.server`)."""
