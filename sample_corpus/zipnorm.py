"""Rewrites a zip container (DOCX, XLSX) with fixed timestamps so equal content gives equal bytes.

python-docx and openpyxl stamp each member with the current time; a corpus that must be
byte-identical from one run to the next cannot keep those stamps.
"""

from __future__ import annotations

import io
import zipfile

FIXED_TIME = (2020, 1, 1, 0, 0, 0)


def normalise_zip(data: bytes) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            member = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME)
            member.compress_type = zipfile.ZIP_DEFLATED
            member.external_attr = 0o600 << 16
            target.writestr(member, source.read(info.filename))
    return out.getvalue()
