"""Use cases over the layers below: the one API the CLI and the UI both call. No Qt."""
