"""`.regpkg` files: round trip between two workspaces, and reading hostile zips safely."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest

from desktop.sync.algorithms import Alg, SigningKey, VerifyKey
from desktop.sync.keys import KeyStatus, KeyStore, TrustedKey
from desktop.sync.package import Limits, export_package, import_package, verify_package
from desktop.sync.reasons import Reason, Rejected
from desktop.sync.signing import restore_signed
from tests.sync import pkgtools as pt
from tests.sync.conftest import CHEAP, PASSPHRASE, meta, records, signed


def test_round_trip_between_two_workspaces(tmp_path: Path, alg: Alg) -> None:
    """Sign on the air-gapped PC, carry the file, verify and import on the connected one."""
    office = KeyStore(tmp_path / "pc-a" / "keys", cost=CHEAP)
    office.generate(PASSPHRASE, alg=alg)
    key = office.unlock(PASSPHRASE)
    batch = signed(key, 60, chunk_size=3000)
    exported = export_package(batch, tmp_path / "pc-a" / "2026-diploma.regpkg")
    public = office.export_public()  # read out on the phone / registered centrally

    carried = tmp_path / "usb" / exported.name
    carried.parent.mkdir()
    shutil.copy(exported, carried)
    registry = {public.kid: TrustedKey(VerifyKey.from_pem(public.pem), KeyStatus.ACTIVE)}

    verdict = verify_package(carried, trusted=registry.get)
    assert verdict.ok and verdict.reason is None
    assert verdict.fingerprint == public.fingerprint and public.fingerprint in verdict.message
    assert "60 条记录" in verdict.message
    assert verdict.manifest is not None and verdict.manifest.batch == meta().batch_id

    imported = import_package(carried, trusted=registry.get)
    assert imported.manifest_bytes == batch.manifest_bytes
    assert imported.envelope == batch.envelope
    assert [c.data for c in imported.chunks] == [c.data for c in batch.chunks]
    assert {p.name: p.data for p in imported.photos} == {p.name: p.data for p in batch.photos}
    assert list(imported.records()) == records(60)
    # Re-exported from the second PC, the package is the same file, byte for byte.
    again = export_package(imported, tmp_path / "pc-b.regpkg")
    assert again.read_bytes() == exported.read_bytes()
    # And the first PC can rebuild the same signed batch from its store later.
    restored = restore_signed(
        batch.manifest_bytes,
        batch.envelope,
        public.pem,
        records(60),
        {p.name: p.data for p in batch.photos},
        trusted=office.resolve,
    )
    assert export_package(restored, tmp_path / "again.regpkg").read_bytes() == exported.read_bytes()


def test_layout_and_fingerprint_file(tmp_path: Path, key: SigningKey) -> None:
    path = export_package(signed(key, 10, chunk_size=1500), tmp_path / "b.regpkg")
    with zipfile.ZipFile(path) as zf:
        names = zf.namelist()
        text = zf.read("fingerprint.txt").decode()
    assert names[:4] == ["manifest.json", "signature.json", "public_key.pem", "fingerprint.txt"]
    assert names[4].startswith("chunks/") and names[-1] == "photos/王五.png"
    assert f"kid: {key.kid}\n" in text and key.public.fingerprint in text
    assert not list(tmp_path.glob(".*tmp"))  # no temporary file left behind


def test_export_leaves_no_partial_file_on_failure(tmp_path: Path, key: SigningKey) -> None:
    target = tmp_path / "missing-dir" / "b.regpkg"
    with pytest.raises(OSError):
        export_package(signed(key, 3), target)
    assert not target.exists()


def _hostile(tmp_path: Path, key: SigningKey, extra: list[tuple[str, bytes]]) -> Path:
    good = export_package(signed(key, 10), tmp_path / "good.regpkg")
    return pt.write(tmp_path / "hostile.regpkg", [*pt.entries(good), *extra])


@pytest.mark.parametrize(
    "name",
    [
        "../../.bashrc",
        "/etc/cron.d/x",
        "chunks/../../x",
        "photos\\..\\x",
        "C:/Windows/x",
        "a//b",
        "./x",
    ],
)
def test_path_traversal_names_refuse_the_package(
    tmp_path: Path, key: SigningKey, name: str
) -> None:
    path = _hostile(tmp_path, key, [(name, b"owned")])
    verdict = verify_package(path)
    assert verdict.reason is Reason.UNSAFE_ENTRY, verdict.message
    assert not (tmp_path / "x").exists()


def test_duplicate_entry_names(tmp_path: Path, key: SigningKey) -> None:
    good = export_package(signed(key, 10), tmp_path / "good.regpkg")
    items = pt.entries(good)
    dup = pt.write(
        tmp_path / "dup.regpkg", [*items, ("manifest.json", pt.get(items, "manifest.json"))]
    )
    assert verify_package(dup).reason is Reason.UNSAFE_ENTRY


def test_symlinks_encryption_and_odd_compression(tmp_path: Path, key: SigningKey) -> None:
    good = export_package(signed(key, 10), tmp_path / "good.regpkg")
    items = pt.entries(good)

    def symlink(info: zipfile.ZipInfo) -> None:
        info.external_attr = 0o120777 << 16

    def bzip2(info: zipfile.ZipInfo) -> None:
        info.compress_type = zipfile.ZIP_BZIP2

    for tweak in (symlink, bzip2):
        path = pt.write(tmp_path / f"{tweak.__name__}.regpkg", items, tweak=tweak)
        assert verify_package(path).reason is Reason.UNSAFE_ENTRY
    encrypted = bytearray(good.read_bytes())
    encrypted[6] |= 0x01  # general purpose flag of the first local header
    central = encrypted.index(b"PK\x01\x02")  # and of its central directory entry
    encrypted[central + 8] |= 0x01
    flagged = tmp_path / "enc.regpkg"
    flagged.write_bytes(bytes(encrypted))
    assert verify_package(flagged).reason is Reason.UNSAFE_ENTRY


def test_zip_bombs_are_refused_unread(tmp_path: Path, key: SigningKey) -> None:
    bomb = b"\0" * (20 * 2**20)  # 20 MiB of zeros deflate to about 20 KiB
    path = _hostile(tmp_path, key, [("photos/bomb.jpg", bomb)])
    assert path.stat().st_size < 2**20
    small = Limits(max_total_bytes=10 * 2**20)
    assert verify_package(path, limits=small).reason is Reason.TOO_LARGE
    # A listed chunk that inflates far past its signed size is refused before inflating.
    good = export_package(signed(key, 10), tmp_path / "g.regpkg")
    items = pt.put(pt.entries(good), "chunks/000000.jsonl", bomb)
    verdict = verify_package(pt.write(tmp_path / "b2.regpkg", items))
    assert verdict.reason is Reason.TOO_LARGE and "chunks/000000.jsonl" in verdict.message


def test_entry_count_and_manifest_size_limits(tmp_path: Path, key: SigningKey) -> None:
    path = _hostile(tmp_path, key, [(f"x{i}", b"") for i in range(50)])
    verdict = verify_package(path, limits=Limits(max_entries=20))
    assert verdict.reason is Reason.TOO_LARGE and "entries" in verdict.message
    good = export_package(signed(key, 10), tmp_path / "g.regpkg")
    assert verify_package(good, limits=Limits(max_manifest_bytes=100)).reason is Reason.TOO_LARGE


def test_unreadable_files(tmp_path: Path) -> None:
    (tmp_path / "text.regpkg").write_text("not a zip")
    assert verify_package(tmp_path / "text.regpkg").reason is Reason.UNREADABLE
    assert verify_package(tmp_path / "absent.regpkg").reason is Reason.UNREADABLE
    with pytest.raises(Rejected) as caught:
        import_package(tmp_path / "absent.regpkg")
    assert "不是完整的报送包" in str(caught.value)


def test_a_stray_extra_file_is_refused(tmp_path: Path, key: SigningKey) -> None:
    path = _hostile(tmp_path, key, [("readme.txt", b"hello")])
    verdict = verify_package(path)
    assert verdict.reason is Reason.UNEXPECTED_ENTRY and "readme.txt" in verdict.message
