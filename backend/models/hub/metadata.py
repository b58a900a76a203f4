"""What a hub repository holds: its commit, and every wanted file's size and checksum (``model_info`` with
``files_metadata``), so that the free disk is checked before the first byte and every file after its last."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath

import httpx2
from huggingface_hub import HfApi
from huggingface_hub.errors import GatedRepoError, HfHubHTTPError, RepositoryNotFoundError, RevisionNotFoundError
from huggingface_hub.utils import filter_repo_objects

from backend.models.hub.session import explicit_download


class HubUnreachable(RuntimeError):
    """The hub did not answer (no network, a proxy, the endpoint wrong): the weights can be placed by hand."""


class HubRefused(RuntimeError):
    """The hub answered, but not with the repository: missing, gated, or an error of its own."""


@dataclass(frozen=True)
class RemoteFile:
    path: str  # inside the repository
    size: int
    sha256: str | None  # Git LFS files (the weights): their content's SHA-256
    blob_id: str | None  # small files: their git blob id (SHA-1 of "blob <size>\0" + content)


@dataclass(frozen=True)
class RemoteRepo:
    repo_id: str
    commit: str
    files: tuple[RemoteFile, ...]

    @property
    def total_bytes(self) -> int:
        return sum(f.size for f in self.files)


def _inside(name: str) -> bool:
    """A repository path that stays inside the folder it is written under: relative, no '..', no backslashes."""
    path = PurePosixPath(name)
    return bool(name) and "\\" not in name and not path.is_absolute() and ".." not in path.parts


def repo_files(
    endpoint: str,
    repo_id: str,
    allow_patterns: tuple[str, ...],
    *,
    revision: str = "main",
    timeout: float = 10.0,
    token: str | bool | None = None,
) -> RemoteRepo:
    """The files of ``repo_id`` at ``revision`` that match ``allow_patterns``, pinned to one commit."""
    api = HfApi(endpoint=endpoint, token=token)
    try:
        with explicit_download():
            info = api.model_info(repo_id, revision=revision, files_metadata=True, timeout=timeout)
    except GatedRepoError as error:
        raise HubRefused(
            f"{repo_id} is gated: accept its licence on the hub's page for it, then set HF_TOKEN to a token of that "
            "account and restart"
        ) from error
    except RepositoryNotFoundError as error:
        raise HubRefused(f"the hub has no repository {repo_id} (or it is private: set HF_TOKEN)") from error
    except RevisionNotFoundError as error:
        raise HubRefused(f"{repo_id} has no revision {revision}") from error
    except HfHubHTTPError as error:
        raise HubRefused(f"the hub answered {error.response.status_code} for {repo_id}") from error
    except (httpx2.TransportError, OSError) as error:
        raise HubUnreachable(f"cannot reach {endpoint}: {type(error).__name__}: {error}") from error
    siblings = list(
        filter_repo_objects(info.siblings or [], allow_patterns=list(allow_patterns), key=lambda s: s.rfilename)
    )
    if not siblings:
        raise HubRefused(f"{repo_id} has no files matching {', '.join(allow_patterns)}")
    for sibling in siblings:
        if not _inside(sibling.rfilename):  # the files are written under the staging folder by these names
            raise HubRefused(f"{repo_id} lists a file outside the repository ({sibling.rfilename!r}): refused")
    files = tuple(
        RemoteFile(
            path=s.rfilename,
            size=int(s.lfs.size if s.lfs else (s.size or 0)),
            sha256=s.lfs.sha256 if s.lfs else None,
            blob_id=None if s.lfs else s.blob_id,
        )
        for s in siblings
    )
    return RemoteRepo(repo_id=repo_id, commit=info.sha or revision, files=files)
