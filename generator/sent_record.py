"""The record of the digests already sent: one git tag ``digest-YYYY-MM-DD`` per update, on the repository's remote.

Why a tag, and not a marker file published with the site: the tag is written by the one job
that sends, in the same place every later run reads it (the repository, not a cached copy of
the last deploy), and creating it is atomic on the server: an annotated tag is a new object each
time, so when two runs race, git refuses the second push ("already exists"). The tag is pushed
*before* the email goes out and deleted again if sending fails, so an update is sent at most
once, and a failed send is tried again by the next deploy. A maintainer can see what was sent
(``git ls-remote --tags origin 'digest-*'``), resend an update by deleting its tag, or mark one
as sent without sending it by pushing the tag by hand.
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

# The tagger when git has no user of its own (as on a CI runner): GitHub Actions' bot.
BOT_NAME = "github-actions[bot]"
BOT_EMAIL = "41898282+github-actions[bot]@users.noreply.github.com"
TIMEOUT = 60


class RecordError(Exception):
    """git could not read or write the record: one line for the user."""


@dataclass(frozen=True, slots=True, kw_only=True)
class TagRecord:
    """The ``digest-*`` tags of ``remote`` (a remote's name or address), seen from the repository at ``cwd``."""

    remote: str = "origin"
    cwd: Path = Path()

    def _git(self, *args: str, check: bool = True, identity: bool = False) -> subprocess.CompletedProcess[str]:
        """``git ARGS`` in ``cwd``; ``identity``: as the Actions bot where git has no user (to make a tag)."""
        env = dict(os.environ)
        env.setdefault("GIT_TERMINAL_PROMPT", "0")  # a missing credential is an error, not a prompt that hangs
        if identity and not env.get("GIT_COMMITTER_EMAIL") and not self._git("config", "user.email", check=False).stdout.strip():
            env.setdefault("GIT_COMMITTER_NAME", BOT_NAME)
            env["GIT_COMMITTER_EMAIL"] = BOT_EMAIL
        try:
            result = subprocess.run(["git", *args], cwd=self.cwd, env=env, capture_output=True, text=True, timeout=TIMEOUT, check=False)
        except FileNotFoundError:
            raise RecordError("git is not installed; it keeps the record of sent digests") from None
        except NotADirectoryError:
            raise RecordError(f"{self.cwd} is not a folder") from None
        except subprocess.TimeoutExpired:
            raise RecordError(f"git {args[0]} {self.remote} gave no answer within {TIMEOUT} seconds") from None
        if check and result.returncode != 0:
            raise RecordError(f"git {args[0]} {self.remote} failed: {_last_line(result.stderr)}")
        return result

    def is_sent(self, tag: str) -> bool:
        """Whether ``tag`` is on the remote."""
        return bool(self._git("ls-remote", "--tags", self.remote, f"refs/tags/{tag}").stdout.strip())

    def claim(self, tag: str, message: str) -> bool:
        """Push a new annotated ``tag`` on HEAD; False when the remote has it already (another run was first)."""
        self._git("tag", "--annotate", "--force", "--message", message, tag, "HEAD", identity=True)
        result = self._git("push", "--quiet", self.remote, f"refs/tags/{tag}", check=False)
        if result.returncode == 0:
            return True
        self._git("tag", "--delete", tag, check=False)
        if "already exists" in result.stderr or "[rejected]" in result.stderr:
            return False
        raise RecordError(f"git push {self.remote} failed: {_last_line(result.stderr)}")

    def release(self, tag: str) -> None:
        """Delete ``tag`` from the remote again (sending failed): the next run tries once more."""
        self._git("tag", "--delete", tag, check=False)
        self._git("push", "--quiet", self.remote, f":refs/tags/{tag}")


def _last_line(text: str) -> str:
    """git's own reason: its first ``fatal:`` or ``error:`` line, else its last line."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    reasons = [line for line in lines if line.startswith(("fatal:", "error:"))]
    return (reasons or lines or ["no message"])[0 if reasons else -1]
