"""pytest configuration. Shared helpers live in :mod:`tests.support` (imported as
``from tests.support.<module> import …``); ``../shared`` is read in place and tests that need it
skip when it is absent (:func:`tests.support.paths.shared_path`)."""
