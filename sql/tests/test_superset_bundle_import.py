"""The ZIP that docker-compose.yml's superset-init hands to `superset import-dashboards`
(docker/superset/import_bundle.py): the repository's bundle as Superset's export lays it out, with
every database pointed at the stack's ClickHouse and nothing else changed."""

import importlib.util
import zipfile
from pathlib import Path

import pytest
import yaml

SCRIPT = Path(__file__).resolve().parents[2] / "docker" / "superset" / "import_bundle.py"
spec = importlib.util.spec_from_file_location("import_bundle", SCRIPT)
import_bundle = importlib.util.module_from_spec(spec)
spec.loader.exec_module(import_bundle)

# What Superset's export writes for a ClickHouse database: the password masked.
EXPORTED_DATABASE = """database_name: wecom ClickHouse
sqlalchemy_uri: clickhousedb://default:XXXXXXXXXX@localhost:8123/wecom?prefer_column_name_to_alias=1
cache_timeout: null
expose_in_sqllab: true
allow_run_async: false
extra:
  allows_virtual_table_explore: true
uuid: 6b5b8f1e-3c1a-4d5e-9f00-000000000001
version: 1.0.0
"""
DATASET = "table_name: 渠道漏斗\nsql: SELECT * FROM wecom.channel_conversion_daily FINAL\n"


def write_bundle(root):
    (root / "databases").mkdir(parents=True)
    (root / "datasets" / "wecom_ClickHouse").mkdir(parents=True)
    (root / "metadata.yaml").write_text("version: 1.0.0\ntype: Dashboard\n", encoding="utf-8")
    (root / "databases" / "wecom_ClickHouse.yaml").write_text(EXPORTED_DATABASE, encoding="utf-8")
    (root / "datasets" / "wecom_ClickHouse" / "funnel.yaml").write_text(DATASET, encoding="utf-8")


def test_the_zip_is_one_folder_with_every_file_and_the_database_pointed_at_the_stack(tmp_path):
    root = tmp_path / "dashboards" / "growth_bundle"
    write_bundle(root)
    uri = import_bundle.clickhouse_uri("http://clickhouse:8123", "wecom", "p@ss:w/rd+1", "wecom")

    databases = import_bundle.write_import_zip(import_bundle.bundle_root(tmp_path / "dashboards"), uri,
                                               tmp_path / "bundle.zip")

    assert uri == "clickhousedb://wecom:p%40ss%3Aw%2Frd%2B1@clickhouse:8123/wecom"
    assert databases == ["wecom ClickHouse"]
    with zipfile.ZipFile(tmp_path / "bundle.zip") as bundle:
        assert sorted(bundle.namelist()) == [
            "growth_bundle/databases/wecom_ClickHouse.yaml",
            "growth_bundle/datasets/wecom_ClickHouse/funnel.yaml",
            "growth_bundle/metadata.yaml",
        ]
        database = yaml.safe_load(bundle.read("growth_bundle/databases/wecom_ClickHouse.yaml"))
        dataset = bundle.read("growth_bundle/datasets/wecom_ClickHouse/funnel.yaml").decode("utf-8")
    expected = yaml.safe_load(EXPORTED_DATABASE)
    # The bundle's own settings stay: its charts need them.
    expected["sqlalchemy_uri"] = uri + "?prefer_column_name_to_alias=1"
    assert database == expected
    assert dataset == DATASET


def test_the_uri_follows_the_projects_clickhouse_url():
    assert import_bundle.clickhouse_uri("http://ch.internal", "default", "", "wecom") == \
        "clickhousedb://default@ch.internal:8123/wecom"
    assert import_bundle.clickhouse_uri("https://ch.internal:9443", "analyst", "s", "wecom") == \
        "clickhousedb://analyst:s@ch.internal:9443/wecom?secure=true"
    with pytest.raises(ValueError, match="http://host:8123"):
        import_bundle.clickhouse_uri("clickhouse:8123", "default", "", "wecom")


def test_a_folder_without_exactly_one_bundle_or_without_a_database_is_refused(tmp_path):
    with pytest.raises(ValueError, match="found 0"):
        import_bundle.bundle_root(tmp_path)
    write_bundle(tmp_path / "a")
    write_bundle(tmp_path / "b")
    with pytest.raises(ValueError, match="found 2"):
        import_bundle.bundle_root(tmp_path)

    (tmp_path / "a" / "databases" / "wecom_ClickHouse.yaml").unlink()
    with pytest.raises(ValueError, match="no databases"):
        import_bundle.write_import_zip(tmp_path / "a", "clickhousedb://x@y:8123/wecom", tmp_path / "a.zip")


def test_the_bundle_settings_join_the_stacks_own():
    uri = import_bundle.clickhouse_uri("https://clickhouse:8443", "wecom", "", "wecom")

    assert import_bundle.with_settings_of(uri, "clickhousedb://default@x:8123/wecom?prefer_column_name_to_alias=1") == (
        "clickhousedb://wecom@clickhouse:8443/wecom?secure=true&prefer_column_name_to_alias=1")
    assert import_bundle.with_settings_of(uri, "clickhousedb://default@x:8123/wecom") == uri
