#!/usr/bin/env python3
"""Opens every page of the static report site in headless Chromium (issue 9).

For each page: it must load and render (Chromium's DOM dump ends with </html> and carries the
page's <h1>) without any console message (the pages have no JavaScript; any message is an
error). On the index, the totals table must equal `arledger aging -O json` (the pages show
amounts with digit groups, JSON exact quantities); on the aging page, the summary totals and
the number of open items (`aging --detail -O json`) too. Takes a screenshot of the index.

usage: check_site.py ARLEDGER_BINARY SCREENSHOT.png
"""

import json
import pathlib
import shutil
import subprocess
import sys
import tempfile
from html.parser import HTMLParser

JOURNAL = "journals/demo.journal"
DATE = "2026-12-31"


class Tables(HTMLParser):
    """Collects the cells of every <table data-table="..."> by id, and the <h1> text."""

    def __init__(self):
        super().__init__()
        self.tables, self.current, self.row, self.cell, self.h1 = {}, None, None, None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table" and "data-table" in attrs:
            self.current = self.tables.setdefault(attrs["data-table"], [])
        elif tag == "tr" and self.current is not None:
            self.row = []
        elif tag in ("td", "th") and self.row is not None:
            self.cell = ""
        elif tag == "h1":
            self.h1 = ""

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self.cell is not None:
            self.row.append(self.cell)
            self.cell = None
        elif tag == "tr" and self.row is not None:
            self.current.append(self.row)
            self.row = None
        elif tag == "table":
            self.current = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell += data
        if self.h1 is not None and not self.h1.endswith("\0"):
            self.h1 += data


def chromium():
    for name in ("chromium", "chromium-browser", "google-chrome"):
        if shutil.which(name):
            return name
    sys.exit("check_site: no Chromium found (apt-get install chromium)")


def browse(browser, url, extra=()):
    r = subprocess.run(
        [browser, "--headless", "--no-sandbox", "--disable-gpu", "--enable-logging=stderr",
         "--v=0", *extra, url],
        capture_output=True, text=True, timeout=120)
    console = [l for l in r.stderr.splitlines() if ":CONSOLE" in l]
    return r, console


def main():
    binary, screenshot = sys.argv[1], sys.argv[2]
    browser = chromium()
    failures = []
    with tempfile.TemporaryDirectory() as tmp:
        site = pathlib.Path(tmp) / "site"
        subprocess.run([binary, "site", "-f", JOURNAL, "--out", str(site), "--date", DATE],
                       check=True, capture_output=True)
        def aging_json(*extra):
            return json.loads(subprocess.run(
                [binary, "aging", "-f", JOURNAL, "--date", DATE, "-O", "json", *extra],
                check=True, capture_output=True, text=True).stdout)

        aging = aging_json()
        detail = aging_json("--detail")
        expected = {t["commodity"]: t["total"]["quantity"] for t in aging["totals"]}

        def shown(cell):
            return cell.replace(",", "")
        pages = sorted(site.glob("*.html"))
        if len(pages) < 5:
            failures.append(f"only {len(pages)} pages written")
        for page in pages:
            r, console = browse(browser, page.as_uri(), ["--dump-dom"])
            if r.returncode != 0 or not r.stdout.rstrip().endswith("</html>"):
                failures.append(f"{page.name}: did not load (exit {r.returncode})")
                continue
            if console:
                failures.append(f"{page.name}: console messages: {console}")
            dom = Tables()
            dom.feed(r.stdout)
            if not dom.h1:
                failures.append(f"{page.name}: no <h1> rendered")
            if page.name == "index.html":
                got = {row[0]: shown(row[-1]) for row in dom.tables.get("totals", [])[1:]}
                if got != expected:
                    failures.append(f"index.html: totals {got} != aging -O json {expected}")
            if page.name == "aging.html":
                # The total column by its header: a credits column follows it (§7.3).
                aging_rows = dom.tables.get("aging", [[]])
                at = aging_rows[0].index("total") if "total" in aging_rows[0] else -1
                got = {row[1]: shown(row[at]) for row in aging_rows[1:] if row[0] == "total"}
                if got != expected:
                    failures.append(f"aging.html: totals {got} != aging -O json {expected}")
                items = len(dom.tables.get("aging-detail", [])) - 1
                if items != len(detail["rows"]):
                    failures.append(f"aging.html: {items} open items, aging --detail -O json "
                                    f"has {len(detail['rows'])}")
            print(f"ok {page.name}" if not any(f.startswith(page.name) for f in failures)
                  else f"FAILED {page.name}")
        r, _ = browse(browser, (site / "index.html").as_uri(),
                      [f"--screenshot={pathlib.Path(screenshot).resolve()}",
                       "--window-size=1280,1800"])
        if not pathlib.Path(screenshot).is_file():
            failures.append("no screenshot of the index")
    if failures:
        print("\n".join(failures), file=sys.stderr)
        sys.exit(1)
    print(f"{len(pages)} pages checked in {browser}; screenshot: {screenshot}")


if __name__ == "__main__":
    main()
