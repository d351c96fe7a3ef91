"""Round trip through a real Label Studio server: import biaozhu's label-studio export through
its API, export it back through its API, and compare. Exit 1 on any difference, 2 on a setup
failure (server does not start, project not created), 3 when Label Studio refuses the import.

Run from the venv that has label-studio (tests/interop/check_label_studio_server.sh makes it):
    target/ls-venv/bin/python tests/interop/label_studio_server.py \
        --export-dir OUTDIR --ls-export-out PATH
OUTDIR is what `biaozhu export DS --format label-studio --out OUTDIR` wrote: one tasks file
<stem>.json and labeling_config.xml. PATH receives Label Studio's own JSON export (a list of
tasks), for `biaozhu import-annotations --format label-studio` to read back.

What it does:
- starts `label-studio start` on 127.0.0.1 and a free port, with a throwaway --data-dir, and a
  user and API token made without prompts from LABEL_STUDIO_USERNAME, LABEL_STUDIO_PASSWORD and
  LABEL_STUDIO_USER_TOKEN (read by label_studio/server.py `_create_user` in 1.23.2; the token
  must be over 5 characters). The token is a legacy "Authorization: Token ..." one, which 1.23.2
  accepts only when the organisation has legacy tokens enabled: LABEL_STUDIO_ENABLE_LEGACY_API_TOKEN
  =true (or --enable-legacy-api-token) does that when the organisation is created, i.e. on a new
  data dir. `--host` is Label Studio's public URL (it must start with http://); the address it
  binds is `--internal-host` (default 0.0.0.0), so both are given. Sentry, analytics and the
  PyPI version check are switched off (no network but loopback is used);
- waits for GET /health, checks the token with GET /api/current-user/whoami;
- POST /api/projects with our labeling_config.xml (Labels, Text, Relations);
- POST /api/projects/{id}/import with our tasks as a JSON body (synchronous in 1.23.2);
- GET /api/projects/{id}/export?exportType=JSON&download_all_tasks=true;
- compares, task by task (matched by data.doc_id): data (text, doc_id, sha256), task meta
  (status and, when our export has it, annotator), exactly one annotation, its span results
  (id, start, end, text, labels, and meta when ours has one) and relation results (from_id,
  to_id, labels, direction);
- writes Label Studio's export to --ls-export-out, and kills the server whatever happened.

"""
import argparse
import json
import os
import pathlib
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

USER = "biaozhu-ci@example.com"
PASSWORD = "biaozhu-ci-password"
TOKEN = "biaozhu-ci-token-5f0e2a9c"


def die(code, msg):
    print(f"label_studio_server.py: {msg}", file=sys.stderr, flush=True)
    sys.exit(code)


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Api:
    def __init__(self, base):
        self.base = base

    def call(self, method, path, body=None, timeout=300):
        data = None if body is None else json.dumps(body, ensure_ascii=False).encode("utf-8")
        req = urllib.request.Request(
            self.base + path,
            data=data,
            method=method,
            headers={"Authorization": f"Token {TOKEN}", "Content-Type": "application/json"},
        )
        try:
            with urllib.request.urlopen(req, timeout=timeout) as r:
                raw = r.read()
                return r.status, (json.loads(raw) if raw else None)
        except urllib.error.HTTPError as e:
            raw = e.read().decode("utf-8", "replace")
            try:
                return e.code, json.loads(raw)
            except ValueError:
                return e.code, raw[:4000]


def start_server(exe, data_dir, log_path):
    port = free_port()
    env = dict(os.environ)
    env.update(
        {
            "LABEL_STUDIO_USERNAME": USER,
            "LABEL_STUDIO_PASSWORD": PASSWORD,
            "LABEL_STUDIO_USER_TOKEN": TOKEN,
            "LABEL_STUDIO_ENABLE_LEGACY_API_TOKEN": "true",
            "SENTRY_DSN": "",
            "FRONTEND_SENTRY_DSN": "",
            "LATEST_VERSION_CHECK": "false",
            "COLLECT_ANALYTICS": "false",
        }
    )
    for k in ("HOST", "LABEL_STUDIO_HOST", "LABEL_STUDIO_BASE_DATA_DIR", "DJANGO_DB", "POSTGRE_HOST"):
        env.pop(k, None)
    log = open(log_path, "wb")
    cmd = [
        exe, "start", "--no-browser",
        "--host", f"http://127.0.0.1:{port}",
        "--internal-host", "127.0.0.1",
        "--port", str(port),
        "--data-dir", str(data_dir),
    ]
    proc = subprocess.Popen(cmd, env=env, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                            start_new_session=True)
    return proc, port


