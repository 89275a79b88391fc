"""Write documents/ocr/local/legal_dongs.tsv, the gazetteer the embedded engine reads addresses against.

The sources are the Ministry of the Interior's legal and administrative dong code lists (법정동코드, 행정동코드,
public data) as packaged by PublicDataReader (MIT licence): `pip download --no-deps PublicDataReader`, unzip the
wheel, and run

    python scripts/build_legal_dongs.py PublicDataReader/raw

Only the names in use are kept: the lists' abolished rows are mostly districts split long ago (서초동 under
영등포구), which would only give a misreading more names to be snapped to. Addresses give the legal dong; people
also write the administrative one (`문래동` for 문래동1가, `당산1동` for the list's 당산제1동), so both are
listed. A line is `province, district, town, names` (tab-separated): the dongs and towns (읍, 면) of a district
with an empty town, the villages (리) of a town with the town's name.
"""

from __future__ import annotations

import json
import math
import re
import sys
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
from documents.ocr.local.legal_dongs import PROVINCES  # noqa: E402 (the engine's own keys; no Django needed)

OUT = REPO / "documents" / "ocr" / "local" / "legal_dongs.tsv"


def _text(value: object) -> str:
    return "" if value is None or (isinstance(value, float) and math.isnan(value)) else str(value).strip()


def main(source: str) -> None:
    names: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    for listing, code in (("code_bdong.json", "법정동코드"), ("code_hdong.json", "행정동코드")):
        columns = json.loads((Path(source) / listing).read_text(encoding="utf-8"))
        for row in columns[code]:
            province = PROVINCES.get(_text(columns["시도명"][row]))
            district = _text(columns["시군구명"][row])
            town, village = _text(columns["읍면동명"][row]), _text(columns.get("동리명", {}).get(row))
            if province is None or not town or " " in town or _text(columns["말소일자"][row]):
                continue
            names[(province, district, "")].add(town)
            names[(province, district, "")].add(re.sub(r"제(?=\d+동$)", "", town))  # 당산제1동, written 당산1동
            if village:
                names[(province, district, town)].add(village)
    lines = [f"{p}\t{d}\t{t}\t{' '.join(sorted(n))}" for (p, d, t), n in sorted(names.items())]
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {len(lines)} lines, {sum(map(len, names.values()))} names to {OUT}")


if __name__ == "__main__":
    main(sys.argv[1])
