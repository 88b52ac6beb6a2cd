"""The frozen `regdesk-server` (console): build.spec's entry point for the reference
server, which `regdesk demo` and the demo workspace start beside them (no `python -m`
in a bundle)."""

import multiprocessing
import sys

if __name__ == "__main__":
    multiprocessing.freeze_support()
    from server.__main__ import main

    sys.exit(main())
