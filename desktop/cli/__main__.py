"""`python -m desktop.cli` is `regdesk`."""

import sys

from desktop.cli import main

sys.exit(main())
