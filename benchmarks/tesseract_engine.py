"""Debian's Tesseract (tesseract-ocr with tesseract-ocr-chi-sim) in place of the project's engine, for comparing the
two on the same layout code: `use_tesseract()` swaps ingestion.ocr.engine's detect/recognise for Tesseract's own
page segmentation (ruling lines erased first, which it otherwise reads as characters), each word a run with the
word's confidence on every character.

Only the benchmarks use it; the project does not depend on Tesseract (see ocr_accuracy.py --engine).
"""

from __future__ import annotations

import csv
import io
import os
import subprocess

import cv2
import numpy as np

from ingestion.ocr import engine
from ingestion.ocr.image import ink_mask
from ingestion.ocr.rulings import line_masks

PSM = os.environ.get("TESSERACT_PSM", "11")


def _tesseract_runs(gray: np.ndarray, dpi: float) -> list[engine.TextRun]:
    horizontal, vertical = line_masks(ink_mask(gray), dpi)
    lines = cv2.dilate(horizontal | vertical, np.ones((3, 3), np.uint8))
    clean = gray.copy()
    clean[lines > 0] = 255
    ok, png = cv2.imencode(".png", clean)
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    out = subprocess.run(["tesseract", "stdin", "stdout", "-l", "chi_sim", "--psm", PSM, "--dpi", str(int(dpi)), "tsv"],
                         input=png.tobytes(), capture_output=True, env=env, check=True).stdout.decode("utf-8", "replace")
    runs = []
    for row in csv.DictReader(io.StringIO(out), delimiter="\t", quoting=csv.QUOTE_NONE):
        text = (row.get("text") or "").strip()
        if row.get("level") != "5" or not text or float(row.get("conf") or -1) < 0:
            continue
        x0, y0 = int(row["left"]), int(row["top"])
        x1, y1 = x0 + int(row["width"]), y0 + int(row["height"])
        pad = max(2, (y1 - y0) // 5)  # the project's detector boxes stand a little taller than the ink
        step = (x1 - x0) / len(text)
        centres = tuple(x0 + step * (i + 0.5) for i in range(len(text)))
        conf = float(row["conf"]) / 100
        runs.append(engine.TextRun(x0, y0 - pad, x1, y1 + pad, text, tuple(conf for _ in text), centres))
    return runs


def use_tesseract() -> None:
    state: dict = {}

    def detect(gray, dpi):
        state["dpi"], state["page_pending"] = dpi, True
        return [(0, 0, gray.shape[1], gray.shape[0])]

    def recognise(gray, boxes):
        # ocr_page calls recognise twice: on what detect found (here the whole page, read by Tesseract's own
        # segmentation) and on table cells with ink that nothing was read in. Tesseract has read the whole page
        # already; answering the second call with the page again would read every word twice.
        if not state.pop("page_pending", False):
            return []
        return _tesseract_runs(gray, state.get("dpi", 200))

    engine.detect = detect
    engine.recognise = recognise
    engine.engine_name = lambda: "tesseract " + subprocess.run(["tesseract", "--version"], capture_output=True,
                                                                text=True).stdout.split("\n")[0]
