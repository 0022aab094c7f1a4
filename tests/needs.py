"""Tests that need a program kg does not install itself (Chromium, rapper): skip with the install
command on a laptop, fail in CI, where ``.ci/run`` installs them and sets ``KG_REQUIRE_TOOLS=1``."""

from __future__ import annotations

import os
import shutil

import pytest

__all__ = ["require_tool", "tool"]


def require_tool(commands: str, install: str) -> str:
    """The path of the first of ``commands`` ("a|b") on PATH; else skip saying how to install it
    (a failure when ``KG_REQUIRE_TOOLS=1``, so CI never passes without checking everything)."""
    for command in commands.split("|"):
        found = shutil.which(command)
        if found:
            return found
    message = f"{commands.split('|')[0]} is not installed: {install}"
    if os.environ.get("KG_REQUIRE_TOOLS") == "1":
        pytest.fail(f"{message} (KG_REQUIRE_TOOLS=1 turns this skip into a failure)", pytrace=False)
    pytest.skip(message)


def tool(commands: str, install: str) -> pytest.MarkDecorator:
    """A mark for a test that needs ``commands``: ``@tool("chromium", "apt-get install chromium")``."""
    return pytest.mark.needs_tool(commands, install)
