#!/usr/bin/env python3
"""`biaozhu tag` on Apache Spark (PySpark, local mode), checked against biaozhu alone.

Two uses:

* As the CI check (no arguments; BIAOZHU_BIN names the binary, default target/debug/biaozhu):
  generates 20,000 news-like documents (sentences written for this script: project names,
  amounts such as 12.5亿元, regions, mechanisms, and figures that are not investments), runs
  `biaozhu tag --output table` over them in one process, then the Spark job of docs/spark.md
  (JSONL in, the investment table out as Parquet) in local mode on every core, and checks the
  two give the same rows (the same multiset, and the same list when sorted by document id,
  each document's rows in their own order). The same job over a Parquet copy of 2,000 of the
  documents must give their rows too, and the job with a model trained on the bundled sample
  (shipped as --files ships it) the rows of `biaozhu tag --model` alone for 300 of them. Prints the throughput of both (MB of text and documents
  per second) and the ratio of their times (biaozhu alone runs before and after Spark, and the
  ratio is to the mean, as the machine may be shared; the load average is printed too). Then
  runs a small job whose input has one malformed line, and checks that the job fails and that
  biaozhu's error line is in Spark's log (the Spark jobs run in a child process whose output,
  Spark's log, this one reads).

* As the job itself, for spark-submit (see docs/spark.md):
      spark-submit --files biaozhu[,model.bin] spark_tag.py job --input IN --output OUT
          [--format jsonl|parquet] [--model model.bin] [--threads N]
"""

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

# The investment table's columns and their types, as `biaozhu table --format jsonl` writes
# them (src/core/exchange/table.rs).
TABLE_COLUMNS = [
    ("document", "string"),
    ("title", "string"),
    ("date", "string"),
    ("project", "string"),
    ("project_start", "long"),
    ("project_end", "long"),
    ("amount", "string"),
    ("amount_value", "double"),
    ("currency", "string"),
    ("qualifier", "string"),
    ("value_min", "double"),
    ("value_max", "double"),
    ("region", "string"),
    ("adcode", "string"),
    ("canonical", "string"),
    ("mechanisms", "string"),
]
TABLE_DDL = ", ".join(f"{name} {kind}" for name, kind in TABLE_COLUMNS)
# Rows are parsed (by Arrow) in chunks of about this many bytes of JSON lines.
OUTPUT_CHUNK_BYTES = 8 << 20


# ---------------------------------------------------------------------------------------------
# The job: one `biaozhu tag` process per Spark task, fed the task's lines.


def arrow_schema():
    import pyarrow as pa

    kinds = {"string": pa.string(), "long": pa.int64(), "double": pa.float64()}
    return pa.schema([(name, kinds[kind]) for name, kind in TABLE_COLUMNS])


def input_chunks(batches):
    """The JSON lines of a task's input, a batch at a time: a text column `value` (JSONL read with
    spark.read.text) is passed as it is, joined with line ends by Arrow (no Python object per
    line); any other rows (Parquet) become one JSON object per row."""
    import pyarrow as pa
    import pyarrow.compute as pc

    for batch in batches:
        if batch.schema.names == ["value"]:
            lines = pc.binary_join_element_wise(pc.fill_null(batch.column(0), ""), "", "\n")
            kind = pa.int64() if pa.types.is_large_string(lines.type) else pa.int32()
            offsets = pa.Array.from_buffers(
                kind, len(lines) + 1, [None, lines.buffers()[1]], offset=lines.offset
            )
            start, end = offsets[0].as_py(), offsets[-1].as_py()
            yield memoryview(lines.buffers()[2])[start:end]
        else:
            yield b"".join(
                json.dumps(row, ensure_ascii=False, default=str).encode("utf-8") + b"\n"
                for row in batch.to_pylist()
            )


def table_batches(chunk, schema):
    """The rows of a chunk of `biaozhu tag --output table` lines as Arrow batches of `schema`,
    parsed by Arrow's JSON reader."""
    import io

    from pyarrow import json as pj

    if not chunk:
        return
    options = pj.ParseOptions(explicit_schema=schema)
    table = pj.read_json(io.BytesIO(bytes(chunk)), parse_options=options)
    yield from table.select(schema.names).cast(schema).to_batches()


