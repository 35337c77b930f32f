"""Screenshots the browser tests take of the pages they pass, for a person to look at.

Every page is shot at phone and desktop width into ``$IZDEU_SHOTS`` (by default a folder per
test module under /tmp), then given back the size it had.
"""

import os
from pathlib import Path

WIDTHS = (390, 1280)


def shoot(page, name: str, folder: str) -> None:
    shots = Path(os.environ.get("IZDEU_SHOTS") or Path("/tmp") / folder)  # noqa: S108 (for a person to look at)
    shots.mkdir(parents=True, exist_ok=True)
    size = page.viewport_size
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(shots / f"{name}-{width}.png"), full_page=True)
    page.set_viewport_size(size)
