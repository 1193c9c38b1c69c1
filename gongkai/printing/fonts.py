"""The four typefaces of a GB/T 9704-2012 document, free by default, the office's licensed ones when configured.

GB/T 9704 sets the title in 小标宋, the body in 仿宋, first-level headings in 黑体 and second-level ones in 楷体.
Debian ships none of the licensed faces (方正小标宋简体, 仿宋_GB2312, 楷体_GB2312); the closest free ones are the
defaults below. An office that holds the licences points each role at its font by a setting
(`GONGKAI_FONT_TITLE`, `GONGKAI_FONT_BODY`, `GONGKAI_FONT_HEADING`, `GONGKAI_FONT_KAI`): either a family name
that fontconfig knows (the font installed on the server) or the absolute path of a .ttf/.otf/.ttc file.

A path is loaded by an `@font-face` rule with a `file:` URL; the offline fetcher (`printing.pdf`) serves exactly
those configured files and still refuses every other URL, so a body can never pull a file off the server. A path
that does not exist or is not a font file is ignored with a warning (the free default prints instead) rather
than failing every notice.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

logger = logging.getLogger(__name__)

FONT_SUFFIXES = frozenset({".ttf", ".otf", ".ttc", ".otc"})


@dataclass(frozen=True)
class Role:
    key: str  # the setting's suffix: GONGKAI_FONT_<KEY>
    standard: str  # the face GB/T 9704 names
    default_family: str  # the closest free face Debian ships
    default_weight: str
    fallback: str  # generic CSS family


ROLES = (
    Role("TITLE", "小标宋（方正小标宋简体）", "Noto Serif CJK SC", "bold", "serif"),
    Role("BODY", "仿宋（仿宋_GB2312）", "Noto Serif CJK SC", "normal", "serif"),
    Role("HEADING", "黑体", "Noto Sans CJK SC", "normal", "sans-serif"),
    Role("KAI", "楷体（楷体_GB2312）", "AR PL UKai CN", "normal", "serif"),
)


@dataclass(frozen=True)
class Face:
    """What one role prints in: a CSS family list, its weight, and the font file when one is configured."""

    role: Role
    css_family: str
    weight: str
    path: Path | None
    configured: str

    @property
    def description(self) -> str:
        if self.path is not None:
            return f"{self.path.name}（配置的字体文件）"
        if self.configured:
            return f"{self.configured}（配置的字体）"
        return f"{self.role.default_family}（免费替代字体）"


def _configured(role: Role) -> str:
    return str(getattr(settings, "GONGKAI_FONTS", {}).get(role.key, "") or "").strip()


def font_path(value: str) -> Path | None:
    """The file a setting names, when it is an absolute path to an existing font file; None otherwise."""
    if not value.startswith("/"):
        return None
    path = Path(value).resolve()
    if path.suffix.lower() in FONT_SUFFIXES and path.is_file():
        return path
    logger.warning("GONGKAI_FONT_*: %s is not a font file; the free default font prints instead.", value)
    return None


def _quote(family: str) -> str:
    return '"' + family.replace("\\", "").replace('"', "") + '"'


def face(role: Role) -> Face:
    value = _configured(role)
    default = f"{_quote(role.default_family)}, {role.fallback}"
    path = font_path(value)
    if path is not None:
        return Face(role, f"{_quote('gongkai-' + role.key.lower())}, {default}", "normal", path, value)
    if value and not value.startswith("/"):
        # A licensed face has its weight built in (小标宋 is not a bold 宋体).
        return Face(role, f"{_quote(value)}, {default}", "normal", None, value)
    return Face(role, default, role.default_weight, None, "")


def faces() -> dict[str, Face]:
    return {role.key: face(role) for role in ROLES}


def font_face_css(current: dict[str, Face]) -> str:
    """@font-face rules for the configured font files (none with the defaults)."""
    rules = []
    for item in current.values():
        if item.path is not None:
            family = _quote("gongkai-" + item.role.key.lower())
            rules.append(f"@font-face {{ font-family: {family}; src: url({item.path.as_uri()!r}); }}")
    return "\n".join(rules)


def allowed_font_files(current: dict[str, Face]) -> frozenset[Path]:
    return frozenset(item.path for item in current.values() if item.path is not None)


def fonts_in_use() -> list[tuple[str, str]]:
    """(the standard's face, what prints instead) for each role: shown to the office and in the guide."""
    return [(item.role.standard, item.description) for item in faces().values()]
