"""Where the termbase lives, and the whole-database operations the commands run.

With no ``--db`` and no ``$KZGLOSS_DB``, kzgloss uses an embedded default: a SQLite file in
the user's cache folder built from the glossary shipped inside the package. Its name carries
the glossary's digest, so a changed glossary gets a fresh build and an unchanged one is reused.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from importlib import resources
from pathlib import Path

from kzgloss.db import HEAD_REVISION, ensure_schema, make_engine, resolve_url
from kzgloss.errors import DatabaseError

__all__ = [
    "default_glossary_dir",
    "cache_dir",
    "database_url",
    "build",
    "dump",
]


def default_glossary_dir() -> Path:
    """The glossary shipped with kzgloss: inside the wheel, or the checkout's ``glossary/``."""
    packaged = Path(str(resources.files("kzgloss"))) / "_glossary"
    if (packaged / "concepts").is_dir():
        return packaged
    checkout = Path(__file__).resolve().parents[2] / "glossary"
    if (checkout / "concepts").is_dir():
        return checkout
    raise DatabaseError("no glossary is shipped with this installation; use --db or build one "
                        "with `kzgloss build --glossary DIR`")


def cache_dir() -> Path:
    """``$KZGLOSS_CACHE``, else ``$XDG_CACHE_HOME/kzgloss``, else ``~/.cache/kzgloss``."""
    if os.environ.get("KZGLOSS_CACHE"):
        return Path(os.environ["KZGLOSS_CACHE"])
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "kzgloss"


def _default_url() -> str:
    from kzgloss.glossary_files import glossary_digest

    glossary = default_glossary_dir()
    digest = glossary_digest(glossary)[:16]
    folder = cache_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        if not os.access(folder, os.W_OK):
            raise PermissionError(folder)
    except OSError:
        # A read-only home (containers, CI sandboxes): fall back to the temporary folder.
        folder = Path(tempfile.gettempdir()) / f"kzgloss-{os.getuid() if hasattr(os, 'getuid') else 'user'}"
        folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"default-{HEAD_REVISION}-{digest}.sqlite"
    url = "sqlite:///" + str(path)
    if not path.exists():
        # Build beside the final name and rename: two first runs at once never see half a file.
        fd, tmp = tempfile.mkstemp(prefix=".building-", suffix=".sqlite", dir=path.parent)
        os.close(fd)
        os.unlink(tmp)
        try:
            build("sqlite:///" + tmp, glossary)
            for suffix in ("-wal", "-shm"):
                if os.path.exists(tmp + suffix):
                    os.unlink(tmp + suffix)
            os.replace(tmp, path)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
        for old in path.parent.glob("default-*.sqlite"):
            if old != path:
                try:
                    old.unlink()
                except OSError:
                    pass
    return url


def database_url(db: str | None = None) -> str:
    """The URL to use (``--db``, ``$KZGLOSS_DB`` or the embedded default), migrated to head."""
    url = resolve_url(db)
    if url is None:
        return _default_url()
    ensure_schema(url)
    return url


def build(url: str, glossary_dir: Path, *, progress: Callable[[int], None] | None = None) -> dict[str, int]:
    """Load the glossary in *glossary_dir* into *url* in one transaction; return counts.

    The files are read and checked before the database is touched, and the load runs in one
    transaction, so a bad file or an interrupted run leaves the termbase as it was.
    """
    from kzgloss.glossary_files import glossary_digest, read_glossary_dir
    from kzgloss.termbase import load_glossary, set_meta

    glossary = read_glossary_dir(Path(glossary_dir))
    ensure_schema(url)
    engine = make_engine(url)
    try:
        with engine.begin() as connection:
            counts = load_glossary(connection, glossary, progress=progress)
            set_meta(connection, "glossary_digest", glossary_digest(Path(glossary_dir)))
    finally:
        engine.dispose()
    return counts


def dump(url: str, out_dir: Path) -> list[Path]:
    """Write the termbase behind *url* as glossary files into *out_dir*."""
    from kzgloss.glossary_files import write_glossary_dir
    from kzgloss.reader import open_reader
    from kzgloss.termbase import read_glossary

    with open_reader(url) as reader:
        glossary = read_glossary(reader)
    return write_glossary_dir(glossary, Path(out_dir))

