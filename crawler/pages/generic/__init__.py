"""The generic extractor for any Chinese news page: :mod:`.page` orchestrates; the steps are
:mod:`.htmltree` (parse), :mod:`.textwalk` (text lines of the tree), :mod:`.density` (which block
is the story), :mod:`.headline`, :mod:`.cleanlines` (furniture around the story),
:mod:`.credits` and :mod:`.byline` (authors, sources), :mod:`.pagemeta` (meta tags),
:mod:`.article_kind` (article or list?), with selectors and patterns as data in :mod:`.selectors`."""
