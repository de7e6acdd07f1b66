"""The playlists file: what each entry asks for, validated with line numbers.

The whole file is checked before anything is read from or written to YouTube; every
problem is reported once with its line (PyYAML's node marks), so a typo can never
turn into a half-applied edit.

Semantics of an entry (see docs/yaml.md):
- a key that is absent means "leave as is" (`videos` absent: the videos are untouched);
- `videos: []` empties the playlist (the CLI applies it only with --allow-empty);
- no `id`: create a playlist; `delete: true`: delete that playlist.
"""

from __future__ import annotations

import hashlib
import re
import urllib.parse
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ytrix.core.errors import UsageError
from ytrix.sources.models import PLAYLIST_ID_RE, VIDEO_ID_RE
from ytrix.youtube.models import PRIVACIES

if TYPE_CHECKING:
    from yaml.nodes import MappingNode, Node

PLAYLIST_KEYS = ("id", "title", "description", "privacy", "videos", "delete")
VIDEO_KEYS = ("id", "title", "channel")  # title and channel are for reading only
MAX_TITLE = 150
MAX_DESCRIPTION = 5000
_TRUE = {"true", "yes", "on"}
_FALSE = {"false", "no", "off"}


@dataclass(frozen=True)
class Problem:
    line: int | None
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}" if self.line else self.message


class YamlProblems(UsageError):
    """The file cannot be applied; nothing was written."""

    code = "yaml_invalid"

    def __init__(self, source: str, problems: list[Problem], hint: str | None = None):
        problems = sorted(problems, key=lambda p: p.line or 0)  # stable: same line keeps order
        count = len(problems)
        head = f"{source}: {count} problem{'s' if count != 1 else ''}, nothing was written"
        super().__init__(
            head + "".join(f"\n  {p}" for p in problems),
            hint or "Fix the lines named above; docs/yaml.md describes the format.",
        )
        self.source = source
        self.problems = problems

    def payload(self) -> dict[str, object]:
        return {
            "file": self.source,
            "problems": [{"line": p.line, "message": p.message} for p in self.problems],
        }


@dataclass(frozen=True)
class VideoSpec:
    """One video of an entry's `videos:` list, with its line in the file."""

    video_id: str
    line: int


@dataclass(frozen=True)
class PlaylistSpec:
    index: int  # position of the entry in the file, 0-based
    line: int
    playlist_id: str | None = None  # None: create
    title: str | None = None  # None: leave as is
    description: str | None = None
    privacy: str | None = None
    videos: tuple[VideoSpec, ...] | None = None  # None: leave the videos alone
    delete: bool = False

    @property
    def label(self) -> str:
        name = repr(self.title) if self.title is not None else self.playlist_id or "?"
        return f"entry {self.index + 1} ({name}, line {self.line})"

    @property
    def video_ids(self) -> list[str] | None:
        return None if self.videos is None else [v.video_id for v in self.videos]


@dataclass(frozen=True)
class PlaylistsFile:
    source: str
    digest: str  # sha256 of the exact bytes: the journal's job key
    playlists: tuple[PlaylistSpec, ...] = field(default_factory=tuple)


def parse_video_ref(text: str) -> str | None:
    """A bare video ID or a watch / youtu.be / shorts URL; None if neither."""
    candidate = text.strip()
    if VIDEO_ID_RE.match(candidate):
        return candidate
    parsed = urllib.parse.urlparse(candidate if "://" in candidate else f"https://{candidate}")
    host = (parsed.hostname or "").lower()
    found: str | None = None
    if host.endswith("youtu.be"):
        found = parsed.path.strip("/").split("/")[0]
    elif host.endswith("youtube.com"):
        found = (urllib.parse.parse_qs(parsed.query).get("v") or [""])[0]
        match = re.match(r"^/(?:shorts|embed|live)/([^/?#]+)", parsed.path)
        if match:
            found = match.group(1)
    return found if found and VIDEO_ID_RE.match(found) else None


def _line(node: Node) -> int:
    return int(node.start_mark.line) + 1


