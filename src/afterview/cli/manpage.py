"""The man page, made from the commands themselves (their help, arguments and options), so it
cannot say something ``--help`` does not. ``scripts/gen_man.py`` writes it to
``src/afterview/cli/afterview.1``, which the wheel ships (also as share/man/man1/afterview.1);
a test fails when it is stale."""

from __future__ import annotations

import re
from typing import Any

from afterview import __version__

SEE_ALSO = "The guide: afterview guide. The rules: afterview rules."


def _roff(text: str) -> str:
    """Plain text as roff: backslashes and leading dots/quotes escaped, Rich markup dropped."""
    text = re.sub(r"\[/?[a-z ]+\]", "", text)
    text = text.replace("\\", "\\e").replace("-", "\\-")
    lines = text.split("\n")
    return "\n".join(("\\&" + line) if line[:1] in (".", "'") else line for line in lines)


def _paragraphs(help_text: str) -> list[str]:
    return [" ".join(p.split()) for p in help_text.strip().split("\n\n") if p.strip()]


def _option(param: Any) -> str:
    names = ", ".join(f"\\fB{_roff(o)}\\fR" for o in [*param.opts, *param.secondary_opts])
    if param.param_type_name == "argument":
        names = f"\\fI{_roff(param.metavar or param.name.upper())}\\fR"
    elif not getattr(param, "is_flag", False):
        names += f" \\fI{_roff(param.name.upper())}\\fR"
    return f".TP\n{names}\n{_roff(' '.join((param.help or '').split()))}"


def render() -> str:
    """The whole man page (section 1) as roff."""
    import typer

    from afterview.cli.application import app

    root = typer.main.get_command(app)
    ctx = typer._click.Context(root, info_name="afterview")
    out = [
        f'.TH AFTERVIEW 1 "" "afterview {__version__}" "User Commands"',
        ".SH NAME",
        "afterview \\- " + _roff(root.help or "").split("\n")[0],
        ".SH SYNOPSIS",
        "\\fBafterview\\fR [\\fIOPTIONS\\fR] \\fICOMMAND\\fR [\\fIARGS\\fR]...",
        ".SH DESCRIPTION",
        "afterview records an interview, advises whether and when to follow up, drafts one "
        "message per person, checks drafts against the record and keeps the history. "
        "Nothing you record leaves this machine.",
        ".SH OPTIONS",
        *(_option(p) for p in root.params if getattr(p, "help", None)),
        ".SH COMMANDS",
    ]
    for name in root.list_commands(ctx):  # type: ignore[attr-defined]
        command = root.get_command(ctx, name)  # type: ignore[attr-defined]
        if command is None or command.hidden:
            continue
        usage = " ".join(
            f"\\fI{_roff(p.metavar or p.name.upper())}\\fR"
            for p in command.params
            if p.param_type_name == "argument"
        )
        out.append(f".SS afterview {name} [\\fIOPTIONS\\fR] {usage}".rstrip())
        for paragraph in _paragraphs(command.help or ""):
            out.extend([_roff(paragraph), ".PP"])
        out.extend(_option(p) for p in command.params if getattr(p, "help", None))
    out += [
        ".SH EXIT STATUS",
        "0: done (advice given; no error found). 1: a check found an error, a send was refused, "
        "or afterview doctor found a problem. 2: bad input, usage, set-up, a store or a "
        "server that failed. 70: a bug in afterview (run again with --debug and report the "
        "traceback). 130: interrupted.",
        ".SH ENVIRONMENT",
        ".TP\n\\fBDATABASE_URL\\fR\nThe store (an SQLite path or a PostgreSQL URL).",
        ".TP\n\\fBAFTERVIEW_CONFIG\\fR\nThe config file (default: config.toml in the platform's "
        "config folder; see afterview config).",
        ".TP\n\\fBAFTERVIEW_SMTP_HOST\\fR, \\fB_PORT\\fR, \\fB_SECURITY\\fR, \\fB_USER\\fR, "
        "\\fB_PASSWORD\\fR\nThe SMTP server for sending (also [smtp] in the config file).",
        ".TP\n\\fBAFTERVIEW_IMAP_HOST\\fR, \\fB_PORT\\fR, \\fB_SECURITY\\fR, \\fB_USER\\fR, "
        "\\fB_PASSWORD\\fR\nThe mailbox afterview sync reads (also [imap] in the config file).",
        ".TP\n\\fBAFTERVIEW_TOKEN\\fR\nThe access token afterview serve requires beyond loopback.",
        ".TP\n\\fBAFTERVIEW_CACHE_DIR\\fR\nWhere the start-up cache lives; off turns it off.",
        ".TP\n\\fBAFTERVIEW_RULE_PACK\\fR\nA folder with your own rules.toml, sources.toml and "
        "guide.toml (afterview doctor checks it).",
        ".TP\n\\fBAFTERVIEW_MODE\\fR\nlocal (the default) or shared: a career centre's "
        "deployment on PostgreSQL, migrated only by afterview admin migrate.",
        ".TP\n\\fBNO_COLOR\\fR\nNo colour on a terminal.",
        ".SH SEE ALSO",
        _roff(SEE_ALSO),
    ]
    return "\n".join(out) + "\n"
