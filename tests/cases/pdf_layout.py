"""Where a PDF's text lands (parsed back with pypdf): tests check that nothing runs past the
right margin or off the page, and which line ends each page."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from pypdf import PdfReader
from reportlab.pdfbase.pdfmetrics import stringWidth


@dataclass(frozen=True)
class TextBox:
    page: int
    x0: float
    x1: float
    y: float
    text: str
    font: str


def text_boxes(pdf: bytes) -> tuple[list[TextBox], float]:
    """Every text run of the PDF with its extent (points), and the page width."""
    reader = PdfReader(io.BytesIO(pdf))
    boxes: list[TextBox] = []
    width = float(reader.pages[0].mediabox.width)
    for number, page in enumerate(reader.pages):

        def visit(text, cm, tm, font, size, number=number):
            if not text.strip():
                return
            name = str((font or {}).get("/BaseFont", "/Helvetica")).lstrip("/")
            scale = tm[0] * cm[0]
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            try:
                w = stringWidth(text.strip(), name, size) * scale
            except KeyError:  # a font reportlab does not know: estimate
                w = len(text) * size * scale * 0.6
            boxes.append(TextBox(number, x, x + w, y, text.strip(), name))

        page.extract_text(visitor_text=visit)
    return boxes, width


def overflowing(pdf: bytes, margin: float) -> list[TextBox]:
    """Text runs that end past the right margin (or start left of the left one)."""
    boxes, width = text_boxes(pdf)
    return [b for b in boxes if b.x1 > width - margin + 1 or b.x0 < margin - 1]


def last_lines(pdf: bytes) -> list[str]:
    """The lowest line of text on each page but the last (page numbers aside)."""
    boxes, _width = text_boxes(pdf)
    pages = max((b.page for b in boxes), default=0)
    out = []
    for page in range(pages):
        on_page = [b for b in boxes if b.page == page and not b.text.isdigit()]
        lowest = min(b.y for b in on_page)
        out.append(" ".join(b.text for b in on_page if abs(b.y - lowest) < 2))
    return out


def look_at(pdf: bytes, name: str) -> None:
    """The pages as PNG for a person to look at (ECHOHUB_SHOTS=folder); nothing when unset."""
    folder = os.environ.get("ECHOHUB_SHOTS")
    tool = shutil.which("pdftoppm")
    if folder and tool:
        path = Path(folder) / f"{name}.pdf"
        path.write_bytes(pdf)
        prefix = str(path.with_suffix(""))
        subprocess.run([tool, "-png", "-r", "60", str(path), prefix], check=True)  # noqa: S603
