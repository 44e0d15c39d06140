"""Turns a folder of raw articles, <category>/<stem>.txt, into the JSON lines
`whosaid batch` reads: one {"id": "<category>/<stem>", "text": "..."} a line.

    python3 to_jsonl.py ../shared/data/news/raw runs/spark/articles.jsonl
"""

import json
import sys
from pathlib import Path


def main(raw_dir: str, out_path: str) -> None:
    raw = Path(raw_dir)
    files = sorted(raw.glob("*/*.txt"))
    if not files:
        sys.exit(f"no <category>/<stem>.txt articles under {raw}")
    out = Path(out_path)
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8") as f:
        for path in files:
            doc = {"id": f"{path.parent.name}/{path.stem}", "text": path.read_text(encoding="utf-8")}
            f.write(json.dumps(doc, ensure_ascii=False) + "\n")
    print(f"{len(files)} articles -> {out}")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
