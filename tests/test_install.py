"""Installing newsbrief as an operator does: the `./dev` entry point, a wheel in a fresh venv,
and the deploy/ files checked by the tools that will read them (systemd, nginx).

The wheel test is the slow one here (~15 s: it builds a wheel and makes a venv).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

from tests.fixtures.harness import free_port
from tests.fixtures.processes import REPO

DEPLOY = REPO / "deploy"
# In CI the tools must be there (.ci/run installs them): never a silent pass on the keys alone.
_BOT_SETTINGS = ("TELEGRAM_", "NEWSBRIEF_", "DATABASE_URL")
IN_CI = bool(os.environ.get("CI")) or os.environ.get("NEWSBRIEF_REQUIRE_POSTGRES") == "1"


def _sh(*args: str | Path, cwd: Path = REPO, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(a) for a in args],
        cwd=cwd,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=300,
    )


# --- ./dev ------------------------------------------------------------------------------------


def test_dev_help_prints_usage_and_succeeds():
    done = _sh(REPO / "dev", "help")
    assert done.returncode == 0, done.stderr
    assert "./dev run" in done.stdout and "./dev test" in done.stdout


def test_dev_bench_without_a_name_lists_the_benchmarks():
    done = _sh(REPO / "dev", "bench")
    assert done.returncode == 2
    assert "unbound variable" not in done.stderr
    for bench in ("fanout", "stories", "matching"):
        assert f"  {bench}\n" in done.stderr


def _fake_venv(root: Path) -> Path:
    """A copy of ./dev and pyproject.toml beside a stand-in .venv whose python records how it
    was called (pip installs take minutes; which install ./dev asks for is what is tested)."""
    shutil.copy(REPO / "dev", root / "dev")
    shutil.copy(REPO / "pyproject.toml", root / "pyproject.toml")
    (root / "bench").mkdir()
    bin_dir = root / ".venv" / "bin"
    bin_dir.mkdir(parents=True)
    calls = root / "calls.log"
    for name in ("python", "newsbrief", "ruff", "mypy"):
        (bin_dir / name).write_text(f'#!/bin/sh\necho "{name} $*" >> {calls}\n')
        (bin_dir / name).chmod(0o755)
    return calls


def _installs(calls: Path) -> list[str]:
    lines = calls.read_text().splitlines() if calls.exists() else []
    calls.unlink(missing_ok=True)
    return [line.split(" -e ", 1)[1] for line in lines if "-m pip install" in line]


def test_dev_run_installs_the_runtime_only_and_test_adds_the_dev_tools(tmp_path):
    calls = _fake_venv(tmp_path)
    dev = tmp_path / "dev"
    assert _sh(dev, "run", cwd=tmp_path).returncode == 0
    assert _installs(calls) == ["."]  # not .[dev]: no pytest, ruff or Playwright
    assert _sh(dev, "run", cwd=tmp_path).returncode == 0
    assert _installs(calls) == []
    assert _sh(dev, "test", "-q", cwd=tmp_path).returncode == 0
    assert _installs(calls) == [".[dev]"]
    # Switching back and forth installs nothing more.
    for cmd in ("chat", "test", "brief", "lint", "doctor"):
        assert _sh(dev, cmd, cwd=tmp_path).returncode == 0
        assert _installs(calls) == [], cmd
    # A dependency change: each kind installs again, once.
    with (tmp_path / "pyproject.toml").open("a") as toml:
        toml.write("\n# changed\n")
    _sh(dev, "run", cwd=tmp_path)
    assert _installs(calls) == ["."]
    _sh(dev, "test", cwd=tmp_path)
    _sh(dev, "test", cwd=tmp_path)
    assert _installs(calls) == [".[dev]"]


# --- pip install . ----------------------------------------------------------------------------


def test_a_built_wheel_installs_a_working_newsbrief(tmp_path):
    source = tmp_path / "src"
    source.mkdir()
    for part in ("bot", "handlers", "storage", "timekeeping"):
        shutil.copytree(REPO / part, source / part, ignore=shutil.ignore_patterns("__pycache__"))
    for part in ("pyproject.toml", "README.md"):
        shutil.copy(REPO / part, source / part)
    wheels = tmp_path / "wheels"
    built = _sh(sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", wheels, source)
    assert built.returncode == 0, built.stderr[-2000:]
    (wheel,) = wheels.glob("newsbrief-*.whl")

    # A fresh venv; the dependencies come from this one's site-packages as a plain path (so
    # its editable newsbrief, an import hook, is not loaded): only the wheel provides `bot`.
    venv = tmp_path / "venv"
    assert _sh(sys.executable, "-m", "venv", "--without-pip", venv).returncode == 0
    fresh_site = next((venv / "lib").glob("python3*/site-packages"))
    (fresh_site / "deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    installed = _sh(
        sys.executable, "-m", "pip", "--python", venv / "bin" / "python", "install",
        "--no-deps", "-q", wheel,
    )  # fmt: skip
    assert installed.returncode == 0, installed.stderr[-2000:]

    outside = tmp_path / "elsewhere"
    outside.mkdir()
    clean_env = {"PYTHONPATH": ""}
    helped = _sh(venv / "bin" / "newsbrief", "--help", cwd=outside, **clean_env)
    assert helped.returncode == 0, helped.stderr
    for command in ("run", "chat", "brief", "doctor"):
        assert command in helped.stdout
    # Every module imports from the wheel, with its data files (the reader page's CSS).
    probe = (
        "import bot, bot.app, bot.reader.page as page, handlers, storage;"
        "print(bot.__file__); print(len(page.CSS))"
    )
    imported = _sh(venv / "bin" / "python", "-c", probe, cwd=outside, **clean_env)
    assert imported.returncode == 0, imported.stderr[-2000:]
    where, css = imported.stdout.split()
    assert Path(where).is_relative_to(venv) and int(css) > 100
    # And the installed bot answers in `newsbrief chat` (its handlers, its local Bot API seam).
    quiet = {"NEWSBRIEF_DEFAULT_FEEDS": "false", "NEWSBRIEF_GOOGLE_NEWS": "false"}
    chat = subprocess.run(
        [str(venv / "bin" / "newsbrief"), "chat"],
        input="/start\n",
        cwd=outside,
        env={
            **{k: v for k, v in os.environ.items() if not k.startswith(_BOT_SETTINGS)},
            **clean_env,
            **quiet,
            "NEWSBRIEF_BING_NEWS": "false",
            "NEWSBRIEF_READER_LISTEN": f"127.0.0.1:{free_port()}",
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert chat.returncode == 0, chat.stderr[-2000:]
    assert "I'm newsbrief" in chat.stdout


# --- deploy/ ----------------------------------------------------------------------------------


def _keys(text: str) -> dict[str, list[str]]:
    keys: dict[str, list[str]] = {}
    for line in text.splitlines():
        if "=" in line and not line.lstrip().startswith(("#", "[")):
            key, value = line.split("=", 1)
            keys.setdefault(key.strip(), []).append(value.strip())
    return keys


def test_the_systemd_unit_restarts_runs_unprivileged_and_is_hardened(tmp_path):
    unit = (DEPLOY / "newsbrief.service").read_text()
    keys = _keys(unit)
    expected = {
        "Restart": "on-failure",
        "RestartPreventExitStatus": "2",
        "EnvironmentFile": "/etc/newsbrief/env",
        "User": "newsbrief",
        "StateDirectory": "newsbrief",
        "WorkingDirectory": "/var/lib/newsbrief",
        "NoNewPrivileges": "yes",
        "ProtectSystem": "strict",
        "ProtectHome": "yes",
        "PrivateTmp": "yes",
        "PrivateDevices": "yes",
        "ProtectKernelTunables": "yes",
        "ProtectKernelModules": "yes",
        "LockPersonality": "yes",
        "CapabilityBoundingSet": "",
        "LimitNOFILE": "65536",
        "TimeoutStopSec": "15",
        "KillSignal": "SIGTERM",
    }
    for key, value in expected.items():
        assert keys.get(key) == [value], key
    assert "@system-service" in keys["SystemCallFilter"]
    assert int(keys["RestartSec"][0]) > 0
    assert set(keys["RestrictAddressFamilies"][0].split()) == {"AF_INET", "AF_INET6", "AF_UNIX"}
    assert keys["ExecStart"][0].endswith("/newsbrief run")

    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        assert not IN_CI, "systemd-analyze is missing (.ci/run installs systemd)"
        return
    # The unit as installed, its ExecStart pointing at a newsbrief that exists here.
    here = Path(sys.executable).with_name("newsbrief")
    copy = tmp_path / "newsbrief.service"
    copy.write_text(unit.replace(keys["ExecStart"][0].split()[0], str(here)))
    verified = _sh(analyze, "verify", "--man=no", copy)
    assert verified.returncode == 0, verified.stderr
    assert "Unknown" not in verified.stderr and "ignoring" not in verified.stderr, verified.stderr


def test_the_nginx_site_is_valid_and_keeps_the_bot_behind_limits(tmp_path):
    site = (DEPLOY / "nginx-newsbrief.conf").read_text()
    for directive in (
        "proxy_request_buffering on;",
        "client_header_timeout",
        "client_body_timeout",
        "keepalive_timeout",
        "send_timeout",
        "limit_conn newsbrief_conn",
        "limit_req zone=newsbrief_req",
        "proxy_pass http://newsbrief;",
        "server 127.0.0.1:8080;",
        "listen 443 ssl;",
    ):
        assert directive in site, directive
    body = re.search(r"client_max_body_size (\d+)k;", site)
    assert body and int(body.group(1)) <= 1024
    assert re.search(r"location = /metrics \{ return 404; \}", site)

    nginx = shutil.which("nginx") or (
        "/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None
    )
    if nginx is None:
        assert not IN_CI, "nginx is missing (.ci/run installs it)"
        return
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    made = _sh(
        "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
        "-subj", "/CN=news.example.org", "-keyout", key, "-out", cert,
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    ours = re.sub(r"ssl_certificate\s+\S+;", f"ssl_certificate {cert};", site)
    ours = re.sub(r"ssl_certificate_key\s+\S+;", f"ssl_certificate_key {key};", ours)
    (tmp_path / "site.conf").write_text(ours)
    temp_paths = "".join(
        f"{kind}_temp_path {tmp_path}/{kind};"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path}/nginx.pid; error_log {tmp_path}/error.log;\n"
        f"events {{}}\nhttp {{ access_log off; {temp_paths} include {tmp_path}/site.conf; }}\n"
    )
    checked = _sh(nginx, "-t", "-p", tmp_path, "-c", tmp_path / "nginx.conf")
    assert checked.returncode == 0, checked.stderr
    assert "test is successful" in checked.stderr
    assert "[warn]" not in checked.stderr, checked.stderr


def test_the_deploy_guide_is_linked_from_the_readme():
    guide = (REPO / "docs" / "deploy.md").read_text()
    for topic in ("newsbrief.service", "nginx-newsbrief.conf", ".backup", "pg_dump", "pipx"):
        assert topic in guide
    assert "docs/deploy.md" in (REPO / "README.md").read_text()
