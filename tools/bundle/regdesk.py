"""The frozen `regdesk` (console): build.spec's entry point for desktop.cli.main."""

import multiprocessing
import sys

if __name__ == "__main__":
    # First thing: a frozen executable re-run as a multiprocessing child must become that
    # child here, before anything else runs.
    multiprocessing.freeze_support()
    from desktop.cli import main

    sys.exit(main())
