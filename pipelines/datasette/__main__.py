"""``python -m pipelines.datasette``: write the Datasette metadata for a database, checked against it."""

import sys

from pipelines.datasette import main

sys.exit(main())
