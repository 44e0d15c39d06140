#!/usr/bin/env python3
"""How often PDNC counts two lines of one speaker in one paragraph as one
quotation, by the narration between them (the README's "Interrupted
quotations"). Reads the gold files that `resolver cv` writes with
WHOSAID_WRITE=<dir> (<dir>/pdnc-fold*.gold.jsonl):

    WHOSAID_WRITE=runs/w make ranker-cv ARGS="--corpus pdnc"
    python3 examples/analysis/grouping_convention.py runs/w
"""
import collections
import glob
import json
import re
import sys

BUCKETS = ["short", "short+sentence", "long", "long+sentence"]


def bucket(gap):
    words = len(re.findall(r"\w+", gap))
    sentence = re.search(r"\w[.!?;]", gap) is not None
    return ("short" if words <= 8 else "long") + ("+sentence" if sentence else "")


def main(folder):
    per_novel = collections.defaultdict(collections.Counter)
    for path in sorted(glob.glob(f"{folder}/pdnc-fold*.gold.jsonl")):
        for doc in map(json.loads, open(path, encoding="utf-8")):
            text, quotes = doc["text"], doc["quotes"]
            for a, b in zip(quotes, quotes[1:]):
                gap = text[a["end"]:b["start"]]
                if "\n\n" in gap or a["speaker"] != b["speaker"]:
                    continue
                linked = a.get("quote_id") is not None and a.get("quote_id") == b.get("quote_id")
                per_novel[doc["id"]][(bucket(gap), linked)] += 1
    if not per_novel:
        sys.exit(f"no pdnc-fold*.gold.jsonl in {folder}")
    total = collections.Counter()
    print("one quotation / same-speaker pairs; short: <= 8 words of narration; +sentence: a sentence ends in it")
    for novel, c in sorted(per_novel.items()):
        total.update(c)
        print(f"{novel:28s}", *(f"{k}:{c[(k, True)]}/{c[(k, True)] + c[(k, False)]}" for k in BUCKETS))
    print(f"{'all':28s}", *(f"{k}:{total[(k, True)]}/{total[(k, True)] + total[(k, False)]}" for k in BUCKETS))


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "runs/w")
