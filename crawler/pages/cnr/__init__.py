"""CNR (央广网, cnr.cn): the page object (:mod:`.page`), its selector chains as data
(:mod:`.selectors`) and CNR's URL rules (:mod:`.urls`: article ids, keys, channels, mirrors)."""
