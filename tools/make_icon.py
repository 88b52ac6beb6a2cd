"""Draw the application icon: resources/icons/regdesk.png (256 px) and regdesk.ico
(16-256 px, for the Windows executables).

    python tools/make_icon.py

A certificate sheet with text lines, a red seal and a tick, on a blue rounded square;
drawn at 1024 px and scaled down so the small sizes stay smooth.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

OUT = Path(__file__).resolve().parents[1] / "resources" / "icons"
BIG = 1024
ICO_SIZES = [(16, 16), (24, 24), (32, 32), (48, 48), (64, 64), (128, 128), (256, 256)]


def draw() -> Image.Image:
    img = Image.new("RGBA", (BIG, BIG), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    d.rounded_rectangle((32, 32, 992, 992), radius=200, fill=(31, 78, 140, 255))
    # The sheet, with a folded corner.
    d.polygon([(250, 160), (650, 160), (780, 290), (780, 860), (250, 860)], fill="white")
    d.polygon([(650, 160), (650, 290), (780, 290)], fill=(196, 212, 232, 255))
    for y in (330, 420, 510):
        d.rounded_rectangle((320, y, 700 if y > 330 else 580, y + 36), radius=18,
                            fill=(120, 144, 176, 255))  # fmt: skip
    # The seal with a tick: registered.
    d.ellipse((500, 560, 860, 920), fill=(200, 32, 40, 255))
    d.line([(580, 745), (660, 825), (790, 665)], fill="white", width=56, joint="curve")
    return img


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    img = draw()
    img.resize((256, 256), Image.Resampling.LANCZOS).save(OUT / "regdesk.png", optimize=True)
    img.save(OUT / "regdesk.ico", sizes=ICO_SIZES)


if __name__ == "__main__":
    main()
