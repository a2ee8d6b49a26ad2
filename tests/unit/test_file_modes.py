"""What the desk writes about people is the account's own, whatever the umask."""

from __future__ import annotations

import os
import stat
from contextlib import contextmanager

from hotline_tui.exports.files import write_whole
from hotline_tui.logs import log, setup_logging
from tests.helpers import DEMO_PIN, run_command


@contextmanager
def umask(mask: int):
    old = os.umask(mask)
    try:
        yield
    finally:
        os.umask(old)


def _mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_an_export_is_private_from_its_first_byte(tmp_path):
    seen = []

    def write(temp):
        seen.append(_mode(temp))  # before anything is in it
        temp.write_text("工号,姓名,手机\n1004,钟嘉,13800000000\n", encoding="utf-8")

    with umask(0o022):
        write_whole(tmp_path / "staff.csv", write)
    assert seen == [0o600]
    assert _mode(tmp_path / "staff.csv") == 0o600


def test_every_export_from_the_command_line_is_private(demo_file, tmp_path, capsys, monkeypatch):
    from tests.conftest import NOW

    monkeypatch.setenv("HOTLINE_CLOCK_START", NOW)
    with umask(0o022):
        code, _, err = run_command(
            capsys, "export", "staff", "--db", str(demo_file), "-o", str(tmp_path / "s.xlsx"),
            "--as", "1001", stdin=DEMO_PIN,
        )  # fmt: skip
    assert code == 0, err
    assert _mode(tmp_path / "s.xlsx") == 0o600


def test_the_log_is_private(tmp_path):
    with umask(0o022):
        path = setup_logging({"HOTLINE_LOG_DIR": str(tmp_path / "logs")})
        log.warning("无法写入 /srv/floor.db：钟嘉（1004）")
        for handler in log.handlers:
            handler.flush()
    assert _mode(path) == 0o600


def test_a_named_group_reads_exports_backups_and_the_log(demo_file, tmp_path, capsys, monkeypatch):
    """files_group in the settings: 0640 and that group (the ops team reads, nobody else);
    the backup folder 0750; a group this machine does not have is refused by name."""
    import grp

    from hotline_tui.private_files import share_with
    from tests.conftest import NOW

    group = grp.getgrgid(os.getgid() if os.getgid() != 0 else 1)  # root: daemon's group
    config = tmp_path / "config.toml"
    config.write_text(
        f'files_group = "{group.gr_name}"\nbackup_dir = "{tmp_path / "backups"}"\n',
        encoding="utf-8",
    )
    monkeypatch.setenv("HOTLINE_CONFIG", str(config))
    monkeypatch.setenv("HOTLINE_LOG_DIR", str(tmp_path / "logs"))
    monkeypatch.setenv("HOTLINE_CLOCK_START", NOW)
    out = tmp_path / "s.xlsx"
    try:
        with umask(0o077):  # the umask takes the group's read away; the setting gives it back
            code, _, err = run_command(capsys, "export", "staff", "--db", str(demo_file),
                                       "-o", str(out), "--as", "1001", stdin=DEMO_PIN)  # fmt: skip
            assert code == 0, err
            code, said, err = run_command(capsys, "backup", "--db", str(demo_file))
            assert code == 0, err
            log.warning("无法写入：钟嘉（1004）")
            for handler in log.handlers:
                handler.flush()
    finally:
        share_with("")
    backup = next((tmp_path / "backups").glob("*.db"))
    for path in (out, backup, tmp_path / "logs" / "hotline-tui.log"):
        assert (_mode(path), path.stat().st_gid) == (0o640, group.gr_gid), path
    assert (_mode(tmp_path / "backups"), (tmp_path / "backups").stat().st_gid) == (
        0o750, group.gr_gid
    )  # fmt: skip
    config.write_text('files_group = "没有这个组"\n', encoding="utf-8")
    code, _, err = run_command(capsys, "export", "staff", "--db", str(demo_file), "-o", str(out))
    assert code == 2 and "files_group（可读取导出和备份的用户组）“没有这个组”在本机不存在" in err
