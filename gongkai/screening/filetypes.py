"""Upload checking: a file's type is decided by its content, never by its name alone.

`check_upload()` accepts PDF, DOCX, XLSX, JPEG, PNG and plain text, and only when the name's extension agrees
with the content. It refuses, with a Chinese message for the person uploading, anything the platform could not
screen or should not store: other types, renamed files, empty or oversized files, encrypted or broken
documents, and zip bombs (Office files whose parts would unpack beyond a bound).
"""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
from collections.abc import Collection
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

import docx
import openpyxl
import pypdf
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongkai.screening import ooxml
from gongkai.screening.textcodec import NotText, decode_text

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

MIB = 1024 * 1024
# Bound on the unpacked size of all parts of a DOCX or XLSX together. Text compresses about 5–20 times and
# images hardly at all, so an honest 20 MB document unpacks to well under this; a zip bomb does not.
DEFAULT_MAX_UNPACKED_BYTES = 200 * MIB
MAX_PACKAGE_PARTS = 10_000


class FileKind(models.TextChoices):
    PDF = "pdf", gettext_lazy("PDF 文档")
    DOCX = "docx", gettext_lazy("Word 文档（.docx）")
    XLSX = "xlsx", gettext_lazy("Excel 表格（.xlsx）")
    JPEG = "jpeg", gettext_lazy("JPEG 图片")
    PNG = "png", gettext_lazy("PNG 图片")
    TXT = "txt", gettext_lazy("纯文本")


# The extension a stored file gets, whatever the uploader called it.
SAFE_EXTENSION = {
    FileKind.PDF: "pdf",
    FileKind.DOCX: "docx",
    FileKind.XLSX: "xlsx",
    FileKind.JPEG: "jpg",
    FileKind.PNG: "png",
    FileKind.TXT: "txt",
}
# Extensions accepted in an uploaded name, and the kind each promises.
EXTENSION_KIND = {
    "pdf": FileKind.PDF,
    "docx": FileKind.DOCX,
    "xlsx": FileKind.XLSX,
    "jpg": FileKind.JPEG,
    "jpeg": FileKind.JPEG,
    "png": FileKind.PNG,
    "txt": FileKind.TXT,
}

# Content that is recognised only to say what it is when it is refused.
_OTHER_SIGNATURES = (
    (b"MZ", gettext_lazy("Windows 可执行程序")),
    (b"\x7fELF", gettext_lazy("Linux 可执行程序")),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", gettext_lazy("旧版 Office 文档（.doc/.xls/.ppt）或加密的 Office 文档")),
    (b"Rar!", gettext_lazy("RAR 压缩包")),
    (b"7z\xbc\xaf\x27\x1c", gettext_lazy("7z 压缩包")),
    (b"\x1f\x8b", gettext_lazy("gzip 压缩包")),
    (b"GIF8", gettext_lazy("GIF 图片")),
    (b"BM", gettext_lazy("BMP 图片")),
    (b"II*\x00", gettext_lazy("TIFF 图片")),
    (b"MM\x00*", gettext_lazy("TIFF 图片")),
    (b"{\\rtf", gettext_lazy("RTF 文档")),
    (b"%!PS", gettext_lazy("PostScript 文档")),
)
# Office packages other than DOCX and XLSX, by the content type of their main part.
_OTHER_PACKAGES = {
    "application/vnd.ms-word.document.macroEnabled.main+xml": gettext_lazy("含宏的 Word 文档（.docm）"),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml": gettext_lazy(
        "Word 模板（.dotx）"
    ),
    "application/vnd.ms-word.template.macroEnabledTemplate.main+xml": gettext_lazy("含宏的 Word 模板（.dotm）"),
    "application/vnd.ms-excel.sheet.macroEnabled.main+xml": gettext_lazy("含宏的 Excel 表格（.xlsm）"),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.template.main+xml": gettext_lazy(
        "Excel 模板（.xltx）"
    ),
    "application/vnd.ms-excel.template.macroEnabled.main+xml": gettext_lazy("含宏的 Excel 模板（.xltm）"),
    "application/vnd.ms-excel.sheet.binary.macroEnabled.main": gettext_lazy("Excel 二进制表格（.xlsb）"),
    "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml": gettext_lazy(
        "PowerPoint 演示文稿（.pptx）"
    ),
    "application/vnd.openxmlformats-officedocument.presentationml.slideshow.main+xml": gettext_lazy(
        "PowerPoint 放映文件（.ppsx）"
    ),
    "application/vnd.ms-powerpoint.presentation.macroEnabled.main+xml": gettext_lazy(
        "含宏的 PowerPoint 演示文稿（.pptm）"
    ),
}


