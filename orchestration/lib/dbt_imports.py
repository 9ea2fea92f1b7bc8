"""dbt's modules imported ahead of the first dbt build of a run.

dagster-dbt imports dbt in-process before its first dbt command of a run, to make a handle to the adapter: about
1.2 s of imports that delay the build. Importing them in a thread while the load runs (mostly DuckDB, which leaves
the interpreter free) takes them off the run's path.
"""

from __future__ import annotations

import importlib
import logging
import threading

_MODULES = ["dbt.adapters.factory", "dbt.config", "dbt.config.runtime", "dbt.flags", "dbt.context.providers",
            "dbt.parser.manifest", "dbt.mp_context", "dbt.adapters.duckdb"]


def _import() -> None:
    try:
        for name in _MODULES:
            importlib.import_module(name)
    except Exception:  # the build imports them again and reports what fails there
        logging.getLogger(__name__).warning("importing dbt ahead of the build failed", exc_info=True)


def import_dbt_in_background() -> None:
    threading.Thread(target=_import, daemon=True, name="import-dbt").start()
