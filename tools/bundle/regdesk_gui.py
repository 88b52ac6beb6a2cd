"""The frozen `regdesk-gui` (windowed on Windows): build.spec's entry point for
desktop.ui.app.main, whose import wizard reads large files in a child process."""

import multiprocessing
import sys

if __name__ == "__main__":
    # The import's child process is this executable again: it must branch off here,
    # before Qt or the application is imported.
    multiprocessing.freeze_support()
    from desktop.ui.app import main

    sys.exit(main())