@dataclass(frozen=True)
class CheckedFile:
    """An upload that passed the check. `original_name` is for display only, never for a path."""

    kind: FileKind
    extension: str
    size: int
    sha256: str
    original_name: str


class RejectedFile(ValueError):
    """An upload was refused. `message` is Chinese and meant for the uploader; `code` is for programs.

    Codes: empty, too_large, type_not_allowed, content_mismatch, unknown_content, encrypted, corrupt,
    unpacked_too_large, not_text.
    """

    def __init__(self, code: str, message: str) -> None:
        self.code = code
        self.message = message
        super().__init__(message)


class Readable(Protocol):
    def read(self, size: int = -1, /) -> bytes: ...


def check_upload(
    name: str,
    data: bytes | Readable,
    *,
    max_bytes: int,
    allowed: Collection[FileKind] | None = None,
    max_unpacked_bytes: int = DEFAULT_MAX_UNPACKED_BYTES,
) -> CheckedFile:
    """Check an upload by its content; return what it is or raise `RejectedFile`.

    `data` may be bytes or a binary file object (a Django `UploadedFile`); at most `max_bytes + 1` bytes are
    read from it, and a seekable file is rewound afterwards so the caller can store it.
    `allowed` narrows the accepted kinds (e.g. images only for a photo of a bulletin board).
    """
    display = display_name(name)
    allowed = tuple(FileKind) if allowed is None else allowed
    content = _read_bounded(data, max_bytes)
    if not content:
        raise RejectedFile("empty", _("文件“%(name)s”是空文件，请重新选择。") % {"name": display})
    if len(content) > max_bytes:
        raise RejectedFile(
            "too_large",
            _("文件“%(name)s”超过了 %(limit)s MB 的大小上限，请压缩或拆分后再上传。")
            % {"name": display, "limit": megabytes(max_bytes)},
        )
    expected = _kind_from_name(display, allowed)
    actual = _kind_from_content(display, content, expected, max_unpacked_bytes)
    if actual != expected:
        raise _mismatch(display, expected, actual.label)
    return CheckedFile(
        kind=expected,
        extension=SAFE_EXTENSION[expected],
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        original_name=display,
    )


def display_name(name: str) -> str:
    """The last component of an uploaded name (browsers may send a path), without control characters."""
    base = re.split(r"[\\/]", name)[-1]
    return "".join(ch for ch in base if ch.isprintable()).strip()[:255] or _("未命名文件")


def megabytes(size: int) -> str:
    """A byte count in MB for messages: 10485760 → "10", 1572864 → "1.5", 1000 → "0.01"."""
    value = size / MIB
    text = f"{value:.1f}" if value >= 1 else f"{max(value, 0.01):.2f}"
    return text.rstrip("0").rstrip(".")


def allowed_kinds_text(allowed: Collection[FileKind]) -> str:
    return "、".join(str(kind.label) for kind in FileKind if kind in allowed)


def _read_bounded(data: bytes | Readable, max_bytes: int) -> bytes:
    if isinstance(data, bytes | bytearray | memoryview):
        return bytes(data)
    seek = getattr(data, "seek", None)
    if seek is not None:
        seek(0)
    content = data.read(max_bytes + 1)
    if seek is not None:
        seek(0)
    return bytes(content)


def _kind_from_name(display: str, allowed: Collection[FileKind]) -> FileKind:
    extension = display.rsplit(".", 1)[-1].lower() if "." in display else ""
    kind = EXTENSION_KIND.get(extension)
    if kind is not None and kind in allowed:
        return kind
    if extension:
        message = _("不能上传“.%(ext)s”类型的文件（“%(name)s”）。可上传的类型：%(kinds)s。")
    else:
        message = _("文件“%(name)s”没有扩展名，无法确认其类型。可上传的类型：%(kinds)s。")
    raise RejectedFile(
        "type_not_allowed", message % {"ext": extension, "name": display, "kinds": allowed_kinds_text(allowed)}
    )


@dataclass(frozen=True)
class _Other:
    """Content of a kind we do not accept, described for the message."""

    label: StrOrPromise


def _mismatch(display: str, expected: FileKind, actual_label: StrOrPromise) -> RejectedFile:
    return RejectedFile(
        "content_mismatch",
        _("文件“%(name)s”的扩展名表示%(expected)s，但其内容实际是%(actual)s，二者不符，不能上传。")
        % {"name": display, "expected": expected.label, "actual": actual_label},
    )


def _kind_from_content(display: str, content: bytes, expected: FileKind, max_unpacked: int) -> FileKind | _Other:
    if content.startswith(b"%PDF-"):
        _check_pdf(display, content)
        return FileKind.PDF
    if content.startswith(b"\x89PNG\r\n\x1a\n"):
        if content[12:16] != b"IHDR":
            raise _corrupt(display, FileKind.PNG)
        return FileKind.PNG
    if content.startswith(b"\xff\xd8\xff"):
        return FileKind.JPEG
    if content.startswith(b"PK\x03\x04"):
        return _check_package(display, content, expected, max_unpacked)
    for signature, label in _OTHER_SIGNATURES:
        if content.startswith(signature):
            return _Other(label)
    return _check_text(display, content, expected)