def tag_partition(batches, biaozhu, model=None, threads=1, skip_bad_lines=False):
    """mapInArrow's function: runs `biaozhu tag --output table` over the task's lines and yields
    the rows as Arrow batches. A non-zero exit fails the task with biaozhu's error lines in the
    exception (and on the executor's stderr, Spark's log); with `skip_bad_lines`, exit 1 (some
    lines could not be read, the others' rows were written) only logs them."""
    if not os.access(biaozhu, os.X_OK):
        os.chmod(biaozhu, 0o755)
    args = [biaozhu, "tag", "--output", "table", "--threads", str(threads)]
    if model:
        args += ["--model", model]
    proc = subprocess.Popen(
        args, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    stderr = []
    fed = []

    def feed():
        try:
            for chunk in input_chunks(batches):
                proc.stdin.write(chunk)
        except BrokenPipeError:
            pass  # biaozhu stopped early: its exit code and stderr say why
        except BaseException as e:  # noqa: BLE001 - reported by the main thread
            fed.append(e)
        finally:
            try:
                proc.stdin.close()
            except BrokenPipeError:
                pass

    threads_ = [
        threading.Thread(target=feed, daemon=True),
        threading.Thread(target=lambda: stderr.append(proc.stderr.read()), daemon=True),
    ]
    for t in threads_:
        t.start()
    schema = arrow_schema()
    pending = bytearray()
    while data := proc.stdout.read1(1 << 20):
        pending += data
        if len(pending) >= OUTPUT_CHUNK_BYTES:
            cut = pending.rfind(b"\n") + 1
            yield from table_batches(pending[:cut], schema)
            del pending[:cut]
    code = proc.wait()
    for t in threads_:
        t.join()
    said = b"".join(stderr).decode("utf-8", "replace")
    if fed:
        raise fed[0]
    sys.stderr.write(said)
    if code != 0 and not (code == 1 and skip_bad_lines):
        raise RuntimeError(f"biaozhu tag exited with {code}:\n{said}")
    yield from table_batches(pending, schema)


def read_input(spark, path, fmt):
    """JSONL as its raw lines (every field reaches biaozhu as written), or Parquet rows."""
    if fmt == "parquet":
        return spark.read.parquet(str(path))
    return spark.read.text(str(path))


def tag_job(spark, path, fmt, out, model=None, threads=1, skip_bad_lines=False):
    """The job: documents from `path` (JSONL or Parquet), their investment table written to
    `out` as Parquet. `biaozhu` and `model` are files shipped with --files (or addFile)."""

    def run(batches):
        return tag_partition(
            batches,
            spark_file("biaozhu"),
            model and spark_file(model),
            threads,
            skip_bad_lines,
        )

    df = read_input(spark, path, fmt)
    df.mapInArrow(run, TABLE_DDL).write.mode("overwrite").parquet(str(out))


def spark_file(name):
    """A file shipped with `spark-submit --files` (or SparkContext.addFile), on this executor."""
    from pyspark import SparkFiles

    return SparkFiles.get(name)


def job_main(argv):
    p = argparse.ArgumentParser(prog="spark_tag.py job")
    p.add_argument("--input", required=True)
    p.add_argument("--output", required=True)
    p.add_argument("--format", choices=["jsonl", "parquet"], default="jsonl")
    p.add_argument("--model", help="the model's file name as shipped with --files")
    p.add_argument("--threads", type=int, default=1, help="cores per task (spark.task.cpus)")
    p.add_argument(
        "--skip-bad-lines",
        action="store_true",
        help="log the lines biaozhu cannot read instead of failing the task",
    )
    a = p.parse_args(argv)
    from pyspark.sql import SparkSession

    spark = SparkSession.builder.appName("biaozhu tag").getOrCreate()
    tag_job(spark, a.input, a.format, a.output, a.model, a.threads, a.skip_bad_lines)
    spark.stop()


# ---------------------------------------------------------------------------------------------
# 20,000 documents shaped like investment news, written for this script.

CITIES = [
    "南通市", "苏州市", "无锡市", "常州市", "镇江市", "扬州市", "泰州市", "盐城市", "合肥市",
    "芜湖市", "宁波市", "嘉兴市", "湖州市", "绍兴市", "成都市", "武汉市", "西安市", "郑州市",
    "长沙市", "青岛市", "烟台市", "厦门市", "东莞市", "佛山市", "重庆市", "南昌市", "贵阳市",
]
COUNTIES = [
    "海门区", "如皋市", "启东市", "昆山市", "江阴市", "张家港市", "常熟市", "太仓市", "宜兴市",
    "溧阳市", "丹阳市", "句容市", "海安市", "慈溪市", "余姚市", "义乌市", "晋江市", "宜都市",
]
ZONES = ["经济技术开发区", "高新技术产业开发区", "高新区", "开发区", "工业园区", "综合保税区"]
SYLLABLES = "瑞泰鑫华宏博睿晶源达联创恒邦芯锐信隆盛科凯德润汇通远航星辰海蓝宇天合众诚"
INDUSTRIES = [
    "新能源", "半导体", "生物医药", "智能装备", "新材料", "汽车零部件", "光电", "储能",
    "精密机械", "数字科技", "环保科技", "食品", "纺织", "化工新材料",
]
COMPANY_ENDINGS = ["科技有限公司", "股份有限公司", "集团有限公司", "有限公司", "集团"]
PRODUCTS = [
    "年产10GWh动力电池", "高端医疗器械", "碳纤维复合材料", "12英寸晶圆封测", "氢燃料电池电堆",
    "智能网联汽车零部件", "高效光伏组件", "工业机器人", "锂电池正极材料", "生物医药研发生产",
    "新型显示面板", "风电装备", "冷链物流", "数据中心", "高性能纤维", "芯片设计",
]
PROJECT_KINDS = ["项目", "生产基地", "产业园", "研发中心", "一期工程", "智能制造基地", "产业基地"]
MECHANISMS = [
    "“拿地即开工”", "“标准地”出让", "容缺受理", "告知承诺制", "“代办制”", "并联审批",
    "“一站式”服务", "联审联批", "区域评估", "“交地即交证”", "“帮办代办”", "“多评合一”",
]
OFFICIALS = ["区委书记", "市长", "开发区管委会主任", "市投资促进局局长", "副区长", "县委书记"]


def amount(rng):
    kind = rng.random()
    if kind < 0.55:
        value = rng.choice([rng.randint(2, 180), round(rng.uniform(1, 99), 1)])
        return f"{value}亿元"
    if kind < 0.7:
        return f"{rng.randint(1, 9) * 1000 + rng.choice([0, 500])}万元"
    if kind < 0.8:
        return f"{rng.randint(1, 30)}亿美元"
    if kind < 0.9:
        return f"约{round(rng.uniform(3, 60), 1)}亿元"
    return f"超{rng.randint(5, 200)}亿元"


class Newsroom:
    """Makes documents from templates with names put together from parts."""

    def __init__(self, seed):
        self.rng = random.Random(seed)

    def company(self):
        r = self.rng
        return r.choice(SYLLABLES) + r.choice(SYLLABLES) + r.choice(INDUSTRIES) + r.choice(
            COMPANY_ENDINGS
        )

    def region(self):
        r = self.rng
        k = r.random()
        if k < 0.4:
            return r.choice(CITIES)
        if k < 0.7:
            return r.choice(COUNTIES)
        return r.choice(CITIES)[:-1] + r.choice(ZONES)

    def project(self, company):
        r = self.rng
        short = company[:2] + (r.choice(INDUSTRIES) if r.random() < 0.3 else "")
        return short + r.choice(PRODUCTS) + r.choice(PROJECT_KINDS)

    def sentence(self, company, project, region):
        r, amt = self.rng, amount(self.rng)
        m, d = r.randint(1, 12), r.randint(1, 28)
        templates = [
            f"{m}月{d}日上午，{company}投资建设的{project}在{region}正式开工，项目总投资{amt}，规划用地{r.randint(50, 900)}亩。",
            f"{region}与{company}举行签约仪式，{project}正式落户，总投资{amt}，主要建设{r.randint(2, 12)}条生产线。",
            f"总投资{amt}的{project}近日在{region}签约落户，达产后可实现年产值{amount(r)}。",
            f"该项目实行{r.choice(MECHANISMS)}，从签约到开工仅用了{r.randint(15, 120)}天。",
            f"据悉，{region}对重大产业项目推行{r.choice(MECHANISMS)}，{project}成为首批受益项目。",
            f"“{project}”计划投资{amt}，一期工程预计明年{r.randint(1, 12)}月建成投产。",
            f"今年前{r.randint(2, 11)}个月，{region}规上工业增加值同比增长{round(r.uniform(2, 15), 1)}%，实现税收{amount(r)}。",
            f"{r.choice(OFFICIALS)}表示，将持续优化营商环境，为企业提供全生命周期服务，推动项目早投产、早见效。",
            f"会上，共有{r.randint(5, 60)}个项目集中签约，总投资{amount(r)}，涵盖{r.choice(INDUSTRIES)}、{r.choice(INDUSTRIES)}等领域。",
            f"{region[:2]}地处长江三角洲，区位优势明显，产业链配套完善，吸引了一批龙头企业落户。",
            f"项目建成后预计年销售收入超{amount(r)}，可带动就业约{r.randint(3, 60) * 100}人。",
            f"{company}负责人介绍，企业看中的是当地完善的{r.choice(INDUSTRIES)}产业链和高效的政务服务。",
        ]
        weights = [3, 3, 3, 2, 2, 2, 1, 1, 1, 1, 2, 1]
        return r.choices(templates, weights)[0]

    def document(self, n):
        r = self.rng
        # Most news items are short, a few long: a median of about 600 characters.
        target = min(3000, max(300, int(r.lognormvariate(6.4, 0.5))))
        company = self.company()
        project = self.project(company)
        region = self.region()
        title = f"{project}签约落户{region}"
        paragraphs, length = [], 0
        while length < target:
            para = ""
            for _ in range(r.randint(2, 5)):
                if r.random() < 0.25:
                    company = self.company()
                    project = self.project(company)
                    region = self.region()
                para += self.sentence(company, project, region)
            paragraphs.append(para)
            length += len(para)
        text = title + "\n" + "\n".join(paragraphs)
        return {
            "id": f"news-{n:06d}",
            "title": title,
            "date": f"2025-{r.randint(1, 12):02d}-{r.randint(1, 28):02d}",
            "text": text[: max(target, len(title) + 1)],
            "source": "generated by tests/interop/spark_tag.py",
        }


def write_corpus(path, count, seed=2026):
    room = Newsroom(seed)
    text_bytes = 0
    with open(path, "w", encoding="utf-8") as f:
        for n in range(count):
            doc = room.document(n)
            text_bytes += len(doc["text"].encode("utf-8"))
            f.write(json.dumps(doc, ensure_ascii=False) + "\n")
    return text_bytes


# ---------------------------------------------------------------------------------------------
# The CI check.


def row_key(row):
    """A row as a tuple in column order, numbers as floats (Parquet has no int/float mix)."""
    out = []
    for name, kind in TABLE_COLUMNS:
        v = row.get(name)
        if v is not None and kind == "double":
            v = float(v)
        out.append(v)
    return tuple(out)


def by_document(rows):
    return sorted(rows, key=lambda r: r[0])  # stable: each document's rows keep their order


def read_parquet_rows(path):
    import pyarrow.parquet as pq

    return [row_key(r) for r in pq.read_table(str(path)).to_pylist()]


def check_same(name, got, expected):
    if sorted(got, key=repr) != sorted(expected, key=repr):
        missing = set(expected) - set(got)
        extra = set(got) - set(expected)
        sys.exit(
            f"{name}: {len(got)} rows, expected {len(expected)}; "
            f"{len(missing)} missing (e.g. {next(iter(missing), None)}), "
            f"{len(extra)} extra (e.g. {next(iter(extra), None)})"
        )
    if by_document(got) != by_document(expected):
        sys.exit(f"{name}: the same rows, but not in the same order within a document")
    print(f"{name}: {len(got)} rows, equal to biaozhu tag alone (as a multiset and sorted by document)")


def new_spark(biaozhu, cores, max_partition_bytes):
    from pyspark.sql import SparkSession

    # The workers run this interpreter (the venv with pyarrow), not the system's python3.
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    spark = (
        SparkSession.builder.master(f"local[{cores}]")
        .appName("biaozhu tag check")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.files.maxPartitionBytes", str(max_partition_bytes))
        .config("spark.sql.execution.arrow.maxRecordsPerBatch", "1000")
        .config("spark.driver.memory", "2g")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("WARN")
    spark.sparkContext.addFile(str(biaozhu))  # what spark-submit --files does
    return spark


def run_spark_job(spark, path, fmt, out):
    tag_job(spark, path, fmt, out)


def spark_part_main(argv):
    """Every Spark job of the check, in one Spark session: a Parquet subset, the model's subset,
    the corpus as JSONL (the timed job), then a job whose input has a malformed line, which
    must fail. Run as a child
    process so that the parent reads Spark's log (this process's stderr). Writes the timings
    to work/spark.json."""
    biaozhu, work, cores = Path(argv[0]), Path(argv[1]), int(argv[2])
    corpus = work / "corpus.jsonl"
    t0 = time.perf_counter()
    # Four partitions per core: both cores stay busy to the end, and each task's fixed cost
    # (a Python worker's batch, a biaozhu process) stays small against its documents (in a warm
    # session 2, 4 and 8 per core took 12.2, 10.7 and 14.3 s here, biaozhu alone 10.5 s).
    spark = new_spark(biaozhu, cores, max(1 << 20, corpus.stat().st_size // (4 * cores)))
    startup = time.perf_counter() - t0
    # The session's first jobs: the Parquet subset, then the model shipped beside the binary
    # (spark-submit --files biaozhu,model.bin). They also warm the session (the JVM's compiler,
    # the Python workers) as a long job over an archive is warm after its first minutes: the
    # timed job below is the third, and the first job's time is printed beside it.
    t0 = time.perf_counter()
    run_spark_job(spark, work / "subset.parquet", "parquet", work / "subset-table.parquet")
    first_job = time.perf_counter() - t0
    spark.sparkContext.addFile(str(work / "model.bin"))
    tag_job(spark, work / "model-subset.jsonl", "jsonl", work / "model-table.parquet", "model.bin")
    t0 = time.perf_counter()
    run_spark_job(spark, corpus, "jsonl", work / "table.parquet")
    seconds = time.perf_counter() - t0
    load = os.getloadavg()[0]
    t0 = time.perf_counter()
    try:
        run_spark_job(spark, work / "bad.jsonl", "jsonl", work / "bad-table.parquet")
        failed = None
    except Exception as e:  # noqa: BLE001 - the failure is what is checked
        failed = str(e).splitlines()[0]
    bad_seconds = time.perf_counter() - t0
    spark.stop()
    result = {
        "startup": startup,
        "first_job": first_job,
        "seconds": seconds,
        "load": load,
        "failed": failed,
        "bad_seconds": bad_seconds,
    }
    (work / "spark.json").write_text(json.dumps(result))


def write_bad_input(path):
    """A few documents with one malformed line (a number for a text)."""
    room = Newsroom(7)
    with open(path, "w", encoding="utf-8") as f:
        for n in range(40):
            if n == 17:
                f.write('{"id": "broken-17", "text": 3}\n')
            else:
                f.write(json.dumps(room.document(n), ensure_ascii=False) + "\n")


def check_failing_job(result, log):
    said = 'the "text" of document "broken-17" is a number, not a string'
    if result["failed"] is None:
        sys.exit("the job over a malformed line did not fail")
    if said not in log or "biaozhu tag exited with 1" not in log:
        sys.exit(f"Spark's log does not have biaozhu's error line ({said}):\n{log[-4000:]}")
    line = next(x for x in log.splitlines() if said in x)
    print(
        f"a malformed line fails the job ({result['failed'][:60]}…, {result['bad_seconds']:.1f} s) "
        f"with biaozhu's error in Spark's log: {line.strip()}"
    )


def time_alone(biaozhu, corpus, out_path):
    """Seconds `biaozhu tag --output table` takes over the corpus in one process."""
    t0 = time.perf_counter()
    with open(out_path, "wb") as out:
        subprocess.run([str(biaozhu), "tag", "--output", "table", str(corpus)], stdout=out, check=True)
    return time.perf_counter() - t0


def model_rows(biaozhu, corpus, work):
    """Trains a model on (a copy of) the bundled sample and returns the rows `biaozhu tag
    --model` gives alone for the first 300 documents, which the Spark job then tags with it."""
    sample = work / "sample"
    shutil.rmtree(sample, ignore_errors=True)
    shutil.copytree("assets/sample", sample)
    subprocess.run(
        [str(biaozhu), "train", str(sample), "--annotator", "sample", "--out", str(work / "model.bin")],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    with open(corpus, encoding="utf-8") as f, open(work / "model-subset.jsonl", "w") as out:
        out.writelines(line for _, line in zip(range(300), f))
    t0 = time.perf_counter()
    r = subprocess.run(
        [str(biaozhu), "tag", "--output", "table", "--model", str(work / "model.bin"),
         str(work / "model-subset.jsonl")],
        check=True,
        capture_output=True,
    )
    rows = [row_key(json.loads(line)) for line in r.stdout.decode("utf-8").splitlines()]
    print(f"biaozhu tag --model (trained on the sample) alone: 300 documents, {len(rows)} rows, "
          f"{time.perf_counter() - t0:.1f} s")
    return rows


def check_main():
    started = time.perf_counter()
    built = Path(os.environ.get("BIAOZHU_BIN", "target/debug/biaozhu"))
    count = int(os.environ.get("SPARK_TAG_DOCS", "20000"))
    cores = os.cpu_count() or 1
    work = Path("target/spark-tag").resolve()
    work.mkdir(parents=True, exist_ok=True)
    # One copy for every run (Spark refuses a shipped file that changes while it runs, as a
    # rebuild would change it).
    biaozhu = work / "biaozhu"
    shutil.copyfile(built, biaozhu)
    os.chmod(biaozhu, 0o755)
    if shutil.which("strip"):
        # A debug build is mostly debug info (880 MB here), which Spark would copy twice.
        subprocess.run(["strip", "--strip-debug", str(biaozhu)], check=True)
    corpus = work / "corpus.jsonl"
    t0 = time.perf_counter()
    text_bytes = write_corpus(corpus, count)
    mb = text_bytes / 1e6
    print(
        f"{count} documents, {mb:.1f} MB of text ({corpus.stat().st_size / 1e6:.1f} MB of JSONL), "
        f"written in {time.perf_counter() - t0:.1f} s"
    )

    before = time_alone(biaozhu, corpus, work / "alone.jsonl")
    expected = [row_key(json.loads(line)) for line in open(work / "alone.jsonl", encoding="utf-8")]
    print(
        f"biaozhu tag --output table alone ({cores} threads): {before:.1f} s, "
        f"{mb / before:.2f} MB/s, {count / before:.0f} docs/s, {len(expected)} rows "
        f"(load average {os.getloadavg()[0]:.1f})"
    )

    import pyarrow as pa
    import pyarrow.parquet as pq

    subset = [json.loads(line) for _, line in zip(range(2000), open(corpus, encoding="utf-8"))]
    pq.write_table(pa.Table.from_pylist(subset), work / "subset.parquet")
    write_bad_input(work / "bad.jsonl")
    expected_model = model_rows(biaozhu, corpus, work)
    log_path = work / "spark.log"
    with open(log_path, "w", encoding="utf-8") as log:
        r = subprocess.run(
            [sys.executable, __file__, "spark-part", str(biaozhu), str(work), str(cores)],
            stdout=log,
            stderr=subprocess.STDOUT,
            timeout=900,
        )
    log = log_path.read_text(encoding="utf-8", errors="replace")
    if r.returncode != 0:
        sys.exit(f"the Spark jobs failed (exit {r.returncode}):\n{log[-6000:]}")
    result = json.loads((work / "spark.json").read_text())
    on_spark = result["seconds"]
    print(
        f"Spark local[{cores}], JSONL in, Parquet out: {on_spark:.1f} s (after {result['startup']:.1f} s "
        f"starting Spark and two smaller jobs, the first, 2,000 documents from Parquet, in "
        f"{result['first_job']:.1f} s), {mb / on_spark:.2f} MB/s, {count / on_spark:.0f} docs/s "
        f"(load average {result['load']:.1f})"
    )
    # The machine may be shared: biaozhu alone again, after Spark, and the ratio to the mean.
    after = time_alone(biaozhu, corpus, work / "alone-again.jsonl")
    alone = (before + after) / 2
    print(
        f"biaozhu tag alone again: {after:.1f} s (load average {os.getloadavg()[0]:.1f}); "
        f"mean {alone:.1f} s, {mb / alone:.2f} MB/s, {count / alone:.0f} docs/s"
    )
    print(f"Spark / biaozhu alone: {on_spark / alone:.2f}x the time (target: at most 1.5x)")
    check_same("Spark job over JSONL", read_parquet_rows(work / "table.parquet"), expected)
    ids = {d["id"] for d in subset}
    check_same(
        "Spark job over Parquet (2,000 documents)",
        read_parquet_rows(work / "subset-table.parquet"),
        [r for r in expected if r[0] in ids],
    )
    check_same(
        "Spark job with a model (--files biaozhu,model.bin; 300 documents)",
        read_parquet_rows(work / "model-table.parquet"),
        expected_model,
    )
    check_failing_job(result, log)
    print(f"spark_tag.py: all checks passed in {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "job":
        job_main(sys.argv[2:])
    elif len(sys.argv) > 1 and sys.argv[1] == "spark-part":
        spark_part_main(sys.argv[2:])
    else:
        check_main()
