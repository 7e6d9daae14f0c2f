"""Where afterview keeps things and which settings are in force, with where each came from.

Settings come from three places, the later winning: the built-in default, the config file
(``AFTERVIEW_CONFIG``, else ``config.toml`` in the platform's config folder: ``[smtp]`` and
``[imap]`` tables), and the environment (``AFTERVIEW_SMTP_HOST`` ...). Passwords are never
read from the file: the environment, else the system keyring (``afterview[keyring]``).
``afterview config`` shows all of it, secrets masked."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from afterview.errors import AfterviewError

APP = "afterview"
TABLES = {  # config-file table -> its keys and their defaults
    "smtp": {"host": None, "port": None, "security": "starttls", "user": None},
    "imap": {"host": None, "port": None, "security": "tls", "user": None},
}
DEFAULT_PORTS = {
    "smtp": {"none": 25, "starttls": 587, "tls": 465},
    "imap": {"none": 143, "starttls": 143, "tls": 993},
}


def config_file() -> Path:
    """The config file's path (it need not exist)."""
    chosen = os.environ.get("AFTERVIEW_CONFIG")
    if chosen:
        return Path(chosen).expanduser()
    from platformdirs import user_config_dir

    return Path(user_config_dir(APP, appauthor=False)) / "config.toml"


def read_config() -> dict[str, Any]:
    """The config file's tables ({} when there is none)."""
    import tomllib

    file = config_file()
    try:
        return tomllib.loads(file.read_text("utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise AfterviewError(f"{file}: expected a TOML config file ({exc})") from None


SECURITY = ("none", "starttls", "tls")
PASSWORD_FIX = {
    "smtp": "use the keyring or AFTERVIEW_SMTP_PASSWORD",
    "imap": "use the keyring or AFTERVIEW_IMAP_PASSWORD",
}


def _where(table: str, key: str) -> str:
    """Where a value came from, as a message should name it: the variable, else the file."""
    variable = f"AFTERVIEW_{table.upper()}_{key.upper()}"
    return variable if os.environ.get(variable) else f"{config_file()}: {table}.{key}"


def problems() -> list[str]:
    """What is wrong with the settings, each in one line naming the file and key or the variable
    and what was expected: an unknown table or key (a typo is otherwise silently ignored), a
    password in the file, a security mode or port that cannot work."""
    file = read_config()
    found = []
    for name, value in file.items():
        if name not in TABLES:
            found.append(
                f"{config_file()}: [{name}]: unknown table; expected {' or '.join(TABLES)}"
            )
            continue
        if not isinstance(value, dict):
            found.append(f"{config_file()}: {name}: expected a table of settings")
            continue
        for key in value:
            if key == "password":
                found.append(
                    f"{config_file()}: {name}.password: not allowed in a file; {PASSWORD_FIX[name]}"
                )
            elif key not in TABLES[name]:
                found.append(
                    f"{config_file()}: {name}.{key}: unknown key; expected one of "
                    f"{', '.join(TABLES[name])}"
                )
    for name in TABLES:
        try:
            server(name, need_host=False)
        except AfterviewError as exc:
            if str(exc) not in found:
                found.append(str(exc))
    return found


@dataclass(frozen=True)
class Server:
    """A mail server's settings, validated (afterview.outbox for SMTP, afterview.sync for IMAP)."""

    host: str
    port: int
    security: str  # none | starttls | tls
    user: str | None
    password: str | None


def server(table: str, need_host: bool = True) -> Server:
    """The ``[smtp]`` or ``[imap]`` settings in force: the config file's table overridden by
    ``AFTERVIEW_<TABLE>_<KEY>``; the password from ``AFTERVIEW_<TABLE>_PASSWORD``, else the
    system keyring (service ``afterview-<table>``), never from the file. AfterviewError naming
    the variable or the file and key when a value cannot work."""
    file = read_config().get(table, {})
    if not isinstance(file, dict):
        raise AfterviewError(f"{config_file()}: {table}: expected a table of settings")
    if "password" in file:
        raise AfterviewError(
            f"{config_file()}: {table}.password: not allowed in a file; {PASSWORD_FIX[table]}"
        )

    def value(key: str) -> str | None:
        env = os.environ.get(f"AFTERVIEW_{table.upper()}_{key.upper()}")
        if env:
            return env
        found = file.get(key)
        return None if found is None else str(found)

    host = value("host") or ""
    if not host and need_host:
        what = "SMTP" if table == "smtp" else "IMAP"
        raise AfterviewError(
            f"AFTERVIEW_{table.upper()}_HOST: expected the {what} server's host name"
        )
    security = value("security") or str(TABLES[table]["security"])
    if security not in SECURITY:
        raise AfterviewError(
            f"{_where(table, 'security')}: expected none, starttls or tls; got {security!r}"
        )
    given = value("port")
    try:
        port = int(given) if given is not None else DEFAULT_PORTS[table][security]
        if not 0 < port < 65536:
            raise ValueError(port)
    except ValueError:
        raise AfterviewError(
            f"{_where(table, 'port')}: expected a port number from 1 to 65535; got {given!r}"
        ) from None
    user = value("user")
    password = os.environ.get(f"AFTERVIEW_{table.upper()}_PASSWORD") or None
    if password is None and user and host:
        from afterview.secrets import keyring_password

        password = keyring_password(f"afterview-{table}", user)
    return Server(host, port, security, user, password)


def data_dir() -> Path:
    """The platform's data folder for afterview (the default database lives there)."""
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP, appauthor=False))


