"""Where things live and the settings file.

Precedence for every setting: command-line option, environment variable, config file,
default. Nothing here touches the disk at import time.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from salescli.errors import InvalidValue, Refused

APP_NAME = "salescli"
ENV_DB = "SALESCLI_DB"
ENV_REP = "SALESCLI_REP"
ENV_TODAY = "SALESCLI_TODAY"
ENV_CONFIG_DIR = "SALESCLI_CONFIG_DIR"
ENV_DATA_DIR = "SALESCLI_DATA_DIR"
CONFIG_FILE = "config.toml"
DB_FILE = "salescli.db"


@dataclass(frozen=True)
class SettingSpec:
    key: str
    kind: type
    help: str


SETTINGS: dict[str, SettingSpec] = {
    spec.key: spec
    for spec in (
        SettingSpec("rep", str, "handle of the acting rep when --as is not given"),
        SettingSpec("db", str, "path of the database file"),
    )
}


@dataclass(frozen=True)
class Setting:
    key: str
    value: Any
    source: str  # "option", "env", "config" or "default"


def config_dir() -> Path:
    override = os.environ.get(ENV_CONFIG_DIR)
    if override:
        return Path(override).expanduser()
    import platformdirs

    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


def data_dir() -> Path:
    override = os.environ.get(ENV_DATA_DIR)
    if override:
        return Path(override).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def config_path() -> Path:
    return config_dir() / CONFIG_FILE


def load_config() -> dict[str, Any]:
    path = config_path()
    if not path.exists():
        return {}
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - exercised on 3.10 only
        import tomli as tomllib
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except (OSError, ValueError) as err:
        raise InvalidValue(
            f"cannot read {path}: {err}",
            hint="fix the file, or delete it to start afresh",
        ) from err


def set_config_value(key: str, value: str) -> Setting:
    """Validate and store one setting; returns it as now in force from the file."""
    spec = SETTINGS.get(key)
    if spec is None:
        raise InvalidValue(
            f"unknown setting '{key}'", hint=f"settings are: {', '.join(sorted(SETTINGS))}"
        )
    if not value.strip():
        raise InvalidValue(
            f"{key} cannot be empty",
            hint=f"use 'salescli config unset {key}' to go back to the default",
        )
    converted: Any = value
    if key == "db":
        # A relative path would follow the working directory; the book should not.
        converted = str(Path(value).expanduser().resolve())
    elif spec.kind is int:
        try:
            converted = int(value)
        except ValueError as err:
            raise InvalidValue(f"{key} must be a whole number, not '{value}'") from err
    data = load_config()
    data[key] = converted
    _write_config(data)
    return Setting(key, converted, "config")


def unset_config_value(key: str) -> Setting:
    """Remove a setting from the file; returns the setting now in force."""
    if key not in SETTINGS:
        raise InvalidValue(
            f"unknown setting '{key}'", hint=f"settings are: {', '.join(sorted(SETTINGS))}"
        )
    data = load_config()
    if key in data:
        del data[key]
        _write_config(data)
    return resolve(key)


def _write_config(data: dict[str, Any]) -> None:
    import tomli_w

    path = config_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".toml.tmp")
        tmp.write_text(tomli_w.dumps(data), encoding="utf-8")
        tmp.replace(path)
    except OSError as err:
        raise Refused(f"cannot write {path}: {err.strerror or err}") from err


def resolve(key: str, option: str | None = None) -> Setting:
    """One setting with where it came from."""
    if option is not None:
        return Setting(key, option, "option")
    env_name = {"db": ENV_DB, "rep": ENV_REP}.get(key)
    if env_name and os.environ.get(env_name):
        return Setting(key, os.environ[env_name], "env")
    data = load_config()
    if key in data:
        return Setting(key, data[key], "config")
    if key == "db":
        return Setting(key, str(data_dir() / DB_FILE), "default")
    return Setting(key, None, "default")


def all_settings(*, db_option: str | None = None, rep_option: str | None = None) -> list[Setting]:
    options = {"db": db_option, "rep": rep_option}
    return [resolve(key, options.get(key)) for key in sorted(SETTINGS)]


def database_path(option: str | None = None) -> Path:
    return Path(str(resolve("db", option).value)).expanduser()


def acting_rep(option: str | None = None) -> str | None:
    value = resolve("rep", option).value
    return str(value) if value else None


def backups_dir(db_path: Path) -> Path:
    """Backups sit beside the database, so they move with it."""
    return db_path.parent / "backups"
