"""Page objects: URL + bytes in, :class:`crawler.items.ArticleItem` out. No engine, no I/O."""