class _Reader:
    """Walks the composed node tree, collecting problems instead of stopping at one."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def problem(self, node: Node | None, message: str) -> None:
        self.problems.append(Problem(_line(node) if node is not None else None, message))

    def mapping(self, node: MappingNode, allowed: tuple[str, ...], what: str) -> dict[str, Node]:
        from yaml.nodes import ScalarNode

        found: dict[str, Node] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                self.problem(key_node, f"{what}: keys must be plain words")
                continue
            key = str(key_node.value)
            if key not in allowed:
                self.problem(
                    key_node, f"unknown key {key!r} in {what} (allowed: {', '.join(allowed)})"
                )
            elif key in found:
                self.problem(key_node, f"key {key!r} appears twice in {what}")
            else:
                found[key] = value_node
        return found

    def text(self, node: Node, key: str, *, allow_null: bool = False) -> str | None:
        """A scalar's text exactly as written (`title: 2024` stays "2024")."""
        from yaml.nodes import ScalarNode

        if not isinstance(node, ScalarNode):
            self.problem(node, f"{key} must be text, not a list or mapping")
            return None
        if node.tag == "tag:yaml.org,2002:null":
            if allow_null:
                return ""
            self.problem(node, f"{key} has no value (remove the key to leave it as is)")
            return None
        return str(node.value)


def parse_playlists_file(text: str, source: str) -> PlaylistsFile:
    """Validate the whole file; raise YamlProblems listing every problem."""
    from yaml.nodes import MappingNode, ScalarNode, SequenceNode

    import yaml

    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        raise YamlProblems(source, [_syntax_problem(exc)]) from None
    except yaml.YAMLError as exc:  # unmarked (e.g. a reader error on control characters)
        raise YamlProblems(source, [Problem(None, f"not valid YAML: {exc}")]) from None
    reader = _Reader()
    if root is None or (isinstance(root, ScalarNode) and not str(root.value).strip()):
        raise YamlProblems(source, [Problem(None, "the file is empty (expected `playlists:`)")])
    if not isinstance(root, MappingNode):
        raise YamlProblems(
            source, [Problem(_line(root), "expected a mapping with a `playlists:` list")]
        )
    top = reader.mapping(root, ("playlists",), "the file")
    entries_node = top.get("playlists")
    specs: list[PlaylistSpec] = []
    if entries_node is None:
        if not reader.problems:
            reader.problem(root, "missing the `playlists:` list")
    elif isinstance(entries_node, SequenceNode):
        seen: dict[str, int] = {}
        for index, entry in enumerate(entries_node.value):
            raw_id = _raw_id(entry)
            if raw_id is not None and raw_id in seen:
                reader.problem(
                    entry, f"playlist {raw_id} is listed twice (first on line {seen[raw_id]})"
                )
            elif raw_id is not None:
                seen[raw_id] = _line(entry)
            spec = _playlist(reader, entry, index)
            if spec is not None:
                specs.append(spec)
    elif not (isinstance(entries_node, ScalarNode) and entries_node.tag.endswith(":null")):
        reader.problem(entries_node, "`playlists` must be a list of playlist entries")
    if reader.problems:
        raise YamlProblems(source, reader.problems)
    return PlaylistsFile(source=source, digest=digest, playlists=tuple(specs))


def _raw_id(entry: Node) -> str | None:
    from yaml.nodes import MappingNode, ScalarNode

    if isinstance(entry, MappingNode):
        for key, value in entry.value:
            if isinstance(key, ScalarNode) and key.value == "id" and isinstance(value, ScalarNode):
                return str(value.value)
    return None


def _syntax_problem(exc: object) -> Problem:
    import yaml

    assert isinstance(exc, yaml.MarkedYAMLError)
    mark = exc.problem_mark or exc.context_mark
    line = int(mark.line) + 1 if mark is not None else None
    problem = exc.problem or "invalid YAML"
    if "'\\t'" in problem:
        return Problem(line, "a tab character is used for indentation; YAML needs spaces")
    context = f" ({exc.context})" if exc.context else ""
    return Problem(line, f"not valid YAML: {problem}{context}")


