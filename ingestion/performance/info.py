"""The project's identity on its form: name, code, 主管部门 and 实施单位."""

from __future__ import annotations

import re

from ingestion.text.normalise import compact, normalise_text
from ingestion.text.numbers import is_plain_number
from ingestion.performance.cells import is_label, split_code
from ingestion.performance.form import Form
from ingestion.performance.segmentation import inline_label, title_kind
from ingestion.performance.tokens import Tok, with_raw
from ingestion.performance.vocabulary import CODE_LABELS, COMPETENT_LABELS, IMPLEMENTING_LABELS, NAME_LABELS, ORG_RE, SEAL, UNIT_CODE_PREFIX_RE


def read_info(form: Form) -> dict[str, str | None]:
    name_parts: list[Tok] | None = None
    code: str | None = None
    competent: list[Tok] = []
    implementing: str | None = None
    for i, tok in enumerate(form.toks):
        label = tok.label
        inline = None
        if inline_label(tok):
            label = inline_label(tok)
            inline = normalise_text(tok.raw).partition(":")[2].strip()
        if label in NAME_LABELS and name_parts is None:
            name_parts = [with_raw(tok, inline)] if inline else form.values_after(i)
        elif label in CODE_LABELS and code is None:
            values = [inline] if inline else _code_pieces(form.values_after(i, 6))
            code = values[0] if values else None
        elif label in COMPETENT_LABELS and not competent:
            competent = [with_raw(tok, inline)] if inline else form.values_after(i, 8)
        elif label in IMPLEMENTING_LABELS and implementing is None:
            values = [inline] if inline else organisations(form.values_after(i, 8))
            if values and ORG_RE.search(UNIT_CODE_PREFIX_RE.sub("", compact(values[0]))):
                implementing = values[0]
    name: str | None = None
    if name_parts:
        name = " ".join(_code_pieces(name_parts))
    else:
        at = form.find(COMPETENT_LABELS)
        if at is not None:
            name = name_before(form, form.region.start + at)
    if not name and form.region.title is not None:
        head = form.region.title.raw
        head = re.sub(r"[（(][^（）()]*[)）]\s*$", "", head).strip()
        head = re.sub(r"^(附表|附件)\d*[:：]?", "", head)
        for suffix in ("项目支出绩效自评表", "支出绩效自评表"):
            if head.endswith(suffix):
                head = head[: -len(suffix)]
                break
        head = re.sub(r"^\d{4}年度?", "", head).strip()
        if len(head) >= 2 and head not in ("部门预算", "部门", "预算", "项目"):
            name = head
    if name:
        name = name.strip("-－—_ ")
        found, name = split_code(name)
        code = code or found
        name = re.sub(r"\s+", "", name).strip("-－—_ ") or None
    comp_vals = [
        name for name in organisations(competent)
        if len(competent) == 1 or ORG_RE.search(UNIT_CODE_PREFIX_RE.sub("", compact(name)))
    ]
    competent_dept = comp_vals[0] if comp_vals else None
    if implementing is None and len(comp_vals) >= 2:
        # A PDF layer that lost the 实施单位 label leaves its value right after the 主管部门 value.
        implementing = comp_vals[1]
    return {
        "name": name or None,
        "code": code,
        "competent": UNIT_CODE_PREFIX_RE.sub("", competent_dept).strip() if competent_dept else None,
        "implementing": UNIT_CODE_PREFIX_RE.sub("", implementing).strip() if implementing else None,
    }


_CODE_PIECE_RE = re.compile(r"[0-9A-Z]+")


def _code_pieces(parts: list[Tok]) -> list[str]:
    """The values after a label, a project code a fragment stream broke into digits and letters
    ("51110025" + "T" + "000012480219") joined back: a code is one word, the name after it another."""
    out: list[str] = []
    for tok in parts:
        raw = tok.raw.strip()
        if out and not tok.row and _CODE_PIECE_RE.fullmatch(raw) and _CODE_PIECE_RE.fullmatch(out[-1]):
            out[-1] += raw
        else:
            out.append(raw)
    return out


def organisations(values: list[Tok]) -> list[str]:
    """Organisation names among the values after a label, pieces a PDF text layer broke a name into
    ("某某市" + "大数据局") glued back: a piece without the organisation's ending joins the next. A piece
    that ends like one (云南省某县科 + 学技术局, 某县社 + 会保险事业管理中心) still joins a next piece of a
    stream that names no place: a name of its own starts with its place (某某市…), the rest of a broken one
    does not."""
    out: list[str] = []
    pending = ""
    kept = [t for t in values if compact(t.raw) not in SEAL and "盖章" not in t.raw]  # the seal's place
    for k, tok in enumerate(kept):
        text = pending + tok.raw.strip()
        ends = ORG_RE.search(UNIT_CODE_PREFIX_RE.sub("", compact(text)))
        if (ends and not _broken(kept, k, text)) or len(compact(text)) > 30:
            out.append(text)
            pending = ""
        else:
            pending = text
    return out + ([pending] if pending else [])


_PLACE_RE = re.compile(r"[省市县区州盟旗]")


def _broken(pieces: list[Tok], k: int, text: str) -> bool:
    """Whether the fragment pieces after k, none naming a place, go on to end an organisation's name."""
    if pieces[k].row:
        return False
    for piece in pieces[k + 1 : k + 5]:
        if piece.row or _PLACE_RE.search(piece.key) or not re.match(r"[\u4e00-\u9fff]", piece.key):
            return False
        text += piece.raw.strip()
        if ORG_RE.search(compact(text)):
            return True
    return False


def name_before(form: Form, index: int) -> str | None:
    """Without a 项目名称 label the name is the text just before 主管部门 (a global token index)."""
    parts: list[str] = []
    j = index - 1
    while j >= 0 and len(parts) < 6:
        tok = form.all_toks[j]
        key = tok.key
        if (
            is_label(key) or key in ("无", "分", "。", "；", "，", ")", "）") or key.endswith(("。", "；", "，"))
            or is_plain_number(key) or len(key) > 60 or title_kind(tok) is not None
        ):
            break
        parts.insert(0, re.sub(r"\s+", "", tok.raw))
        j -= 1
    name = "".join(parts).strip("-－—_ 、")
    return name or None