@dataclass(frozen=True)
class Setting:
    """One effective setting: its name, value (masked when secret) and where it came from."""

    name: str
    value: str | None
    source: str  # "default", "config file", "environment", "keyring", "not set"

    def to_dict(self) -> dict[str, str | None]:
        return {"name": self.name, "value": self.value, "source": self.source}


def mask(secret: str) -> str:
    """``********`` (the length is not shown either)."""
    return "********" if secret else ""


def masked_url(url: str) -> str:
    """A database URL with its password masked."""
    from sqlalchemy.engine import make_url

    try:
        parsed = make_url(url)
    except Exception:
        return url
    if parsed.password:
        return parsed.render_as_string(hide_password=True)
    return url


def _table(name: str, file: dict[str, Any]) -> list[Setting]:
    table = file.get(name, {})
    if not isinstance(table, dict):
        raise AfterviewError(f"{config_file()}: {name}: expected a table of settings")
    found: list[Setting] = []
    values: dict[str, str | None] = {}
    for key, default in TABLES[name].items():
        variable = f"AFTERVIEW_{name.upper()}_{key.upper()}"
        if os.environ.get(variable):
            value, source = os.environ[variable], f"environment ({variable})"
        elif key in table:
            value, source = str(table[key]), "config file"
        elif default is not None:
            value, source = default, "default"
        else:
            value, source = None, "not set"
        values[key] = value
        found.append(Setting(f"{name}.{key}", value, source))
    if values["port"] is None and values["host"]:
        port = DEFAULT_PORTS[name].get(values["security"] or "", None)
        found[1] = Setting(f"{name}.port", str(port) if port else None, "default")
    variable = f"AFTERVIEW_{name.upper()}_PASSWORD"
    if os.environ.get(variable):
        found.append(Setting(f"{name}.password", mask("x"), f"environment ({variable})"))
    elif values["user"] and values["host"]:
        from afterview.secrets import keyring_password

        stored = keyring_password(f"afterview-{name}", values["user"])
        found.append(
            Setting(
                f"{name}.password",
                mask("x") if stored else None,
                "keyring" if stored else "not set",
            )
        )
    else:
        found.append(Setting(f"{name}.password", None, "not set"))
    return found


def settings() -> list[Setting]:
    """Every setting afterview reads, with its effective value and source."""
    file = read_config()
    found: list[Setting] = []
    url = os.environ.get("DATABASE_URL")
    if url:
        found.append(Setting("database", masked_url(url), "environment (DATABASE_URL)"))
    else:
        found.append(Setting("database", str(data_dir() / "afterview.db"), "default"))
    token = os.environ.get("AFTERVIEW_TOKEN")
    found.append(
        Setting("serve.token", mask(token), "environment (AFTERVIEW_TOKEN)")
        if token
        else Setting("serve.token", None, "not set (loopback needs none)")
    )
    for name in TABLES:
        found.extend(_table(name, file))
    pack = os.environ.get("AFTERVIEW_RULE_PACK")
    found.append(
        Setting("rule_pack", pack, "environment (AFTERVIEW_RULE_PACK)")
        if pack
        else Setting("rule_pack", "built in", "default")
    )
    return found


def paths() -> dict[str, tuple[str, str]]:
    """Where afterview keeps things: name -> (path, where that choice came from)."""
    from afterview.cache import cache_dir

    chosen = os.environ.get("AFTERVIEW_CONFIG")
    cache = cache_dir()
    cache_from = (
        "environment (AFTERVIEW_CACHE_DIR)" if os.environ.get("AFTERVIEW_CACHE_DIR") else "platform"
    )
    return {
        "config file": (
            str(config_file()) + ("" if config_file().exists() else " (none yet)"),
            "environment (AFTERVIEW_CONFIG)" if chosen else "platform",
        ),
        "data folder": (str(data_dir()), "platform"),
        "cache folder": (str(cache) if cache else "off", cache_from),
    }
