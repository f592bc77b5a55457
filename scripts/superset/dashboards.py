"""./run dashboards: a real Superset on this machine over a replay's output, with the project's dashboards.

Runs in .venv-superset (scripts/venv.sh superset). Loads the results into a chDB directory with the
schema (scripts/chdb_results.py), prepares Superset's SQLite metadata (db upgrade, an admin login,
roles), imports the bundle in dashboards/ with its database pointed at that chDB directory, then
starts Superset on 127.0.0.1 and prints the URL and the login. The tests use the same functions.
"""

import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
import zipfile
from pathlib import Path

import yaml

SUPERSET_DIRECTORY = Path(__file__).resolve().parent
REPOSITORY = SUPERSET_DIRECTORY.parents[1]
sys.path.insert(0, str(REPOSITORY / "scripts"))
sys.path.insert(0, str(SUPERSET_DIRECTORY))
from chdb_results import open_warehouse  # noqa: E402
from superset_arguments import parse  # noqa: E402

BUNDLE = REPOSITORY / "dashboards"
ADMIN = "admin"
BUNDLE_PARTS = ("metadata.yaml", "databases", "datasets", "charts", "dashboards")


def load_warehouse(results, directory, times=1):
    """A fresh chDB directory holding the schema and the results (`times` times, as a replayed sink batch);
    closed again, for Superset's process to open."""
    shutil.rmtree(directory, ignore_errors=True)
    Path(directory).mkdir(parents=True)
    open_warehouse(directory, results, times).close()


def chdb_uri(directory):
    """The project's chDB dialect's URL for a data directory."""
    return "clickhouse+chdb:///" + str(Path(directory).resolve())


def bundle_zip(sqlalchemy_uri, zip_path, bundle=BUNDLE):
    """The bundle as Superset's export writes it (one top folder in a ZIP), its database at sqlalchemy_uri
    with the bundle's settings."""
    with zipfile.ZipFile(zip_path, "w") as archive:
        for part in BUNDLE_PARTS:
            files = [bundle / part] if (bundle / part).is_file() else sorted((bundle / part).rglob("*.yaml"))
            for file in files:
                text = file.read_text(encoding="utf-8")
                if file.parent.name == "databases":
                    database = yaml.safe_load(text)
                    # The bundle's connection settings stay: the charts' SQL needs them on any engine.
                    settings = urllib.parse.urlsplit(database["sqlalchemy_uri"]).query
                    database["sqlalchemy_uri"] = sqlalchemy_uri + (f"?{settings}" if settings else "")
                    text = yaml.safe_dump(database, allow_unicode=True, sort_keys=True)
                archive.writestr(f"wecom_dashboards/{file.relative_to(bundle)}", text)
    return zip_path


def secret(file):
    """A random secret kept in a file of the Superset home, made on first use."""
    if not file.is_file():
        file.write_text(secrets.token_urlsafe(32), encoding="utf-8")
        file.chmod(0o600)
    return file.read_text(encoding="utf-8").strip()


def superset_environment(home):
    """What every Superset process of this home needs: its configuration, metadata and secret key."""
    home = Path(home).resolve()
    home.mkdir(parents=True, exist_ok=True)
    return {**os.environ, "SUPERSET_HOME": str(home), "SUPERSET_CONFIG_PATH": str(SUPERSET_DIRECTORY / "superset_config.py"),
            "SUPERSET_SECRET_KEY": secret(home / "secret_key"), "FLASK_APP": "superset.app:create_app()",
            "PYTHONPATH": str(SUPERSET_DIRECTORY)}


def superset_command():
    return [str(Path(sys.executable).parent / "superset")]


def run_superset(environment, *arguments, step):
    """One Superset CLI step, its output shown only when it fails."""
    print(f"superset: {step}...", file=sys.stderr, flush=True)
    finished = subprocess.run(superset_command() + list(arguments), env=environment, capture_output=True, text=True)
    if finished.returncode != 0:
        sys.stderr.write(finished.stdout + finished.stderr)
        raise RuntimeError(f"superset {' '.join(arguments)} failed with status {finished.returncode}")
    return finished.stdout + finished.stderr


def prepare_superset(home, warehouse):
    """Metadata upgraded, the admin login, roles, and the bundle imported over the chDB warehouse; returns the password."""
    environment = superset_environment(home)
    password = secret(Path(environment["SUPERSET_HOME"]) / "admin_password")
    run_superset(environment, "db", "upgrade", step="upgrading the metadata (SQLite)")
    run_superset(environment, "fab", "create-admin", "--username", ADMIN, "--firstname", "Growth",
                 "--lastname", "Analyst", "--email", "admin@localhost", "--password", password,
                 step="creating the admin login")
    run_superset(environment, "init", step="setting up roles and permissions")
    archive = bundle_zip(chdb_uri(warehouse), Path(environment["SUPERSET_HOME"]) / "wecom_dashboards.zip")
    run_superset(environment, "import-dashboards", "--path", str(archive), "--username", ADMIN,
                 step="importing the dashboards")
    return password


def free_port(host="127.0.0.1"):
    with socket.socket() as probe:
        probe.bind((host, 0))
        return probe.getsockname()[1]


def start_superset(home, host, port, log_file):
    """Superset's web server as a process of its own; returns it once /health answers."""
    environment = superset_environment(home)
    log = open(log_file, "w", encoding="utf-8")
    server = subprocess.Popen(superset_command() + ["run", "--host", host, "--port", str(port), "--with-threads"],
                              env=environment, stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"Superset stopped with status {server.returncode}, see {log_file}")
        try:
            with urllib.request.urlopen(f"http://{host}:{port}/health", timeout=5) as answer:
                if answer.status == 200:
                    return server
        except OSError:
            time.sleep(1)
    server.terminate()
    raise RuntimeError(f"Superset did not answer on {host}:{port} within 180 s, see {log_file}")


def main(arguments=None):
    options = parse(arguments)
    warehouse = options.home / "chdb"
    print(f"loading {options.results} into chDB ({warehouse})...", file=sys.stderr, flush=True)
    load_warehouse(options.results, warehouse)
    password = prepare_superset(options.home, warehouse)
    host, port = "127.0.0.1", options.port or free_port()
    print("superset: starting the web server...", file=sys.stderr, flush=True)
    server = start_superset(options.home, host, port, options.home / "superset.log")
    print(f"Superset is running at http://{host}:{port}/dashboard/list/\n"
          f"login: {ADMIN} / {password}\n"
          f"(log: {options.home / 'superset.log'}; Ctrl-C stops it)", flush=True)
    try:
        return server.wait()
    except KeyboardInterrupt:
        server.terminate()
        server.wait()
        return 0


if __name__ == "__main__":
    sys.exit(main())
