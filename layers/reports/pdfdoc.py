"""The PDF document of every report (fpdf2): A4, the bundled Unicode font, a footer with the
dataset's period, source and page number, and the blocks every report uses: headings,
paragraphs, tables, the map (an image of the shapes with every name set as PDF text on top),
its legend and the key of numbered labels.

Names from files are written with ``cell`` / ``multi_cell`` without markup, so they print as
the text they are.
"""

from __future__ import annotations

from fpdf import FPDF
from fpdf.enums import XPos, YPos

from layers.reports.fonts import font_path
from layers.reports.labels import LINE

PT = 25.4 / 72  # mm per point
FONT = "dejavu"


class ReportPDF(FPDF):
    """A4 portrait with the DejaVu font and a footer naming period, source and page."""

    def __init__(self, footer: str, *, lang: str = "id"):
        super().__init__(orientation="P", unit="mm", format="A4")
        self.add_font(FONT, "", str(font_path()))
        self.add_font(FONT, "B", str(font_path(bold=True)))
        self.set_margins(15, 14, 15)
        self.set_auto_page_break(True, margin=16)
        self.footer_text, self.lang = footer, lang
        self.set_font(FONT, size=9)
        self.set_creator("Prioritas Desa")

    def footer(self):
        self.set_y(-12)
        self.set_font(FONT, size=7)
        self.set_text_color(90)
        page = "Halaman" if self.lang == "id" else "Page"
        self.cell(150, 4, self.footer_text, new_x=XPos.RIGHT)
        self.cell(0, 4, f"{page} {self.page_no()}", align="R")
        self.set_text_color(0)

    # ---- text blocks ----------------------------------------------------------------------
    def heading(self, text: str, size: float = 13) -> None:
        self.set_font(FONT, "B", size)
        self.multi_cell(0, size * 0.5, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_font(FONT, size=9)
        self.ln(1)

    def para(self, text: str, size: float = 8.5) -> None:
        self.set_font(FONT, size=size)
        self.multi_cell(0, size * 0.48, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT, align="L")
        self.ln(1.2)

    def grid(self, headers, rows, widths, *, align=None, size: float = 7.5) -> None:
        """A table (repeats its header on a new page); cells are plain text."""
        self.set_font(FONT, size=size)
        self.set_fill_color(255, 255, 255)
        aligns = align or ["LEFT"] * len(headers)
        with self.table(col_widths=widths, text_align=aligns, line_height=size * 0.5,
                        first_row_as_headings=True, width=sum(widths),
                        headings_style=_heading_style(), padding=0.6,
                        align="LEFT") as table:
            for row in [headers, *rows]:
                r = table.row()
                for value in row:
                    r.cell(str(value))
        self.ln(2)

    # ---- the map --------------------------------------------------------------------------
    def map_block(self, png: bytes, drawn, x: float, y: float) -> None:
        """The map image at ``x, y`` (mm), its frame and every label as text."""
        import io

        w, h = drawn.width * PT, drawn.height * PT
        self.image(io.BytesIO(png), x=x, y=y, w=w, h=h)
        self.set_draw_color(80)
        self.rect(x, y, w, h)
        for lab in drawn.labels:
            bx0, by0, bx1, by1 = lab.box
            self.set_fill_color(255, 255, 255)
            with self.local_context(fill_opacity=0.6):
                self.rect(x + bx0 * PT, y + h - by1 * PT, (bx1 - bx0) * PT, (by1 - by0) * PT,
                          style="F")
            self.set_font(FONT, size=lab.size)
            tw = self.get_string_width(lab.text)
            base = y + h - (lab.y - lab.size * LINE * 0.5 + lab.size * 0.32) * PT
            self.text(x + lab.x * PT - tw / 2, base, lab.text)
        self.set_font(FONT, size=9)

    def legend_block(self, legend, x: float, y: float, width: float = 60) -> float:
        """Legend swatches and class bounds from ``x, y``; the y below it."""
        self.set_xy(x, y)
        self.set_font(FONT, "B", 7.5)
        self.multi_cell(width, 3.6, legend.title, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        cy = self.get_y() + 0.6
        self.set_font(FONT, size=7.5)
        for colour, text in legend.entries:
            if colour is None:
                self.set_fill_color(255, 255, 255)
                self.rect(x, cy, 6, 3.6, style="DF")
                for i in range(1, 6):
                    self.line(x + i * 1.2 - 1.2, cy + 3.6, x + i * 1.2, cy)
            elif colour == "suppressed":
                self.set_fill_color(217, 217, 217)
                self.rect(x, cy, 6, 3.6, style="DF")
                for i in range(1, 5):
                    for j in range(1, 3):
                        self.rect(x + i * 1.2 - 0.2, cy + j * 1.2 - 0.2, 0.4, 0.4, style="F")
            else:
                self.set_fill_color(*(int(colour[i:i + 2], 16) for i in (1, 3, 5)))
                self.rect(x, cy, 6, 3.6, style="DF")
            self.set_xy(x + 7.5, cy)
            self.cell(width - 8, 3.6, text)
            cy += 4.6
        return cy

    def key_block(self, drawn, x: float, y: float, width: float = 60) -> float:
        """The names of the numbered labels (``3 Sumberejo``); the y below it."""
        numbered = sorted((lab for lab in drawn.labels if lab.number), key=lambda b: b.number)
        self.set_font(FONT, size=7)
        for lab in numbered:
            self.set_xy(x, y)
            self.cell(width, 3.3, f"{lab.number}  {lab.name}")
            y += 3.5
        return y


def _heading_style():
    from fpdf.fonts import FontFace

    return FontFace(family=FONT, emphasis="BOLD", fill_color=(230, 230, 230))
