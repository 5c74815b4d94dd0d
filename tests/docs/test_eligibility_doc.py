"""docs/eligibility.md documents every reason and gap, every job category and only sourced URLs.

The page is written for employers and agencies and generated in part from the data; these
checks keep it from falling behind when a message code or a category is added, and keep it from
citing a URL that no data file records as a source.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from matcher.ranking.messages import MESSAGES
from models.categories import ssw_categories

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "eligibility.md"
DATA = ROOT / "models" / "data"
URL = re.compile(r"https?://[^\s)>\]`]+")


def _doc() -> str:
    return DOC.read_text("utf-8")


def _section(markdown: str, heading: str) -> str:
    """The text under ``## heading`` up to the next second-level heading."""
    start = markdown.index(f"## {heading}\n")
    following = markdown.find("\n## ", start + 1)
    return markdown[start : following if following != -1 else len(markdown)]


def test_every_reason_and_gap_code_is_documented() -> None:
    doc = _doc()
    codes = [code for code in MESSAGES if code.startswith(("reason.", "gap."))]
    assert len(codes) > 40
    missing = [code for code in codes if f"`{code}`" not in doc]
    assert missing == []


def test_every_job_category_is_in_the_table() -> None:
    table = _section(_doc(), "Every job category")
    rows = [line for line in table.splitlines() if line.startswith("| `")]
    listed = [line.split("`")[1] for line in rows]
    assert listed == list(ssw_categories())


def test_readme_links_the_page_from_how_matching_works() -> None:
    readme = (ROOT / "README.md").read_text("utf-8")
    assert "(docs/eligibility.md)" in _section(readme, "How matching works")


def test_every_url_comes_from_a_data_file() -> None:
    categories = json.loads((DATA / "ssw_categories.json").read_text("utf-8"))
    fields = json.loads((DATA / "ssw_fields.json").read_text("utf-8"))
    catalogue = json.loads((DATA / "schemes.json").read_text("utf-8"))
    sourced = {source["url"] for source in categories["sources"].values()}
    sourced |= {row["source"] for row in fields if row.get("source")}
    sourced |= set(URL.findall(catalogue["_about"]))
    cited = set(URL.findall(_doc()))
    assert cited, "the page cites its sources"
    assert cited - sourced == set()
