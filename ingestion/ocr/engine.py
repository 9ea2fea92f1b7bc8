"""The OCR engine: the PP-OCRv4 text detector and recogniser that the rapidocr-onnxruntime wheel ships, run on
onnxruntime with our own pre- and post-processing.

Only the model files come from that package: nothing is downloaded at run time, and the steps around the models
are ours because the document path needs what the package's pipeline does not give — the confidence of every
character (an amount's confidence is that of its weakest digit), each character's position (a text box running
over a ruling line is split between the cells it covers) and speed: the recogniser's cost grows faster than the
width of what it reads, so a long line is read in pieces cut at gaps between characters (a dense page of prose in
a quarter of the time).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from importlib import resources

import cv2
import numpy as np

# Detection runs on the page scaled to about this resolution: printed text is still 12–20 px high there, which the
# detector finds as well as at full size, at a fraction of the cost. Recognition reads crops of the full image.
DETECTION_DPI = 100
_REC_HEIGHT = 48  # the recogniser's input height
_PIECE_RATIO = 8  # a line is read in pieces about this many line-heights wide
_BATCH = 6


@dataclass(frozen=True)
class TextRun:
    """One stretch of text the engine read, in image pixels: its box, its characters and, for each character,
    the recogniser's confidence and horizontal centre."""

    x0: float
    y0: float
    x1: float
    y1: float
    text: str
    confidences: tuple[float, ...]
    centres: tuple[float, ...]

    @property
    def confidence(self) -> float:
        return min(self.confidences, default=0.0)


class _Models:
    def __init__(self) -> None:
        import onnxruntime

        options = onnxruntime.SessionOptions()
        # OCR runs in every extraction worker at once: one thread each keeps the cores busy without the threads
        # of two workers spinning against each other
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        options.log_severity_level = 4
        folder = resources.files("rapidocr_onnxruntime") / "models"
        providers = ["CPUExecutionProvider"]
        self.detector = onnxruntime.InferenceSession(
            str(folder / "ch_PP-OCRv4_det_infer.onnx"), sess_options=options, providers=providers)
        self.recogniser = onnxruntime.InferenceSession(
            str(folder / "ch_PP-OCRv4_rec_infer.onnx"), sess_options=options, providers=providers)
        charset = self.recogniser.get_modelmeta().custom_metadata_map["character"].splitlines()
        # CTC's blank comes first and the model was trained with a space as its last class
        self.charset = ["", *charset, " "]


_models: _Models | None = None
_lock = threading.Lock()


def models() -> _Models:
    global _models
    with _lock:
        if _models is None:
            _models = _Models()
        return _models


def engine_name() -> str:
    from importlib.metadata import version

    return f"PP-OCRv4 (rapidocr-onnxruntime {version('rapidocr-onnxruntime')})"