def stop_server(proc):
    if proc.poll() is not None:
        return
    # Our own process group (start_new_session), so nothing else is touched.
    try:
        os.killpg(proc.pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=20)


def wait_healthy(proc, base, log_path, timeout):
    t0 = time.monotonic()
    while time.monotonic() - t0 < timeout:
        if proc.poll() is not None:
            die(2, f"label-studio exited with {proc.returncode} before it was up; its log:\n"
                   + pathlib.Path(log_path).read_text("utf-8", "replace")[-6000:])
        try:
            with urllib.request.urlopen(base + "/health", timeout=5) as r:
                if r.status == 200:
                    return time.monotonic() - t0
        except (urllib.error.URLError, ConnectionError, socket.timeout):
            pass
        time.sleep(1)
    die(2, f"label-studio did not answer /health within {timeout} s; its log:\n"
           + pathlib.Path(log_path).read_text("utf-8", "replace")[-6000:])


def tasks_file(export_dir):
    files = sorted(p for p in export_dir.glob("*.json"))
    if len(files) != 1:
        die(2, f"{export_dir}: expected one tasks .json beside labeling_config.xml, found {[p.name for p in files]}")
    return files[0]


def spans_of(task):
    out = {}
    for r in task["annotations"][0]["result"]:
        if r.get("type") == "labels":
            v = r.get("value", {})
            out[r.get("id")] = {
                "start": v.get("start"), "end": v.get("end"), "text": v.get("text"),
                "labels": v.get("labels"), "meta": r.get("meta"),
            }
    return out


def relations_of(task):
    return sorted(
        (r.get("from_id"), r.get("to_id"), tuple(r.get("labels") or ()), r.get("direction"))
        for r in task["annotations"][0]["result"]
        if r.get("type") == "relation"
    )


