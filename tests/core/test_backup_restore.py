"""manage.py backup / restore: the demo comes back row for row and file for file; a non-empty database,
a damaged archive and a hostile archive are refused in Chinese with nothing written anywhere.

The round trips are transactional (they flush and commit); the refusals run inside the usual test
transaction against the session's demo, with ``--force`` where it matters, so that a refusal that came
too late would show as an emptied database.
"""

from __future__ import annotations

import hashlib
import io
import json
import shutil
import tarfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import IntegrityError, transaction
from django.test import override_settings

from core import errors
from core.backup import MANIFEST, dumped_models
from core.backup.contents import _link_tables
from teams.models import Membership, Region
from tests.builders import make_posting
from tests.clock import TODAY

from ..attendance.helpers import submit

pytestmark = pytest.mark.django_db

ATTACHMENT = b"%PDF-1.4 sick note for the backup test"


def prefix(message: str) -> str:
    """The fixed part of a message constant, before its first ``{…}``."""
    return message.split("{")[0]


def row_counts() -> dict[str, int]:
    models = dumped_models()
    return {m._meta.label_lower: m._base_manager.count() for m in [*models, *_link_tables(models)]}


def media_files(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def everything_under(path: Path) -> set[str]:
    return {p.relative_to(path).as_posix() for p in path.rglob("*")}


def refused(archive: Path, *, force: bool = False) -> str:
    args = [str(archive), *(["--force"] if force else [])]
    with pytest.raises(CommandError) as caught:
        call_command("restore", *args)
    return str(caught.value)


# --- archives made from the session's demo -------------------------------------------------------


@pytest.fixture(scope="module")
def demo_backup(
    tmp_path_factory: pytest.TempPathFactory, django_db_setup: None, django_db_blocker: Any
) -> Path:
    """One backup of the session's demo with one uploaded file, for the refusal tests to spoil."""
    media = tmp_path_factory.mktemp("demo-media")
    (media / "leave" / "2026" / "11").mkdir(parents=True)
    (media / "leave" / "2026" / "11" / "note.pdf").write_bytes(ATTACHMENT)
    archive = tmp_path_factory.mktemp("demo-backup") / "demo.tar.gz"
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media):
        call_command("backup", str(archive), stdout=io.StringIO())
    return archive


Members = list[tuple[tarfile.TarInfo, bytes]]


def rewrite(source: Path, target: Path, change: Callable[[dict[str, Any], Members], None]) -> Path:
    """Copy ``source`` to ``target``; ``change`` may edit the manifest and the other members."""
    with tarfile.open(source, "r:gz") as tar:
        members: Members = []
        for info in tar.getmembers():
            fh = tar.extractfile(info)
            members.append((info, fh.read() if fh else b""))
    manifest = json.loads(members[0][1])
    rest = members[1:]
    change(manifest, rest)
    with tarfile.open(target, "w:gz") as tar:
        data = json.dumps(manifest).encode()
        info = tarfile.TarInfo(MANIFEST)
        info.size = len(data)
        tar.addfile(info, io.BytesIO(data))
        for info, data in rest:
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data) if info.isreg() else None)
    return target


def regular(name: str, data: bytes) -> tuple[tarfile.TarInfo, bytes]:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    return info, data


def add_media(manifest: dict[str, Any], path: str, data: bytes) -> None:
    manifest["media"].append(
        {
            "path": path,
            "member": f"media/{path}",
            "size": len(data),
            "sha256": hashlib.sha256(data).hexdigest(),
        }
    )


@pytest.fixture(autouse=True)
def _fresh_content_types() -> Any:
    """A flush inside the test transaction recreates the content types under ids the rollback
    takes back: forget them, so the next test does not reuse them."""
    yield
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.clear_cache()


@pytest.fixture
def media_root(settings: Any, tmp_path: Path) -> Path:
    root = tmp_path / "media"
    root.mkdir()
    settings.MEDIA_ROOT = root
    return root


# --- round trips ---------------------------------------------------------------------------------


def demo_with_an_attachment(media_root: Path) -> None:
    """The session's demo world (teams and leave) and one leave with its sick note."""
    from attendance.leave.demo import build_leave_demo

    build_leave_demo(TODAY)
    leave = submit(kind="sick", attachment=SimpleUploadedFile("note.pdf", ATTACHMENT))
    assert leave.attachment.name and (media_root / leave.attachment.name).read_bytes() == ATTACHMENT


def empty_everything(media_root: Path) -> None:
    call_command("flush", interactive=False, verbosity=0)
    shutil.rmtree(media_root)
    media_root.mkdir()
    assert not any(row_counts().values())