def detect(gray: np.ndarray, dpi: float) -> list[tuple[int, int, int, int]]:
    """Boxes of text lines (x0, y0, x1, y1) on an upright grayscale page."""
    scale = min(1.0, DETECTION_DPI / dpi)
    height, width = gray.shape
    h32 = max(32, int(round(height * scale / 32)) * 32)
    w32 = max(32, int(round(width * scale / 32)) * 32)
    small = cv2.resize(gray, (w32, h32), interpolation=cv2.INTER_AREA)
    tensor = (small.astype(np.float32) / 255.0 - 0.5) / 0.5
    tensor = np.repeat(tensor[np.newaxis, np.newaxis], 3, axis=1)
    probability = models().detector.run(None, {models().detector.get_inputs()[0].name: tensor})[0][0, 0]
    mask = (probability > 0.3).astype(np.uint8)
    mask = cv2.dilate(mask, np.ones((2, 2), np.uint8))
    contours, _ = cv2.findContours(mask, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    fx, fy = width / w32, height / h32
    boxes = []
    for contour in contours:
        x, y, w, h = cv2.boundingRect(contour)
        if min(w, h) < 3:
            continue
        if float(probability[y:y + h, x:x + w][mask[y:y + h, x:x + w] > 0].mean()) < 0.5:
            continue
        # the detector marks a shrunken core of each line: grow it back by the margin it was trained to shrink
        area, perimeter = cv2.contourArea(contour), cv2.arcLength(contour, True)
        grow = area * 1.6 / perimeter if perimeter else 0
        boxes.append((max(0, int((x - grow) * fx)), max(0, int((y - grow) * fy)),
                      min(width, int(np.ceil((x + w + grow) * fx))), min(height, int(np.ceil((y + h + grow) * fy)))))
    return distinct(boxes)


def distinct(boxes: list[tuple[int, int, int, int]]) -> list[tuple[int, int, int, int]]:
    """Boxes with those lying mostly under others left out (a thin box the detector also drew across two cells'
    words, a contour inside another): read twice, a line's characters would interleave with themselves. The most
    covered box goes first, so of two boxes over one word one stays."""
    kept = [b for b in boxes if (b[2] - b[0]) * (b[3] - b[1]) > 0]

    def covered(box) -> float:
        area = (box[2] - box[0]) * (box[3] - box[1])
        return sum(_overlap(box, other) for other in kept if other is not box) / area

    while kept:
        worst = max(kept, key=covered)
        if covered(worst) <= 0.6:
            break
        kept.remove(worst)
    return kept


def _overlap(a: tuple[int, int, int, int], b: tuple[int, int, int, int]) -> int:
    return max(0, min(a[2], b[2]) - max(a[0], b[0])) * max(0, min(a[3], b[3]) - max(a[1], b[1]))


def widen(boxes: list[tuple[int, int, int, int]], text_ink: np.ndarray, rules: np.ndarray) -> list[tuple[int, int, int, int]]:
    """Boxes grown sideways over ink the detector left out beside them. It misses a lone thin stroke at a line's
    end (the 一 of 一般…, a 1 or a minus sign), which then never gets read; a gap of half a line height, a ruling
    line or a speck too small to be a stroke stops the growth. A box with hardly any ink but rulings in it (what
    is left of a ruling the detector took for text) is dropped."""
    out = []
    for x0, y0, x1, y1 in boxes:
        height = y1 - y0
        if int(text_ink[y0:y1, x0:x1].sum()) < height:
            continue
        top, bottom = y0 + height // 5, y1 - height // 5
        band, ruled = text_ink[top:bottom], rules[top:bottom]
        if band.size == 0:
            out.append((x0, y0, x1, y1))
            continue
        columns, ruled_columns = band.sum(axis=0), ruled.max(axis=0)
        out.append((_grow(columns, ruled_columns, x0, -1, height), y0, _grow(columns, ruled_columns, x1 - 1, 1, height) + 1, y1))
    return distinct(out)


def _grow(columns: np.ndarray, ruled: np.ndarray, edge: int, step: int, height: int) -> int:
    x, gap, reached, ink = edge + step, 0, edge, 0
    while 0 <= x < len(columns) and gap <= height // 2 and not ruled[x]:
        if columns[x]:
            ink += int(columns[x])
            gap, reached = 0, x
        else:
            gap += 1
        x += step
    return reached if ink >= height // 3 else edge


def _cuts(ink: np.ndarray, height: int) -> list[int]:
    """Where to cut a long crop into pieces: the widest run of empty columns near every _PIECE_RATIO line-heights.
    The widest, not the nearest: some characters (比, 川, 以) have a narrow gap of their own, while the gaps after
    punctuation and between words are wide."""
    width = ink.shape[0]
    step = _PIECE_RATIO * height
    cuts, start = [], 0
    while width - start > step * 1.5:
        lo, hi = start + step - 2 * height, min(width - height, start + step + 2 * height)
        best, best_len, run = None, 0, 0
        for x in range(lo, hi):
            run = run + 1 if ink[x] == 0 else 0
            if run > best_len:
                best, best_len = x - run // 2, run
        if best is None or best_len < max(2, height // 12):
            break  # no clear gap: read the rest whole rather than cut through a character
        cuts.append(best)
        start = best
    return cuts


def recognise(gray: np.ndarray, boxes: list[tuple[int, int, int, int]]) -> list[TextRun]:
    """Read each box of an upright grayscale page."""
    pieces: list[tuple[int, np.ndarray, int]] = []  # box index, crop, crop's x offset in the page
    for index, (x0, y0, x1, y1) in enumerate(boxes):
        crop = gray[y0:y1, x0:x1]
        if crop.size == 0:
            continue
        height = y1 - y0
        ink = (crop < 128).sum(axis=0)
        edges = [0, *_cuts(ink, height), x1 - x0]
        for left, right in zip(edges, edges[1:]):
            if right - left >= 2:
                pieces.append((index, crop[:, left:right], x0 + left))
    read = _read_pieces([_framed(p[1]) for p in pieces])
    texts: dict[int, list] = {}
    for (index, crop, offset), (chars, confidences, positions) in zip(pieces, read):
        entry = texts.setdefault(index, [[], [], []])
        side = _side(crop)
        centres = [offset - side + p * (crop.shape[1] + 2 * side) for p in positions]
        height = boxes[index][3] - boxes[index][1]
        if chars and entry[0] and chars[0] == entry[0][-1] and centres[0] - entry[2][-1] < height / 2:
            # one character read at the end of a piece and again at the start of the next (项目目): keep one
            chars, confidences, centres = chars[1:], confidences[1:], centres[1:]
        entry[0].extend(chars)
        entry[1].extend(confidences)
        entry[2].extend(centres)
    runs = []
    for index, (chars, confidences, centres) in sorted(texts.items()):
        if not chars:
            continue
        x0, y0, x1, y1 = boxes[index]
        runs.append(TextRun(x0, y0, x1, y1, "".join(chars), tuple(confidences), tuple(centres)))
    return runs


def _side(crop: np.ndarray) -> int:
    return max(0, (crop.shape[0] * 3 // 2 - crop.shape[1]) // 2)


def _framed(crop: np.ndarray) -> np.ndarray:
    """A crop narrower than one and a half line heights (a lone 0 or dash) with white paper beside it: alone in a
    crop its own width the recogniser reads a small glyph with little confidence, or not at all."""
    side = _side(crop)
    return np.pad(crop, ((0, 0), (side, side)), constant_values=255) if side else crop


def _read_pieces(crops: list[np.ndarray]) -> list[tuple[list[str], list[float], list[float]]]:
    """Characters, their confidences and their centres (as a fraction of the crop's width) for each crop."""
    model = models()
    out: list = [([], [], [])] * len(crops)
    order = sorted(range(len(crops)), key=lambda i: crops[i].shape[1] / max(1, crops[i].shape[0]))
    input_name = model.recogniser.get_inputs()[0].name
    for start in range(0, len(order), _BATCH):
        batch = order[start:start + _BATCH]
        widths = [max(1, int(np.ceil(_REC_HEIGHT * c.shape[1] / max(1, c.shape[0])))) for c in (crops[i] for i in batch)]
        padded = max(widths + [_REC_HEIGHT * 2])
        tensor = np.zeros((len(batch), 3, _REC_HEIGHT, padded), np.float32)
        for row, (i, width) in enumerate(zip(batch, widths)):
            resized = cv2.resize(crops[i], (width, _REC_HEIGHT)).astype(np.float32)
            tensor[row, :, :, :width] = (resized / 255.0 - 0.5) / 0.5
        predictions = model.recogniser.run(None, {input_name: tensor})[0]
        for row, (i, width) in enumerate(zip(batch, widths)):
            steps = predictions.shape[1]
            used = steps * width / padded  # time steps that fall on the crop rather than the padding
            best = predictions[row].argmax(axis=1)
            probability = predictions[row].max(axis=1)
            keep = best != 0
            keep[1:] &= best[1:] != best[:-1]
            columns = np.nonzero(keep)[0]
            out[i] = ([model.charset[k] for k in best[columns]], probability[columns].tolist(),
                      [min(1.0, (c + 0.5) / used) for c in columns])
    return out
