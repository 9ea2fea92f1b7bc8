"""A page image made ready for layout and recognition: grayscale, upright, with its ink mask.

Scanners tilt pages by a degree or so. Ruling lines are found with long thin structuring elements and text lines
are grouped by their vertical extent, both of which need the page upright, so the skew is measured (the angle at
which the ink's row profile is sharpest: text lines and rulings then fall into few rows) and undone first.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

_MAX_SKEW = 3.0  # degrees; a page turned further is not a scanner's tilt


@dataclass
class PageImage:
    gray: np.ndarray  # upright, 8-bit, white paper
    ink: np.ndarray  # 1 where there is ink
    dpi: float
    skew: float  # degrees the scan was turned by (undone in `gray`)


def to_gray(image: np.ndarray) -> np.ndarray:
    if image.ndim == 2:
        gray = image
    elif image.shape[2] == 4:
        gray = cv2.cvtColor(image, cv2.COLOR_BGRA2GRAY)
    else:
        gray = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
    if gray.dtype != np.uint8:
        gray = cv2.normalize(gray, None, 0, 255, cv2.NORM_MINMAX).astype(np.uint8)
    return gray


def ink_mask(gray: np.ndarray) -> np.ndarray:
    """Ink by Otsu's threshold after a light blur, so speckle noise and JPEG ringing do not count as ink."""
    blurred = cv2.GaussianBlur(gray, (3, 3), 0)
    _, mask = cv2.threshold(blurred, 0, 1, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    return mask


def _profile_sharpness(points: np.ndarray, angle: float, height: int) -> float:
    theta = np.deg2rad(angle)
    rows = points[:, 1] * np.cos(theta) - points[:, 0] * np.sin(theta)
    histogram = np.bincount(np.clip(rows + height, 0, 3 * height).astype(np.int64), minlength=3 * height + 1)
    return float(np.square(histogram.astype(np.float64)).sum())


def measure_skew(mask: np.ndarray) -> float:
    """The page's tilt in degrees (positive: turned clockwise; `rotate` by it undoes it), to a twentieth of a degree."""
    scale = min(1.0, 800 / max(mask.shape))
    small = cv2.resize(mask, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA) if scale < 1 else mask
    ys, xs = np.nonzero(small)
    if len(xs) < 50:
        return 0.0
    if len(xs) > 60000:  # a sample keeps the search cheap and loses nothing of the profile's shape
        pick = np.random.default_rng(0).choice(len(xs), 60000, replace=False)
        xs, ys = xs[pick], ys[pick]
    points = np.stack([xs, ys], axis=1).astype(np.float64)
    height = small.shape[0]
    best = max(np.arange(-_MAX_SKEW, _MAX_SKEW + 1e-9, 0.25), key=lambda a: _profile_sharpness(points, a, height))
    fine = np.arange(best - 0.25, best + 0.25 + 1e-9, 0.05)
    return float(round(max(fine, key=lambda a: _profile_sharpness(points, a, height)), 2))


def rotate(gray: np.ndarray, angle: float) -> np.ndarray:
    height, width = gray.shape
    matrix = cv2.getRotationMatrix2D((width / 2, height / 2), angle, 1.0)
    return cv2.warpAffine(gray, matrix, (width, height), flags=cv2.INTER_LINEAR, borderValue=255)


def prepare(image: np.ndarray, dpi: float) -> PageImage:
    gray = to_gray(image)
    mask = ink_mask(gray)
    skew = measure_skew(mask)
    if abs(skew) >= 0.1:
        gray = rotate(gray, skew)
        mask = ink_mask(gray)
    return PageImage(gray, mask, dpi, skew)