def compare(ours, theirs):
    """Differences between our tasks and Label Studio's export, as readable lines."""
    diffs = []
    bad_docs = set()
    by_doc = {}
    for t in theirs:
        by_doc.setdefault(t.get("data", {}).get("doc_id"), []).append(t)
    if len(theirs) != len(ours):
        diffs.append(f"task count: ours {len(ours)}, Label Studio's export {len(theirs)}")
    n_spans = n_rels = 0
    for o in ours:
        doc = o["data"]["doc_id"]
        got = by_doc.get(doc, [])
        if len(got) != 1:
            diffs.append(f"{doc}: {len(got)} tasks with this doc_id in Label Studio's export, expected 1")
            continue
        t = got[0]
        for k in ("text", "doc_id", "sha256"):
            if o["data"].get(k) != t.get("data", {}).get(k):
                diffs.append(f"{doc}: data.{k} differs")
        for k, v in (o.get("meta") or {}).items():
            if (t.get("meta") or {}).get(k) != v:
                diffs.append(f"{doc}: task meta.{k}: ours {v!r}, Label Studio's {(t.get('meta') or {}).get(k)!r}")
        anns = t.get("annotations") or []
        if len(anns) != 1:
            diffs.append(f"{doc}: {len(anns)} annotations in Label Studio's export, expected 1")
            continue
        if anns[0].get("was_cancelled"):
            diffs.append(f"{doc}: the annotation came back cancelled")
        os_, ts = spans_of(o), spans_of(t)
        n_spans += len(os_)
        for sid in sorted(set(os_) | set(ts), key=str):
            a, b = os_.get(sid), ts.get(sid)
            if a is None:
                diffs.append(f"{doc}: span result {sid} is new in Label Studio's export: {b}")
            elif b is None:
                diffs.append(f"{doc}: span result {sid} is missing from Label Studio's export (ours: {a})")
            else:
                for k in ("start", "end", "text", "labels"):
                    if a[k] != b[k]:
                        diffs.append(f"{doc}: span {sid} {k}: ours {a[k]!r}, Label Studio's {b[k]!r}")
                if a["meta"] is not None and a["meta"] != b["meta"]:
                    diffs.append(f"{doc}: span {sid} meta: ours {a['meta']!r}, Label Studio's {b['meta']!r}")
        orl, trl = relations_of(o), relations_of(t)
        n_rels += len(orl)
        if orl != trl:
            missing = [r for r in orl if r not in trl]
            extra = [r for r in trl if r not in orl]
            diffs.append(f"{doc}: relation results differ; missing in Label Studio's export {missing}, extra {extra}")
    for d in diffs:
        bad_docs.add(d.split(":", 1)[0])
    return diffs, n_spans, n_rels, bad_docs


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--export-dir", required=True, type=pathlib.Path, help="biaozhu's label-studio export folder")
    ap.add_argument("--ls-export-out", required=True, type=pathlib.Path, help="where to write Label Studio's JSON export")
    ap.add_argument("--label-studio", default=str(pathlib.Path(sys.executable).parent / "label-studio"),
                    help="the label-studio executable (default: the one beside this python)")
    ap.add_argument("--start-timeout", type=float, default=600)
    ap.add_argument("--keep-data", action="store_true", help="keep the throwaway data dir and log")
    args = ap.parse_args()
    # A SIGTERM or SIGHUP (CI's timeout, a killed caller) unwinds through `finally`, which stops the server.
    for sig in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, lambda n, f: sys.exit(128 + n))

    config = (args.export_dir / "labeling_config.xml").read_text(encoding="utf-8")
    tf = tasks_file(args.export_dir)
    ours = json.loads(tf.read_text(encoding="utf-8"))

    work = pathlib.Path(tempfile.mkdtemp(prefix="biaozhu-ls-"))
    data_dir, log_path = work / "data", work / "label-studio.log"
    data_dir.mkdir()
    t0 = time.monotonic()
    proc, port = start_server(args.label_studio, data_dir, log_path)
    base = f"http://127.0.0.1:{port}"
    try:
        up = wait_healthy(proc, base, log_path, args.start_timeout)
        print(f"label-studio up on {base} after {up:.1f} s (fresh data dir {data_dir})", flush=True)
        api = Api(base)

        s, who = api.call("GET", "/api/current-user/whoami")
        if s != 200:
            die(2, f"token auth failed: GET /api/current-user/whoami answered {s}: {who}")

        s, project = api.call("POST", "/api/projects", {"title": "biaozhu round trip", "label_config": config})
        if s != 201:
            die(2, f"Label Studio refused our labeling_config.xml: POST /api/projects answered {s}: {project}")
        pid = project["id"]
        print(f"project {pid} created with our labeling_config.xml", flush=True)

        s, imp = api.call("POST", f"/api/projects/{pid}/import", ours)
        if s != 201:
            detail = imp.get("validation_errors", imp) if isinstance(imp, dict) else imp
            hint = ""
            if "completed_by" in json.dumps(detail):
                hint = ("\n  Label Studio takes annotations[].completed_by only as a user id or {\"email\": ...} of"
                        " one of its users; biaozhu's export writes the annotator's name there. The export"
                        " must drop completed_by (and carry the name in the task's meta.annotator).")
            die(3, f"Label Studio refused the import of {tf} with HTTP {s}: {json.dumps(detail, ensure_ascii=False)}{hint}")
        print(f"imported: {imp.get('task_count')} tasks, {imp.get('annotation_count')} annotations", flush=True)

        s, theirs = api.call("GET", f"/api/projects/{pid}/export?exportType=JSON&download_all_tasks=true")
        if s != 200 or not isinstance(theirs, list):
            die(2, f"GET export answered {s}: {str(theirs)[:2000]}")
        args.ls_export_out.parent.mkdir(parents=True, exist_ok=True)
        args.ls_export_out.write_text(json.dumps(theirs, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        print(f"wrote Label Studio's export to {args.ls_export_out}", flush=True)
    finally:
        stop_server(proc)
        if not args.keep_data:
            import shutil
            shutil.rmtree(work, ignore_errors=True)
        else:
            print(f"kept {work}")
    print(f"server run took {time.monotonic() - t0:.1f} s in all", flush=True)

    diffs, n_spans, n_rels, bad_docs = compare(ours, theirs)
    n_bad = len(bad_docs & {o["data"]["doc_id"] for o in ours}) or (1 if diffs else 0)
    if not any("annotator" in (t.get("meta") or {}) for t in ours):
        print("note: our export carries no task meta.annotator, so the annotator's name does not come back "
              "from Label Studio (its export has completed_by as its own user id)")
    if diffs:
        for d in diffs:
            print("DIFF", d)
        print(f"label-studio round trip: {len(diffs)} differences")
        print(f"roundtrip: {len(ours) - n_bad} passed, {n_bad} failed")
        sys.exit(1)
    print(f"label-studio round trip: {len(ours)} tasks, {n_spans} span results and {n_rels} relation results "
          "came back identical")
    print(f"roundtrip: {len(ours)} passed, 0 failed")


if __name__ == "__main__":
    main()
