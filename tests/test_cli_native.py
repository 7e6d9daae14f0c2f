"""The command line feels native (issue 14): a usage error is one line and exit 2 for every
command, flags are shown as flags in --help, piped output carries no padding."""

from __future__ import annotations

import subprocess
import sys

import pytest
import typer

from afterview.cli import _run_typer
from afterview.cli.application import app

COMMANDS = sorted(
    c.name or (c.callback.__name__ if c.callback else "") for c in app.registered_commands
)


def _in_process(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    try:
        status = _run_typer(args)
    except SystemExit as exc:
        status = int(exc.code or 0)
    out, err = capsys.readouterr()
    return status, out, err


def test_every_command_is_listed() -> None:
    assert {"advise", "check", "draft", "agenda", "list", "serve"} <= set(COMMANDS)


@pytest.mark.parametrize("command", COMMANDS)
def test_an_unknown_option_is_one_line_and_exit_2(
    command: str, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, err = _in_process([command, "--no-such-option"], capsys)
    assert status == 2
    assert out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith(f"afterview: {command}: No such option: --no-such-option")
    assert f"see 'afterview {command} --help'" in lines[0]
    assert "╭" not in err and "Traceback" not in err


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["advise"], "Missing argument"),
        (["agenda", "--days", "soon"], "Invalid value for '--days'"),
        (["no-such-command"], "No such command"),
        (["list", "--db"], "requires an argument"),
    ],
)
def test_other_usage_errors_are_one_line_and_exit_2(
    args: list[str], said: str, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, err = _in_process(args, capsys)
    assert status == 2
    assert out == "" and err.count("\n") == 1 and said in err, err


@pytest.mark.parametrize("command", [None, *COMMANDS])
def test_help_shows_flags_without_a_type_and_exits_0(
    command: str | None, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, _ = _in_process([*([command] if command else []), "--help"], capsys)
    assert status == 0
    assert "--help" in out
    assert "<bool>" not in out and "BOOLEAN" not in out


def test_a_value_option_still_shows_its_type(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = _in_process(["agenda", "--help"], capsys)
    assert "<int>" in out or "INTEGER" in out  # --days takes a number: its type is shown


def test_piped_output_has_no_trailing_spaces_and_no_colour() -> None:
    from pathlib import Path

    panel = Path(__file__).parent.parent / "examples" / "panel-interview.toml"
    for args in (["advise", str(panel)], ["draft", str(panel)], ["rules"], ["--help"]):
        out = subprocess.run(
            [sys.executable, "-m", "afterview", *args],
            capture_output=True,
            text=True,
            timeout=60,
            env={"PATH": "/usr/bin:/bin", "COLUMNS": "60"},
        ).stdout
        assert out.strip(), args
        assert not [line for line in out.splitlines() if line.endswith(" ")], args
        assert "\x1b[" not in out, args


def test_no_args_prints_help_and_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = _in_process([], capsys)
    assert status == 2 and "Usage" in out + err


def test_typer_exit_codes_pass_through(capsys: pytest.CaptureFixture[str]) -> None:
    assert isinstance(typer.Exit(3), RuntimeError)  # how Typer reports a command's status
    status, _, _ = _in_process(["--version"], capsys)
    assert status == 0


def test_the_shipped_man_page_is_made_from_the_current_commands() -> None:
    import runpy
    from pathlib import Path

    from afterview.cli.manpage import render

    root = Path(__file__).parent.parent
    gen = runpy.run_path(str(root / "scripts" / "gen_man.py"))
    assert gen["PAGE"].read_text("utf-8") == render(), "run python scripts/gen_man.py"
    page = render()
    for command in COMMANDS:
        assert f".SS afterview {command} " in page or f".SS afterview {command}\n" in page
    assert "\\-\\-json" in page and ".SH EXIT STATUS" in page


def test_the_man_page_renders_without_warnings(tmp_path: object) -> None:
    import shutil
    from pathlib import Path

    if shutil.which("man") is None or shutil.which("groff") is None:
        pytest.skip("no man/groff on this machine")
    page = Path(__file__).parent.parent / "src" / "afterview" / "cli" / "afterview.1"
    shown = subprocess.run(
        ["man", "-l", str(page)],
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin", "MANWIDTH": "80", "MAN_KEEP_FORMATTING": "0"},
        timeout=30,
    )
    assert shown.returncode == 0 and shown.stderr == "", shown.stderr
    import re

    text = re.sub(".\x08", "", shown.stdout)  # bold and underline by overstriking
    assert "afterview doctor" in text and "EXIT STATUS" in text


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_a_completion_script_is_made_for_each_shell(shell: str) -> None:
    made = subprocess.run(
        [sys.executable, "-m", "afterview", "completion", shell],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert made.returncode == 0, made.stderr
    assert "_AFTERVIEW_COMPLETE" in made.stdout and "afterview" in made.stdout


def _complete(shell: str, words: str) -> str:
    import os

    env = {**os.environ, "_AFTERVIEW_COMPLETE": f"complete_{shell}"}
    if shell == "bash":
        env |= {"COMP_WORDS": words, "COMP_CWORD": str(len(words.split()) - 1)}
    else:
        env |= {"_TYPER_COMPLETE_ARGS": words, "_TYPER_COMPLETE_FISH_ACTION": "get-args"}
    return subprocess.run(
        [sys.executable, "-m", "afterview"], capture_output=True, text=True, env=env, timeout=60
    ).stdout


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_completion_offers_commands_and_options(shell: str) -> None:
    assert "advise" in _complete(shell, "afterview adv")
    assert "agenda" not in _complete(shell, "afterview adv")
    assert "--days" in _complete(shell, "afterview agenda --")


def test_the_bash_script_completes_in_a_real_bash(tmp_path: object) -> None:
    import os
    import shutil

    if shutil.which("bash") is None:
        pytest.skip("no bash")
    script = subprocess.run(
        [sys.executable, "-m", "afterview", "completion", "bash"],
        capture_output=True,
        text=True,
        timeout=60,
    ).stdout
    wrapper = f'afterview() {{ "{sys.executable}" -m afterview "$@"; }}\n'
    program = (
        script.replace("$1 ) )", f'"{sys.executable}" -m afterview ) )')
        + "\nCOMP_WORDS=(afterview che); COMP_CWORD=1; _afterview_completion afterview\n"
        + 'printf "%s\\n" "${COMPREPLY[@]}"\n'
    )
    done = subprocess.run(
        ["bash", "-c", wrapper + program],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ},
    )
    assert done.stdout.split() == ["check"], done.stderr


@pytest.mark.parametrize("command", [["list"], ["agenda", "--days", "400"], ["outbox"], ["export"]])
def test_jsonl_is_one_object_a_line_and_matches_json(
    command: list[str], tmp_path: object, capsys: pytest.CaptureFixture[str]
) -> None:
    import json
    from pathlib import Path

    from helpers import fresh_panel

    db = str(Path(str(tmp_path)) / "a.db")
    panel = fresh_panel(Path(str(tmp_path)))
    other = panel.with_name("other.toml")
    other.write_text(panel.read_text().replace("Northwind Health", "Contoso Labs"))
    for file in (panel, other):  # two interviews: two lines where they list interviews
        assert _run_typer(["import", str(file), "--db", db]) == 0
    assert _run_typer(["draft", "1", "--save", "--db", db]) == 0
    capsys.readouterr()
    assert _run_typer([*command, "--jsonl", "--db", db]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) >= 2
    rows = [json.loads(line) for line in lines]
    assert all(isinstance(r, dict) for r in rows)
    if command[0] != "export":  # export's --json is the whole backup; its --jsonl the report
        assert _run_typer([*command, "--json", "--db", db]) == 0
        whole = json.loads(capsys.readouterr().out)
        if command[0] == "agenda":  # "now" moves between the two runs: compare what is due
            whole = [{k: v for k, v in r.items() if k != "not_before"} for r in whole]
            rows = [{k: v for k, v in r.items() if k != "not_before"} for r in rows]
        assert rows == whole
    else:
        assert {r["company"] for r in rows} == {"Northwind Health", "Contoso Labs"}


def test_serve_open_opens_the_browser_once_it_serves(tmp_path: object) -> None:
    import os
    import time
    from pathlib import Path

    from web_server import free_port

    folder = Path(str(tmp_path))
    opened = folder / "opened.txt"
    browser = folder / "browser.sh"
    browser.write_text(f'#!/bin/sh\necho "$1" > {opened}\n')
    browser.chmod(0o755)
    port = free_port()
    env = {**os.environ, "BROWSER": f"{browser} %s", "DISPLAY": ""}
    server = subprocess.Popen(
        [sys.executable, "-m", "afterview", "serve", "--open", "--port", str(port), "--db",
         str(folder / "a.db")],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 30
        # the browser script makes the file, then writes it: wait for what it writes
        while not (opened.exists() and opened.read_text().strip()) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert opened.read_text().strip() == f"http://127.0.0.1:{port}/"
    finally:
        server.terminate()
        server.wait(10)


def test_serve_on_a_busy_port_is_one_line_exit_2(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import socket

    from afterview.cli import main

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        monkeypatch.setattr("sys.argv", ["afterview", "serve", "--port", str(port)])
        with pytest.raises(SystemExit) as exit_:
            main()
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and f"127.0.0.1:{port}" in err


def test_completion_for_an_unknown_shell_is_one_line_exit_2() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "afterview", "completion", "tcsh"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2 and done.stderr.count("\n") == 1 and "bash" in done.stderr
