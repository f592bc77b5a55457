"""Prepares Superset for docker-compose.yml and imports the repository's dashboards.

Runs in Superset's own image (the superset-init one-shot): applies Superset's metadata migrations,
creates the admin login, and imports the bundle in dashboards/ with `superset import-dashboards`.
The bundle's database entries carry no password (Superset's export masks it) and point wherever
they were exported from, so the ZIP handed to the import has each database's `sqlalchemy_uri`
pointed at this stack's ClickHouse with the login from the environment. Safe to run again: the
migrations and the import overwrite what they wrote before, and an existing admin is kept.

Environment: CLICKHOUSE_USER, CLICKHOUSE_PASSWORD, SUPERSET_ADMIN_PASSWORD (and Superset's own
SUPERSET_SECRET_KEY).
"""

import argparse
import os
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path
from urllib.parse import quote, urlsplit

import yaml


def bundle_root(dashboards: Path) -> Path:
    """The folder of the bundle under `dashboards`: the one holding Superset's metadata.yaml."""
    found = sorted(path.parent for path in dashboards.rglob("metadata.yaml"))
    if len(found) != 1:
        raise ValueError(f"{dashboards}: expected one Superset bundle (one metadata.yaml), found {len(found)}")
    return found[0]


def clickhouse_uri(clickhouse_url: str, user: str, password: str, database: str) -> str:
    """The SQLAlchemy URI of clickhouse-connect for the project's --clickhouse-url (http://host:8123)."""
    parts = urlsplit(clickhouse_url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"--clickhouse-url must look like http://host:8123, got {clickhouse_url}")
    port = parts.port or (8443 if parts.scheme == "https" else 8123)
    login = quote(user, safe="") + (":" + quote(password, safe="") if password else "")
    secure = "?secure=true" if parts.scheme == "https" else ""
    return f"clickhousedb://{login}@{parts.hostname}:{port}/{database}{secure}"


def write_import_zip(root: Path, sqlalchemy_uri: str, target: Path) -> list[str]:
    """Zips the bundle as Superset's export lays it out, every database pointed at `sqlalchemy_uri`.

    Returns the names of the databases it pointed there.
    """
    databases = []
    with zipfile.ZipFile(target, "w") as bundle:
        for path in sorted(p for p in root.rglob("*") if p.is_file()):
            relative = path.relative_to(root).as_posix()
            content = path.read_bytes()
            if relative.startswith("databases/") and path.suffix in (".yaml", ".yml"):
                database = yaml.safe_load(content)
                database["sqlalchemy_uri"] = with_settings_of(sqlalchemy_uri, database.get("sqlalchemy_uri", ""))
                databases.append(database["database_name"])
                content = yaml.safe_dump(database, sort_keys=False, allow_unicode=True).encode("utf-8")
            # Superset drops the first folder of every name: an export is one folder.
            bundle.writestr(f"{root.name}/{relative}", content)
    if not databases:
        raise ValueError(f"{root}: the bundle has no databases/*.yaml")
    return databases


def with_settings_of(sqlalchemy_uri: str, bundle_uri: str) -> str:
    """The stack's URI with the query settings the bundle's own URI carries (the charts need them)."""
    settings = [part for part in (urlsplit(sqlalchemy_uri).query, urlsplit(bundle_uri).query) if part]
    return sqlalchemy_uri.split("?", 1)[0] + ("?" + "&".join(settings) if settings else "")


def superset(*arguments: str, stdin: str | None = None) -> None:
    print("superset " + " ".join(arguments), flush=True)
    subprocess.run(["superset", *arguments], input=stdin, text=True, check=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dashboards", type=Path, required=True, help="the repository's dashboards/ folder")
    parser.add_argument("--clickhouse-url", required=True, help="http://host:8123, as ./run migrate takes it")
    parser.add_argument("--database", default="wecom", help="the ClickHouse database of the result tables")
    parser.add_argument("--admin", default="admin", help="the admin login to create and own the dashboards")
    arguments = parser.parse_args()
    try:
        root = bundle_root(arguments.dashboards)
        uri = clickhouse_uri(arguments.clickhouse_url, os.environ.get("CLICKHOUSE_USER", "default"),
                             os.environ.get("CLICKHOUSE_PASSWORD", ""), arguments.database)
        admin_password = os.environ["SUPERSET_ADMIN_PASSWORD"]
    except (ValueError, KeyError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    superset("db", "upgrade")
    # The password goes in on standard input: on the command line, `ps` on the host would show it.
    superset("fab", "create-admin", "--username", arguments.admin, "--firstname", "Superset", "--lastname",
             "Admin", "--email", f"{arguments.admin}@localhost", stdin=f"{admin_password}\n{admin_password}\n")
    superset("init")
    with tempfile.TemporaryDirectory() as work:
        bundle = Path(work) / "dashboards.zip"
        databases = write_import_zip(root, uri, bundle)
        superset("import-dashboards", "--path", str(bundle), "--username", arguments.admin)
    print(f"imported {root} with {', '.join(databases)} at {uri.split('@', 1)[1]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
