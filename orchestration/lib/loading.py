"""Loading the store's pending extractions into the raw schema: from each document's own folder, or, for a large
load where other processes can do it, from batches those workers compact first (lib.batches)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from ingestion import PARSER_VERSION
from orchestration.lib import duckdb_io as db
from orchestration.lib.batches import clear_batches, namespace_of, remove_batches
from orchestration.lib.parallel import PROCESSES, compact_many

log = logging.getLogger(__name__)


def load_pending(con, extracted_url: str, build_path: Path, registrations: Callable[[list[str]], dict[str, dict]],
                 workers: int, cluster: str, compact_min: int) -> tuple[dict[str, int], int]:
    """Load every extraction the warehouse does not hold yet (new documents, re-extractions, a new parser).
    Returns rows loaded per raw table and the number of batches they were read from (0: the documents' folders)."""
    folders = db.pending_extractions(con, extracted_url, PARSER_VERSION)
    namespace = namespace_of(build_path)
    clear_batches(extracted_url, namespace)  # what a failed load of this warehouse left
    # compacting pays only where other processes do it: in the writer's own process it reads every file twice
    workers_elsewhere = workers > 1 or cluster not in ("", PROCESSES)
    batches = (compact_many(folders, extracted_url, PARSER_VERSION, namespace, workers, cluster or None)
               if len(folders) >= compact_min and workers_elsewhere else [])
    loaded = db.load_extracted(con, folders, registrations([d for d, _ in folders]), batches=batches)
    try:
        remove_batches(extracted_url, batches)
    except OSError as exc:  # the rows are loaded: a leftover batch is cleared by the next load
        log.warning("batches not removed (%s); the next load clears them", exc)
    return loaded, len(batches)
