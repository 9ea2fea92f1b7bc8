"""Freed memory given back to the system between groups of documents."""

from __future__ import annotations

import ctypes
import ctypes.util
import gc


def release_freed_memory() -> None:
    """Give the memory of a finished group back to the system before the next group starts. Great Expectations'
    pandas frames and the rules' polars frames are freed into glibc's heap, which keeps it: without this a process
    grew by the next group's working set on top of the last's (the quality step's peak at 10,000 documents 4,860
    MiB; with it 3,085 MiB, against 2,715 MiB for 1,001 documents in one group). Nothing to do where the C library
    is not glibc."""
    gc.collect()
    libc = ctypes.util.find_library("c")
    if libc:
        trim = getattr(ctypes.CDLL(libc), "malloc_trim", None)
        if trim is not None:
            trim(0)