@pytest.mark.django_db(transaction=True)
def test_the_demo_comes_back_row_for_row_and_file_for_file(media_root: Path, tmp_path: Path) -> None:
    demo_with_an_attachment(media_root)
    rows, files = row_counts(), media_files(media_root)
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", str(archive), stdout=io.StringIO())
    empty_everything(media_root)

    call_command("restore", str(archive), stdout=io.StringIO())

    assert (row_counts(), media_files(media_root)) == (rows, files)
    again = tmp_path / "again.tar.gz"
    call_command("backup", str(again), stdout=io.StringIO())
    assert table_digests(again) == table_digests(archive)  # the same rows, not only as many


def table_digests(archive: Path) -> list[tuple[str, int, str | None]]:
    with tarfile.open(archive, "r:gz") as tar:
        fh = tar.extractfile(MANIFEST)
        assert fh is not None
        manifest = json.load(fh)
    return [(e["model"], e["rows"], e["sha256"]) for e in manifest["models"]]


@pytest.mark.django_db(transaction=True)
def test_postgresql_ids_continue_after_a_restore_and_the_overlap_guard_holds(
    postgres: None, media_root: Path, tmp_path: Path
) -> None:
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", str(archive), stdout=io.StringIO())
    empty_everything(media_root)
    call_command("restore", str(archive), stdout=io.StringIO())
    highest = Membership.objects.order_by("-pk").values_list("pk", flat=True)[0]

    posting = make_posting("李楼村")
    assert posting.pk > highest
    with pytest.raises(IntegrityError), transaction.atomic():
        make_posting("李楼村", cadre=posting.cadre)


# --- refusals (inside the test transaction, against the session's demo) --------------------------


def test_a_database_that_holds_data_is_refused(demo_backup: Path, media_root: Path) -> None:
    rows = row_counts()
    assert refused(demo_backup).startswith(prefix(errors.NOT_EMPTY))
    assert row_counts() == rows and not everything_under(media_root)


def _regions_only(manifest: dict[str, Any], members: Members) -> None:
    """A small but whole archive: the demo's regions and the uploaded file, every other table empty."""
    for entry in manifest["models"]:
        if entry["model"] != "teams.region":
            entry.update(rows=0, member=None, sha256=None)
    manifest["link_tables"] = dict.fromkeys(manifest["link_tables"], 0)
    kept = {e["member"] for e in manifest["models"]} | {m["member"] for m in manifest["media"]}
    members[:] = [m for m in members if m[0].name in kept]


def test_force_flushes_the_database_in_the_same_transaction(
    demo_backup: Path, media_root: Path, tmp_path: Path
) -> None:
    archive = rewrite(demo_backup, tmp_path / "regions.tar.gz", _regions_only)
    regions = list(Region.objects.order_by("pk").values())
    assert any(r["created_at"].microsecond % 1000 for r in regions)  # kept to the microsecond below
    call_command("restore", str(archive), "--force", stdout=io.StringIO())
    counts = row_counts()
    assert counts.pop("teams.region") == len(regions) and not any(counts.values())
    assert list(Region.objects.order_by("pk").values()) == regions
    assert media_files(media_root) == {"leave/2026/11/note.pdf": hashlib.sha256(ATTACHMENT).hexdigest()}


def test_counts_that_differ_from_the_manifest_undo_the_whole_restore(
    demo_backup: Path, media_root: Path, tmp_path: Path
) -> None:
    def one_region_more(manifest: dict[str, Any], members: Members) -> None:
        _regions_only(manifest, members)
        next(e for e in manifest["models"] if e["model"] == "teams.region")["rows"] += 1

    archive = rewrite(demo_backup, tmp_path / "count.tar.gz", one_region_more)
    rows = row_counts()
    assert refused(archive, force=True).startswith(prefix(errors.COUNT_MISMATCH))
    assert row_counts() == rows and not everything_under(media_root)


def _flip_a_byte(manifest: dict[str, Any], members: Members) -> None:
    info, data = members[0]
    members[0] = (info, data[:-10] + b"X" + data[-9:])


def _future_format(manifest: dict[str, Any], members: Members) -> None:
    manifest["format_version"] = 99


def _another_migration(manifest: dict[str, Any], members: Members) -> None:
    manifest["migrations"].append("teams.9999_from_the_future")


def _unknown_table(manifest: dict[str, Any], members: Members) -> None:
    manifest["link_tables"]["evil.table"] = 0


def _missing_member(manifest: dict[str, Any], members: Members) -> None:
    members.pop()