def refused_character(value: str) -> str | None:
    """A character YouTube refuses in a title or description (400, nothing written):
    a lone surrogate (not Unicode text; YAML's "\\ud800" escape makes one) or a
    control character other than tab and line breaks. Named as U+XXXX; None if clean."""
    for char in value:
        code = ord(char)
        if 0xD800 <= code <= 0xDFFF:
            return f"U+{code:04X} (a lone surrogate)"
        if (code < 0x20 or code == 0x7F) and char not in "\t\n\r":
            return f"U+{code:04X} (a control character)"
    return None


def _playlist(reader: _Reader, node: Node, index: int) -> PlaylistSpec | None:
    from yaml.nodes import MappingNode, ScalarNode, SequenceNode

    if not isinstance(node, MappingNode):
        reader.problem(node, f"playlist entry {index + 1} must be a mapping (id:, title: ...)")
        return None
    before = len(reader.problems)
    keys = reader.mapping(node, PLAYLIST_KEYS, "a playlist entry")
    values: dict[str, str | None] = {}
    for key in ("id", "title", "description", "privacy"):
        if key in keys:
            values[key] = reader.text(keys[key], key, allow_null=key == "description")
    playlist_id = values.get("id")
    if playlist_id is not None and not PLAYLIST_ID_RE.match(playlist_id):
        reader.problem(keys["id"], f"malformed playlist id {playlist_id!r}")
    title = values.get("title")
    if title is not None:
        if not title.strip():
            reader.problem(keys["title"], "title must not be empty")
        elif len(title) > MAX_TITLE:
            reader.problem(keys["title"], f"title is longer than {MAX_TITLE} characters")
        elif "<" in title or ">" in title:
            reader.problem(keys["title"], "title must not contain '<' or '>'")
    description = values.get("description")
    if description is not None and len(description) > MAX_DESCRIPTION:
        reader.problem(keys["description"], f"description is longer than {MAX_DESCRIPTION}")
    for key in ("title", "description"):
        bad = refused_character(values.get(key) or "")
        if bad is not None:
            reader.problem(keys[key], f"{key} contains {bad}, which YouTube refuses")
    privacy = values.get("privacy")
    if privacy is not None and privacy not in PRIVACIES:
        reader.problem(
            keys["privacy"],
            f"privacy must be one of {', '.join(PRIVACIES)} (got {privacy!r})",
        )
    delete = False
    if "delete" in keys:
        flag = reader.text(keys["delete"], "delete")
        if flag is not None and flag.lower() in _TRUE | _FALSE:
            delete = flag.lower() in _TRUE
        elif flag is not None:
            reader.problem(keys["delete"], f"delete must be true or false (got {flag!r})")
    videos: tuple[VideoSpec, ...] | None = None
    if "videos" in keys:
        videos_node = keys["videos"]
        if isinstance(videos_node, SequenceNode):
            videos = tuple(
                v for v in (_video(reader, item) for item in videos_node.value) if v is not None
            )
        elif isinstance(videos_node, ScalarNode) and videos_node.tag.endswith(":null"):
            reader.problem(
                videos_node,
                "videos has no list: write `videos: []` to empty the playlist, "
                "or remove the key to leave its videos alone",
            )
        else:
            reader.problem(videos_node, "videos must be a list of video IDs or {id: ...} entries")
    if "id" not in keys and delete:
        reader.problem(node, "delete: true needs the playlist's id")
    if "id" not in keys and "title" not in keys:
        reader.problem(node, "a new playlist (an entry without id) needs a title")
    if len(reader.problems) > before:
        return None
    return PlaylistSpec(
        index=index,
        line=_line(node),
        playlist_id=playlist_id,
        title=title,
        description=description,
        privacy=privacy,
        videos=videos,
        delete=delete,
    )


def _video(reader: _Reader, node: Node) -> VideoSpec | None:
    from yaml.nodes import MappingNode

    value_node: Node = node
    if isinstance(node, MappingNode):
        keys = reader.mapping(node, VIDEO_KEYS, "a video entry")
        if "id" not in keys:
            reader.problem(node, "a video entry needs an id")
            return None
        value_node = keys["id"]
    text = reader.text(value_node, "video id")
    if text is None:
        return None
    video_id = parse_video_ref(text)
    if video_id is None:
        reader.problem(value_node, f"malformed video id {text!r} (expected 11 characters)")
        return None
    return VideoSpec(video_id=video_id, line=_line(value_node))
