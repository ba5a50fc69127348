#!/usr/bin/env python3
"""Generates the sample relationship maps in examples/data/.

The people, org charts, relations, key events, trust evidence and
opportunities are written out by hand in sample_manufacturing.py and
sample_city_tender.py; the routine contact history around them (calls, WeChat
messages, visits) is drawn from a seeded random generator (sample_kit.py), so
the output is the same on every run.

    python3 examples/data/generate_samples.py
    cargo run -p relmap --example export_samples

The first command writes manufacturing_cloud.json and
city_construction_tender.json. The second normalises them (the canonical
relmap/2 form) and writes the CSV folder beside each from the JSON, so JSON is
the source of truth and the CSV folders are never edited by hand.

Standard library only.
"""

from __future__ import annotations

import json
from pathlib import Path

from sample_city_tender import city_construction_tender
from sample_manufacturing import manufacturing_cloud

HERE = Path(__file__).resolve().parent


def main() -> None:
    for name, build in [("manufacturing_cloud", manufacturing_cloud), ("city_construction_tender", city_construction_tender)]:
        doc = build()
        path = HERE / f"{name}.json"
        path.write_text(json.dumps(doc, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        print(f"{path.name}: {len(doc['stakeholders'])} stakeholders, {len(doc['relations'])} relations, "
              f"{len(doc['interactions'])} interactions, {len(doc['evidence'])} evidence")


if __name__ == "__main__":
    main()