@pytest.mark.parametrize(
    ("spoil", "message"),
    [
        (_flip_a_byte, errors.CHECKSUM),
        (_future_format, errors.FORMAT_VERSION),
        (_another_migration, errors.MIGRATIONS_DIFFER),
        (_unknown_table, errors.MIGRATIONS_DIFFER),
        (_missing_member, errors.MISSING_MEMBER),
    ],
    ids=["checksum", "format_version", "migrations", "unknown_table", "missing_member"],
)
def test_a_spoilt_archive_is_refused_before_anything_is_written(
    spoil: Callable[[dict[str, Any], Members], None],
    message: str,
    demo_backup: Path,
    media_root: Path,
    tmp_path: Path,
) -> None:
    archive = rewrite(demo_backup, tmp_path / "spoilt.tar.gz", spoil)
    rows = row_counts()
    assert refused(archive, force=True).startswith(prefix(message))
    assert row_counts() == rows and not everything_under(media_root)


@pytest.mark.parametrize("keep", [0.5, 0.999])
def test_a_truncated_archive_is_refused(
    keep: float, demo_backup: Path, media_root: Path, tmp_path: Path
) -> None:
    data = demo_backup.read_bytes()
    archive = tmp_path / "truncated.tar.gz"
    archive.write_bytes(data[: int(len(data) * keep)])
    rows = row_counts()
    assert refused(archive, force=True).startswith(prefix(errors.CORRUPT))
    assert row_counts() == rows and not everything_under(media_root)


def test_a_file_that_is_not_a_backup_is_refused(media_root: Path, tmp_path: Path) -> None:
    archive = tmp_path / "other.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        info, data = regular("notes.txt", b"hello")
        tar.addfile(info, io.BytesIO(data))
    assert refused(archive, force=True) == errors.NOT_A_BACKUP


def _dotdot_in_manifest(outside: Path) -> Callable[[dict[str, Any], Members], None]:
    def change(manifest: dict[str, Any], members: Members) -> None:
        add_media(manifest, "../outside.txt", b"escaped")
        members.append(regular("media/../outside.txt", b"escaped"))

    return change


def _dotdot_member(outside: Path) -> Callable[[dict[str, Any], Members], None]:
    return lambda manifest, members: members.append(regular("../outside.txt", b"escaped"))


def _absolute_member(outside: Path) -> Callable[[dict[str, Any], Members], None]:
    return lambda manifest, members: members.append(regular(str(outside / "outside.txt"), b"escaped"))


def _symlink_member(outside: Path) -> Callable[[dict[str, Any], Members], None]:
    def change(manifest: dict[str, Any], members: Members) -> None:
        add_media(manifest, "leave/link.pdf", b"")
        link = tarfile.TarInfo("media/leave/link.pdf")
        link.type, link.linkname = tarfile.SYMTYPE, str(outside / "outside.txt")
        members.append((link, b""))

    return change


@pytest.mark.parametrize(
    "hostile",
    [_dotdot_in_manifest, _dotdot_member, _absolute_member, _symlink_member],
    ids=["dotdot_in_manifest", "dotdot_member", "absolute_member", "symlink_member"],
)
def test_a_hostile_archive_never_writes_outside_media_root(
    hostile: Callable[[Path], Callable[[dict[str, Any], Members], None]],
    demo_backup: Path,
    settings: Any,
    tmp_path: Path,
) -> None:
    outside = tmp_path / "around"
    settings.MEDIA_ROOT = outside / "media"
    settings.MEDIA_ROOT.mkdir(parents=True)
    archive = rewrite(demo_backup, tmp_path / "hostile.tar.gz", hostile(outside))
    rows = row_counts()
    assert refused(archive, force=True).startswith(prefix(errors.UNSAFE_MEMBER))
    assert everything_under(outside) == {"media"} and row_counts() == rows


def test_a_link_inside_media_root_does_not_lead_a_file_out(
    demo_backup: Path, settings: Any, tmp_path: Path
) -> None:
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MEDIA_ROOT.mkdir()
    (settings.MEDIA_ROOT / "leave").symlink_to(outside, target_is_directory=True)
    assert refused(demo_backup, force=True).startswith(prefix(errors.UNSAFE_MEMBER))
    assert not any(outside.iterdir())


def test_a_different_file_already_in_media_root_is_kept_without_force(
    demo_backup: Path, media_root: Path
) -> None:
    """The database check comes first on the session's demo; here the file check is seen alone."""
    note = media_root / "leave" / "2026" / "11" / "note.pdf"
    note.parent.mkdir(parents=True)
    note.write_bytes(b"%PDF-1.4 a newer note")
    call_command("flush", interactive=False, verbosity=0)
    assert refused(demo_backup).startswith(prefix(errors.MEDIA_CONFLICT))
    assert note.read_bytes() == b"%PDF-1.4 a newer note" and not any(row_counts().values())


def test_a_backup_never_overwrites_a_file(tmp_path: Path) -> None:
    target = tmp_path / "exists.tar.gz"
    target.write_bytes(b"keep me")
    with pytest.raises(CommandError) as caught:
        call_command("backup", str(target))
    assert str(caught.value).startswith(prefix(errors.TARGET_EXISTS))
    assert target.read_bytes() == b"keep me"
