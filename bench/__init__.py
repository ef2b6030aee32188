"""The event-store benchmark behind `make bench`: our command path and global-log reads against
the `eventsourcing` library (PostgreSQL recorder) on the same embedded PostgreSQL server.

Run with ``python -m bench``; see ``bench.runner.run_benchmark`` for the measuring entry point.
"""

import warnings

# platformdirs (imported by the embedded PostgreSQL wheel) warns when XDG_RUNTIME_DIR is unset: harmless here.
warnings.filterwarnings("ignore", message="XDG_RUNTIME_DIR")
