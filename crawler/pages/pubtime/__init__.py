"""Publication time of a page: :mod:`.chain` tries the sources in order (meta tags, JSON-LD,
bylines, text near the headline, the URL); :mod:`.parse` reads one time string, :mod:`.sources`,
:mod:`.byline`, :mod:`.urldate`, :mod:`.chunks` and :mod:`.titlematch` are the sources' parts."""
