"""Load test: gunicorn + PostgreSQL at 10k and 100k cases, wrk on loopback.

    make bench-load            (or: .venv/bin/python bench/load/run.py --sizes 10000 100000)

For each size: a PostgreSQL database seeded once with `manage.py seed_demo --cases N` (kept between runs),
gunicorn with --workers sync workers (default 3, as docker-compose.yml runs it), one logged-in
team member, and wrk with CONNECTIONS connections for DURATION seconds on each of: a trivial page (a logged-in
404: session, auth and middleware, no query of our own), the board, a case page (random among 200 cases), and
the "Checked" quick action (POST with the session cookie and CSRF token, random case). Writes
bench/results/load-postgresql.md and .json; bench/report.py folds them into bench/README.md.
"""

import argparse
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RESULTS = ROOT / "bench" / "results"
PY = sys.executable
PG_BASE = os.environ.get("LOAD_PG_BASE", "postgres://postgres@127.0.0.1:5432")
USER, PASSWORD = "loadbench", "load-bench-password-42"


def env_for(db_name: str) -> dict:
    return {
        **os.environ,
        "DATABASE_URL": f"{PG_BASE}/{db_name}",
        "SECRET_KEY": "load-bench-" + "k" * 40,
        "DEBUG": "false",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_COOKIES": "false",
        "AXES_ENABLED": "false",
        "LOG_LEVEL": "WARNING",
        "CASEDESK_DATA_DIR": os.environ.get("LOAD_DATA_DIR", "/tmp/casedesk-load"),
        "STATIC_ROOT": os.environ.get("LOAD_STATIC_ROOT", "/tmp/casedesk-load/static"),
        "DJANGO_SETTINGS_MODULE": "casedesk.settings",
    }


def manage(env, *args, check=True):
    return subprocess.run([PY, "manage.py", *args], cwd=ROOT, env=env, check=check, capture_output=True, text=True)


def ensure_database(name: str, size: int) -> dict:
    env = env_for(name)
    subprocess.run(["psql", f"{PG_BASE}/postgres", "-qc", f'CREATE DATABASE "{name}"'], capture_output=True)
    manage(env, "migrate", "--noinput")
    count = int(manage(env, "shell", "-c", "from cases.models import Case; print(Case.objects.count())")
                .stdout.strip().splitlines()[-1])
    if count < size:
        print(f"seeding {name} with {size - count} more cases …", flush=True)
        started = time.monotonic()
        manage({**env, "DEBUG": "true"}, "seed_demo", "--cases", str(size), "--without-logins")
        print(f"  seeded in {time.monotonic() - started:.0f} s", flush=True)
    manage(env, "collectstatic", "--noinput")
    code = (
        "from django.contrib.auth import get_user_model; from django.contrib.auth.models import Group;"
        f"u, _ = get_user_model().objects.get_or_create(username={USER!r});"
        f"u.set_password({PASSWORD!r}); u.is_active = True; u.save();"
        "u.groups.add(Group.objects.get(name='Team member'));"
        "from cases.models import Case, OPEN_STATUSES;"
        "print(' '.join(str(pk) for pk in Case.objects.filter(status__in=OPEN_STATUSES)"
        ".order_by('?').values_list('pk', flat=True)[:200]))"
    )
    pks = manage(env, "shell", "-c", code).stdout.strip().splitlines()[-1].split()
    return {"env": env, "pks": pks, "cases": max(count, size)}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_gunicorn(env: dict, workers: int, port: int) -> subprocess.Popen:
    gunicorn = shutil.which("gunicorn", path=str(Path(PY).parent)) or "gunicorn"
    process = subprocess.Popen(
        [gunicorn, "casedesk.wsgi", "--workers", str(workers), "--bind", f"127.0.0.1:{port}", "--graceful-timeout", "5",
         "--access-logfile", "-" if os.environ.get("LOAD_ACCESS_LOG") else "/dev/null", "--log-level", "warning"],
        cwd=ROOT, env=env, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2)
            return process
        except urllib.error.HTTPError:
            return process  # it answers (a 503 for a never-run scan is fine here)
        except OSError:
            time.sleep(0.3)
    raise RuntimeError("gunicorn did not start")


