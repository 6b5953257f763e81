"""A version of a workspace to compare (``skillweave diff``): a folder, or a git revision.

A git revision is read with ``git archive`` into a temporary folder: only ``curricula/`` and
``ontologies/`` of the workspace, never the learner records. The workspace may be a sub-folder
of the repository; the same sub-folder is read from the revision.
"""

from __future__ import annotations

import shutil
import subprocess
import tarfile
from pathlib import Path

from skillweave.errors import RevisionError

#: the parts of a workspace that a comparison reads
PARTS = ("curricula", "ontologies")


def _git(repo: Path, *args: str, binary: bool = False):
    if shutil.which("git") is None:
        raise RevisionError("git is not installed; compare two folders instead")
    try:
        done = subprocess.run(["git", "-C", str(repo), *args], capture_output=True, check=False, timeout=300)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise RevisionError(f"git {args[0]} failed: {exc}") from None
    if done.returncode != 0:
        return None
    return done.stdout if binary else done.stdout.decode("utf-8", "replace").strip()


def is_revision(repo: Path, spec: str) -> bool:
    return (repo.is_dir() and not spec.startswith("-")
            and _git(repo, "rev-parse", "--verify", "--quiet", f"{spec}^{{commit}}") is not None)


def extract(repo: Path, spec: str, into: Path) -> Path:
    """The workspace at ``repo`` as of git revision ``spec``, extracted under ``into``."""
    if spec.startswith("-"):
        raise RevisionError(f"'{spec}' is not a git revision")
    commit = _git(repo, "rev-parse", "--verify", "--quiet", f"{spec}^{{commit}}")
    if not commit:
        raise RevisionError(f"'{spec}' is neither a folder nor a git revision of {repo}")
    prefix = _git(repo, "rev-parse", "--show-prefix")
    top = _git(repo, "rev-parse", "--show-toplevel")
    if prefix is None or not top:
        raise RevisionError(f"{repo} is not inside a git repository")
    repo = Path(top)  # paths below are relative to the tree of the workspace's folder
    tree = f"{commit}:{prefix}"
    listed = _git(repo, "ls-tree", "--name-only", tree) or ""
    parts = [p for p in listed.splitlines() if p in PARTS]
    if "curricula" not in parts:
        where = prefix.rstrip("/")
        raise RevisionError(f"{spec} has no curricula/ folder in {where or 'the top folder of the repository'}: "
                            + "did the workspace exist in that revision? (A workspace elsewhere in the "
                              "repository: run the command in it, or give it with -C.)")
    into.mkdir(parents=True, exist_ok=True)
    if parts:
        archive = _git(repo, "archive", "--format=tar", tree, *parts, binary=True)
        if archive is None:
            raise RevisionError(f"git archive could not read {spec}")
        tar_path = into / ".revision.tar"
        tar_path.write_bytes(archive)
        try:
            with tarfile.open(tar_path) as tar:
                tar.extractall(into, filter="data")  # nothing outside `into`, no special files
        except (tarfile.TarError, OSError) as exc:
            raise RevisionError(f"cannot unpack {spec}: {exc}") from None
        finally:
            tar_path.unlink(missing_ok=True)
    return into
