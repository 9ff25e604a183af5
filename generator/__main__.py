"""`python -m generator`: the command line (generator/cli.py)."""

import os
import sys

from generator.cli import main

code = main()
# A build leaves the whole collection in memory, millions of objects that Python would free
# one by one on its way out: 0.7 s after an edit on a thousand reports. Nothing is left to do
# (no thread runs, the worker pools are shut down and every file is closed), so the command
# leaves at once once its output is out, as mypy's "fast exit" does. An exception out of main
# is not caught here: it exits as Python exits.
sys.stdout.flush()
sys.stderr.flush()
os._exit(code)