def _corrupt(display: str, kind: FileKind) -> RejectedFile:
    return RejectedFile(
        "corrupt",
        _("文件“%(name)s”（%(kind)s）已损坏或不完整，无法打开。请用原程序重新保存后再上传。")
        % {"name": display, "kind": kind.label},
    )


def _check_pdf(display: str, content: bytes) -> None:
    # A complete PDF ends with %%EOF; a truncated download or copy does not, even where pypdf could guess on.
    if b"%%EOF" not in content[-1024:]:
        raise _corrupt(display, FileKind.PDF)
    try:
        reader = pypdf.PdfReader(io.BytesIO(content), strict=False)
        encrypted = reader.is_encrypted
        pages = 0 if encrypted else len(reader.pages)
    except Exception:  # pypdf raises many kinds of errors on malformed input
        raise _corrupt(display, FileKind.PDF) from None
    if encrypted:
        raise RejectedFile(
            "encrypted",
            _("PDF 文件“%(name)s”已加密或设有密码，平台无法检查其内容。请上传未加密的版本。") % {"name": display},
        )
    if pages == 0:
        raise _corrupt(display, FileKind.PDF)


def _check_package(display: str, content: bytes, expected: FileKind, max_unpacked: int) -> FileKind | _Other:
    """A zip: a DOCX or XLSX (by its main part's content type), another Office package, or a plain archive."""
    office = expected in (FileKind.DOCX, FileKind.XLSX)
    try:
        package = zipfile.ZipFile(io.BytesIO(content))
        _check_unpacked_size(display, package, max_unpacked)
        if not ooxml.is_package(package):
            return _Other(_("ZIP 压缩包"))
        main = ooxml.main_part(package)
    except RejectedFile:
        raise
    except Exception:  # zipfile and lxml errors, missing parts: a corrupt zip or a broken package
        if not office:
            return _Other(_("ZIP 压缩包"))
        raise _corrupt(display, expected) from None
    found = {ooxml.DOCX_MAIN: FileKind.DOCX, ooxml.XLSX_MAIN: FileKind.XLSX}.get(main.content_type)
    if found is None:
        return _Other(_OTHER_PACKAGES.get(main.content_type, _("其他 Office 文档")))
    if found != expected:
        return found
    _check_package_readable(display, package, content, found)
    return found


def _check_unpacked_size(display: str, package: zipfile.ZipFile, max_unpacked: int) -> None:
    # The sizes are the ones the zip declares; zipfile never unpacks a part beyond its declared size (it
    # stops and fails the CRC check), so the declared total bounds what any later reader unpacks.
    infos = package.infolist()
    total = sum(info.file_size for info in infos)
    if len(infos) > MAX_PACKAGE_PARTS or total > max_unpacked:
        raise RejectedFile(
            "unpacked_too_large",
            _("文件“%(name)s”解压后超过 %(limit)s MB 或部件过多，可能是恶意构造的文件，不能上传。")
            % {"name": display, "limit": megabytes(max_unpacked)},
        )


def _check_package_readable(display: str, package: zipfile.ZipFile, content: bytes, kind: FileKind) -> None:
    try:
        if any(info.flag_bits & 0x1 for info in package.infolist()):
            raise ValueError("encrypted zip entry")
        if package.testzip() is not None:  # reads every part: CRC errors, truncated parts
            raise ValueError("bad CRC")
        if kind == FileKind.DOCX:
            docx.Document(io.BytesIO(content))
        else:
            workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True)
            workbook.close()
    except Exception:  # anything python-docx, openpyxl or zipfile cannot read is broken for us
        raise _corrupt(display, kind) from None


def _check_text(display: str, content: bytes, expected: FileKind) -> FileKind | _Other:
    try:
        decode_text(content)
    except NotText as error:
        if expected != FileKind.TXT:
            raise RejectedFile(
                "unknown_content",
                _("文件“%(name)s”的内容无法识别，不是%(expected)s，不能上传。")
                % {"name": display, "expected": expected.label},
            ) from None
        if error.utf16:
            message = _("文本文件“%(name)s”是 UTF-16 编码，请另存为 UTF-8 编码后再上传。")
        else:
            message = _("文本文件“%(name)s”不是 UTF-8 或 GB18030 编码的纯文本（含有二进制内容），不能上传。")
        raise RejectedFile("not_text", message % {"name": display}) from None
    return FileKind.TXT
