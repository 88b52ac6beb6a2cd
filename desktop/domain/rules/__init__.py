"""The rule catalogue (see `catalogue.py`) and the engine that runs it."""
