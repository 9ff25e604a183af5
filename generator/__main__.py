"""`python -m generator`: the command line (generator/cli.py)."""

from generator import leave
from generator.cli import main

code = main()
# Nothing is left to do (no thread runs, the worker pools are shut down and every file is
# closed): the command leaves without freeing the collection first (generator/leave.py). An
# exception out of main is not caught here: it exits as Python exits.
leave.at_once(code)
raise SystemExit(code)
