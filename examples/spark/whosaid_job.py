"""Attributes the quotations in a JSON-lines corpus on Apache Spark by piping
each partition through `whosaid batch`, then reports quotations per speaker
and per article, and the throughput.

    python whosaid_job.py [--master local[2]] [--partitions 8] [--threads 1]
        [--whosaid target/release/whosaid] [--model DIR] INPUT.jsonl OUTPUT_DIR

INPUT holds one {"id": ..., "text": ...} object a line. OUTPUT_DIR gets the
`whosaid batch` output lines ({"id": ..., "quotes": [...]}) as Spark text
part files, and report.json. On a cluster, submit it with spark-submit and
ship the binary and the model (see the README).
"""

import argparse
import json
import os
import subprocess
import sys
import threading
import time

from pyspark.sql import SparkSession
from pyspark.sql import functions as F


def attribute_partition(command, env):
    """A mapPartitions function: streams a partition's lines through one
    `whosaid batch` process and yields its output lines. Like RDD.pipe, but
    exit code 1 (some input lines were bad, reported on stderr and skipped)
    is not a failure; any other non-zero code fails the task."""

    def run(lines):
        proc = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env)

        def feed():
            with proc.stdin:
                for line in lines:
                    proc.stdin.write(line.encode("utf-8") + b"\n")

        writer = threading.Thread(target=feed, daemon=True)
        writer.start()
        for out in proc.stdout:
            yield out.decode("utf-8").rstrip("\n")
        writer.join()
        code = proc.wait()
        if code not in (0, 1):
            raise RuntimeError(f"{' '.join(command)} exited with code {code}")

    return run


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("input")
    ap.add_argument("output")
    ap.add_argument("--master", default=None, help="Spark master (default: spark-submit's, else local[2])")
    ap.add_argument("--partitions", type=int, default=8, help="input partitions: one whosaid process each")
    ap.add_argument("--threads", type=int, default=1, help="libtorch threads per whosaid process")
    ap.add_argument("--whosaid", default="whosaid", help="the whosaid binary (on each worker)")
    ap.add_argument("--model", default=None, help="model directory on each worker (sets WHOSAID_MODEL)")
    args = ap.parse_args()

    builder = SparkSession.builder.appName("whosaid")
    if args.master:
        builder = builder.master(args.master)
    elif "PYSPARK_GATEWAY_PORT" not in os.environ:  # not under spark-submit
        builder = builder.master("local[2]")
    spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel("WARN")

    env = dict(os.environ, OMP_NUM_THREADS=str(args.threads))
    if args.model:
        env["WHOSAID_MODEL"] = args.model
    command = [args.whosaid, "batch", "--quiet", "--threads", str(args.threads)]

    docs = spark.sparkContext.textFile(args.input, minPartitions=args.partitions)
    n_docs = docs.count()
    n_bytes = docs.map(lambda line: len(line.encode("utf-8"))).sum()

    started = time.time()
    results = docs.mapPartitions(attribute_partition(command, env))
    results.saveAsTextFile(os.path.join(args.output, "attributions"))
    seconds = time.time() - started

    # The report, from what was written.
    attributions = spark.read.json(os.path.join(args.output, "attributions"))
    quotes = attributions.select("id", F.explode("quotes").alias("q"))
    n_quotes = quotes.count()
    per_speaker = (
        quotes.where(F.col("q.speaker").isNotNull())
        .groupBy(F.col("q.speaker.name").alias("speaker"))
        .count()
        .orderBy(F.desc("count"), "speaker")
    )
    per_article = attributions.select("id", F.size("quotes").alias("quotations"))
    per_category = (
        per_article.withColumn("category", F.split("id", "/").getItem(0))
        .groupBy("category")
        .agg(F.count("*").alias("articles"), F.sum("quotations").alias("quotations"))
        .orderBy("category")
    )
    kinds = quotes.groupBy(F.col("q.kind").alias("kind")).count().orderBy("kind")

    report = {
        "articles": n_docs,
        "written": attributions.count(),
        "quotations": n_quotes,
        "attributed": quotes.where(F.col("q.speaker").isNotNull()).count(),
        "seconds": round(seconds, 1),
        "articles_per_second": round(n_docs / seconds, 2),
        "kb_per_second": round(n_bytes / 1024 / seconds, 1),
        "partitions": docs.getNumPartitions(),
        "master": spark.sparkContext.master,
        "kinds": {r["kind"]: r["count"] for r in kinds.collect()},
        "per_category": [r.asDict() for r in per_category.collect()],
        "top_speakers": [r.asDict() for r in per_speaker.limit(10).collect()],
        "top_articles": [r.asDict() for r in per_article.orderBy(F.desc("quotations"), "id").limit(5).collect()],
    }
    with open(os.path.join(args.output, "report.json"), "w") as f:
        json.dump(report, f, indent=2)

    print(f"\n{n_docs} articles ({n_bytes / 1e6:.1f} MB) in {seconds:.1f} s on {report['master']}, "
          f"{report['partitions']} partitions: {report['articles_per_second']} articles/s, "
          f"{report['kb_per_second']} KB/s")
    print(f"{n_quotes} quotations ({report['attributed']} with a speaker): "
          + ", ".join(f"{k} {v}" for k, v in report["kinds"].items()))
    print("\nper category:")
    per_category.show(truncate=False)
    print("quotations per speaker (top 10):")
    per_speaker.show(10, truncate=False)
    print("quotations per article (top 5):")
    per_article.orderBy(F.desc("quotations"), "id").show(5, truncate=False)
    spark.stop()


if __name__ == "__main__":
    sys.exit(main())
