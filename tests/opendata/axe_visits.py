"""How the axe audit (tests/browser/test_axe.py) visits the open-data pages: the network's and
the municipality's page are plain visits; the files (CSV, JSON, README, catalogue) are no pages."""
from __future__ import annotations

from app.opendata.datasets import DATASETS, FORMATS, file_endpoint


def register(visits: dict, not_pages: dict, form_states: list, FormState, Visit) -> None:  # noqa: N803
    not_pages["opendata.catalogue"] = "the DCAT-AP-NO catalogue, Turtle and JSON-LD"
    for key in DATASETS:
        for fmt in (*FORMATS, "readme"):
            reason = f"the open-data file {key} ({fmt})"
            not_pages[f"opendata.{file_endpoint(key, fmt)}"] = reason
            not_pages[f"tenant.opendata.{file_endpoint(key, fmt)}"] = reason
