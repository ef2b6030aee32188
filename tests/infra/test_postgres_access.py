"""When PostgreSQL's user may not enter a folder above its data and no ACL can be set, we stop at once
and say what to do, instead of opening the folder to everyone."""

from __future__ import annotations

import stat

import pytest

from allianties_infra.embedded.postgres_access import PostgresAccessError, grant_passage


def test_a_closed_folder_without_setfacl_stops_the_start_with_what_to_do(tmp_path, monkeypatch):
    closed = tmp_path / "private"
    (closed / "data").mkdir(parents=True)
    closed.chmod(0o700)
    monkeypatch.setenv("PATH", str(tmp_path / "no-tools-here"))

    with pytest.raises(PostgresAccessError, match="Install the acl package") as refused:
        grant_passage(closed / "data", "nobody")

    assert str(closed) in str(refused.value)
    assert stat.S_IMODE(closed.stat().st_mode) == 0o700, "nothing was opened"
