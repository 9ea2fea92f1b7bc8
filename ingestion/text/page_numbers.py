"""Page numbers a converter or a PDF leaves between lines, declared once for every reader.

How strict a pattern must be depends on what else the line could be: beside a title anything numeric-only is a page
number; inside a table a bare number may be a cell, so only a dashed number or 第N页 is taken for one there.
"""

from __future__ import annotations

import re

_DASH = "-—－–"

# a line holding nothing but a page's number, bare or dashed ("12", "- 12 -"), or 第12页
PAGE_NUMBER_RE = re.compile(rf"^[{_DASH}\s]*\d{{1,3}}[{_DASH}\s]*$|^第\s*\d{{1,4}}\s*页$")
# a number that can only be a page's: dashed on both sides ("- 33 -") or 第33页
MARKED_PAGE_NUMBER_RE = re.compile(rf"^[{_DASH}]+\s*\d{{1,4}}\s*[{_DASH}]+$|^第\s*\d{{1,4}}\s*页$")
# a text dump's page number between table rows: indented, nothing but the number
INDENTED_PAGE_NUMBER_RE = re.compile(rf"^[ \u3000]+[{_DASH}]?\s*\d{{1,3}}\s*[{_DASH}]?\s*$")
