"""The `newsbrief` command as a person runs it: real subprocesses, real HTTP to the local site."""

from __future__ import annotations

import os

from tests.fixtures.cli import run_cli
from tests.fixtures.harness import seed_site


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "NEWSBRIEF_"))}
    env.update(extra)
    return env


async def _run(*args: str, env: dict[str, str], cwd: str) -> tuple[int, str, str]:
    run = await run_cli(*args, env=env, cwd=cwd)
    return run.code, run.out, run.err


async def test_run_without_a_token_explains_botfather_and_fails(tmp_path):
    code, _out, err = await _run("run", env=_env(), cwd=str(tmp_path))
    assert code != 0
    assert "@BotFather" in err and "TELEGRAM_BOT_TOKEN" in err


async def test_brief_prints_a_briefing_from_the_sources(site, tmp_path):
    feed = seed_site(site)
    env = _env(
        NEWSBRIEF_FEEDS=feed,
        NEWSBRIEF_DEFAULT_FEEDS="false",
        NEWSBRIEF_ALLOW_PRIVATE_URLS="true",
        NEWSBRIEF_EXTRACT_WORKERS="0",
        NEWSBRIEF_GOOGLE_NEWS="false",  # `brief` searches the news for its topic: not from tests
        NEWSBRIEF_BING_NEWS="false",
        # Even with a public reader URL: nothing serves pages once `brief` exits.
        NEWSBRIEF_READER_URL="https://news.example.org",
        PYTHONPATH=os.getcwd(),
    )
    code, out, err = await _run("brief", "Pakistan Afghanistan talks", env=env, cwd=str(tmp_path))
    assert code == 0, err
    assert "Istanbul" in out and "third round" in out.lower()
    assert site.url("/2025/11/07/pakistan-afghan-talks-istanbul/") in out
    assert "/r/" not in out and "Clean page" not in out, "no link that nothing serves"
    assert "No Clean page links here" in err
    for junk in ("Leave a Reply", "Privacy Overview", "cookies", "<b>", "&amp;"):
        assert junk not in out
    code, out, _ = await _run("brief", "volcano Iceland", env=env, cwd=str(tmp_path))
    assert code == 1 and "Nothing matches" in out
    code, _, err = await _run("brief", "--", "-crypto", env=env, cwd=str(tmp_path))
    assert code == 2 and "example" in err.lower()


async def test_help_lists_the_environment_variables_and_the_env_file(tmp_path):
    from bot.settings import Settings

    (tmp_path / ".env").write_text("NEWSBRIEF_LOG_LEVEL=INFO\n")
    for args in (("--help",), ("run", "--help"), ("db", "backup", "--help")):
        code, out, _err = await _run(*args, env=_env(), cwd=str(tmp_path))
        assert code == 0, args
        for name in ("TELEGRAM_BOT_TOKEN", "DATABASE_URL", "NEWSBRIEF_READER_URL"):
            assert name in out, (args, name)
        assert f"{tmp_path / '.env'}, found" in out, args
        assert "sqlite:///newsbrief.db" in out  # defaults are shown
    # Every variable the bot reads is listed, each with what it does.
    lines = out.splitlines()
    for field in Settings.model_fields.values():
        line = next((ln for ln in lines if ln.split()[:1] == [field.alias]), "")
        assert len(line.split()) > 2, f"--help does not describe {field.alias}"