def log_in(port: int) -> tuple[str, str]:
    jar = CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    base = f"http://127.0.0.1:{port}"
    page = opener.open(f"{base}/accounts/login/").read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    data = urllib.parse.urlencode({"username": USER, "password": PASSWORD, "csrfmiddlewaretoken": token}).encode()
    opener.open(urllib.request.Request(f"{base}/accounts/login/", data=data, headers={"Referer": base + "/"}))
    cookies = {c.name: c.value for c in jar}
    assert "sessionid" in cookies, "the bench user could not log in"
    return "; ".join(f"{k}={v}" for k, v in cookies.items()), cookies["csrftoken"]


def wrk(port: int, *, paths: list[str], expect: int, cookie: str, csrf: str, duration: int, connections: int,
        method="GET", body="") -> dict:
    env = {**os.environ, "LOAD_PATHS": " ".join(paths), "LOAD_EXPECT": str(expect), "LOAD_COOKIE": cookie,
           "LOAD_CSRF": csrf, "LOAD_METHOD": method, "LOAD_BODY": body}
    out = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "--timeout", "10s", "-s",
         str(Path(__file__).with_name("measure.lua")), f"http://127.0.0.1:{port}"],
        env=env, capture_output=True, text=True, check=True).stdout
    line = next(ln for ln in out.splitlines() if ln.startswith("LOADJSON "))
    result = json.loads(line.removeprefix("LOADJSON "))
    result["rps"] = result["requests"] / result["seconds"]
    result["errors"] = result["unexpected_status"] + result["socket_errors"]
    return result


def run(sizes, workers, duration, connections) -> list[dict]:
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed: apt-get install -y wrk")
    rows = []
    for size in sizes:
        name = f"{os.environ.get('LOAD_DB_PREFIX', 'casedesk_load_')}{size // 1000}k"
        db = ensure_database(name, size)
        port = free_port()
        server = start_gunicorn(db["env"], workers, port)
        try:
            cookie, csrf = log_in(port)
            case_pages = [f"/cases/{pk}/" for pk in db["pks"]]
            actions = [f"/cases/{pk}/do/checked/" for pk in db["pks"]]
            scenarios = [
                ("trivial (logged-in 404)", dict(paths=["/no-such-page/"], expect=404)),
                ("board", dict(paths=["/"], expect=200)),
                ("case page", dict(paths=case_pages, expect=200)),
                ("quick action: Checked (POST)", dict(paths=actions, expect=302, method="POST", body="text=")),
            ]
            wrk(port, paths=["/"], expect=200, cookie=cookie, csrf=csrf, duration=3, connections=connections)
            for label, options in scenarios:
                result = wrk(port, cookie=cookie, csrf=csrf, duration=duration, connections=connections, **options)
                row = {"db": "postgresql", "cases": db["cases"], "what": label, "workers": workers,
                       "connections": connections, **result}
                print(json.dumps(row), flush=True)
                rows.append(row)
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            try:
                server.wait(45)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
                server.wait(10)
    return rows


def write(rows, workers, connections, duration):
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "load-postgresql.json").write_text(json.dumps(rows, indent=1))
    lines = [f"# Load, postgresql: gunicorn {workers} sync workers, wrk {connections} connections × {duration} s "
             "on loopback (same machine)", "",
             "| cases | page | req/s | p50 ms | p95 ms | p50 ÷ trivial | p95 ÷ trivial | errors |",
             "|---:|---|---:|---:|---:|---:|---:|---:|"]
    for row in rows:
        trivial = next(r for r in rows if r["cases"] == row["cases"] and r["what"].startswith("trivial"))
        lines.append(f"| {row['cases']:,} | {row['what']} | {row['rps']:.1f} | {row['p50_ms']:.1f} | "
                     f"{row['p95_ms']:.1f} | {row['p50_ms'] / trivial['p50_ms']:.2f} | {row['p95_ms'] / trivial['p95_ms']:.2f} | "
                     f"{row['errors']} |")
    (RESULTS / "load-postgresql.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    # docker-compose.yml's web service runs 3 gunicorn sync workers; measure what is deployed.
    parser.add_argument("--workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY", 3)))
    parser.add_argument("--duration", type=int, default=15)
    parser.add_argument("--connections", type=int, default=8)
    args = parser.parse_args()
    if os.environ.get("LOAD_REWRITE_ONLY"):  # re-render the table from the last run's JSON
        rows = json.loads((RESULTS / "load-postgresql.json").read_text())
    else:
        rows = run(args.sizes, args.workers, args.duration, args.connections)
    write(rows, args.workers, args.connections, args.duration)


if __name__ == "__main__":
    main()
