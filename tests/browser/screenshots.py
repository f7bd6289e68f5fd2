"""Screenshots of the main pages in Korean, phone and desktop, for the README.

Run against a server with the demo data (`make run` in another shell):
    python -m tests.browser.screenshots [BASE_URL]
"""

import os
import shutil
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

CHROMIUM = (
    os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
)
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"]

OUT = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
PAGES = {
    "home": "/",
    "ideas": "/proposals/",
    "idea": "/proposals/3/",
    "stats": "/stats/",
    "implemented": "/implemented/",
}
VIEWPORTS = {
    "phone": {"width": 390, "height": 844},
    "desktop": {"width": 1280, "height": 900},
}


def main(base: str) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS
        )
        for device, viewport in VIEWPORTS.items():
            context = browser.new_context(
                viewport=viewport, locale="ko-KR", base_url=base
            )
            page = context.new_page()
            for name, path in PAGES.items():
                page.goto(path)
                page.screenshot(path=OUT / f"{name}-{device}.png")
            context.close()
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000")
