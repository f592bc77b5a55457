"""The jobs' settings that decide totals (`--config`, the same JSON or YAML file replay takes)."""

import json
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


class SettingsError(ValueError):
    """A --config file that replay would refuse too; the message names the file and the key."""


@dataclass(frozen=True)
class Settings:
    timezone: str = "Asia/Shanghai"
    attribution_window_days: int = 7
    checkin_keywords: tuple = ("签到", "打卡")
    checkin_milestones: tuple = (7, 21, 30)
    lateness_horizon_days: int = 35
    flood_messages: int = 10
    flood_seconds: int = 60
    mass_deletion_threshold: int = 20


KEYS = ("timezone", "attribution_window_days", "checkin_keywords", "checkin_milestones", "lateness_horizon_days",
        "flood_messages", "flood_seconds", "mass_deletion_threshold")
# builtin.reply_timeout's parameters (DESIGN section 5b): replay takes them; its alerts are not recomputed.
REPLY_TIMEOUT_KEYS = ("reply_sla_minutes", "working_hours", "working_days")


def load_settings(path):
    """The settings of a --config file (None: the defaults)."""
    if path is None:
        return Settings()
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise SettingsError(f"--config {path}: cannot read it ({error})") from None
    document = _parse(path, text)
    if document is None:
        return Settings()
    if not isinstance(document, dict):
        raise SettingsError(f"--config {path}: the settings must be a mapping of settings")
    unknown = sorted(set(document) - set(KEYS) - set(REPLY_TIMEOUT_KEYS))
    if unknown:
        raise SettingsError(f"--config {path}: unknown setting '{unknown[0]}' "
                            f"(known: {', '.join(sorted(KEYS + REPLY_TIMEOUT_KEYS))})")
    defaults = Settings()
    return Settings(
        timezone=_timezone(path, document.get("timezone", defaults.timezone)),
        attribution_window_days=_positive(path, document, "attribution_window_days", defaults.attribution_window_days),
        checkin_keywords=tuple(_list_of(path, document, "checkin_keywords", str, defaults.checkin_keywords)),
        checkin_milestones=tuple(_list_of(path, document, "checkin_milestones", int, defaults.checkin_milestones)),
        lateness_horizon_days=_positive(path, document, "lateness_horizon_days", defaults.lateness_horizon_days),
        flood_messages=_positive(path, document, "flood_messages", defaults.flood_messages),
        flood_seconds=_positive(path, document, "flood_seconds", defaults.flood_seconds),
        mass_deletion_threshold=_positive(path, document, "mass_deletion_threshold", defaults.mass_deletion_threshold),
    )


def _parse(path, text):
    if path.suffix.lower() == ".json":
        try:
            return json.loads(text) if text.strip() else None
        except json.JSONDecodeError as error:
            raise SettingsError(f"--config {path}: not valid JSON ({error})") from None
    import yaml  # JSON is YAML too, so any other name is read as YAML

    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise SettingsError(f"--config {path}: not valid YAML ({str(error).splitlines()[0]})") from None


def _timezone(path, name):
    if not isinstance(name, str):
        raise SettingsError(f"--config {path}: timezone must be a string, got {name!r}")
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise SettingsError(f"--config {path}: timezone: unknown time zone {name}") from None
    return name


def _positive(path, document, key, default):
    value = document.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int):
        raise SettingsError(f"--config {path}: {key} must be an integer, got {json.dumps(value, ensure_ascii=False)}")
    if value < 1:
        raise SettingsError(f"--config {path}: {key} must be at least 1, got {value}")
    return value


def _list_of(path, document, key, item_type, default):
    values = document.get(key, list(default))
    if not isinstance(values, list) or any(isinstance(item, bool) or not isinstance(item, item_type) for item in values):
        kind = "strings" if item_type is str else "integers"
        raise SettingsError(f"--config {path}: {key} must be a list of {kind}, got {json.dumps(values, ensure_ascii=False)}")
    if item_type is int and any(item < 1 for item in values):
        raise SettingsError(f"--config {path}: {key} must be positive, got {values}")
    return values
