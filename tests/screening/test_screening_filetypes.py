"""Upload checks: the type comes from the content; every refusal has a Chinese message."""

from __future__ import annotations

import hashlib
import io
import zipfile

import pypdf
import pytest
from screening_files import JPEG, PNG, make_pdf, rezip

from gongkai.screening.filetypes import (
    DEFAULT_MAX_UNPACKED_BYTES,
    MIB,
    CheckedFile,
    FileKind,
    RejectedFile,
    check_upload,
    megabytes,
)

LIMIT = 10 * MIB


def refused(name: str, data: bytes, **options: object) -> RejectedFile:
    options.setdefault("max_bytes", LIMIT)
    with pytest.raises(RejectedFile) as caught:
        check_upload(name, data, **options)  # type: ignore[arg-type]
    return caught.value


# --- accepted -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "kind", "extension"),
    [
        ("公示.pdf", FileKind.PDF, "pdf"),
        ("名单.DOCX", FileKind.DOCX, "docx"),
        ("统计.xlsx", FileKind.XLSX, "xlsx"),
        ("照片.jpeg", FileKind.JPEG, "jpg"),
        ("公开栏.png", FileKind.PNG, "png"),
        ("说明.txt", FileKind.TXT, "txt"),
    ],
)
def test_each_kind_is_accepted_by_its_content(
    name: str, kind: FileKind, extension: str, pdf_file: bytes, docx_file: bytes, xlsx_file: bytes
) -> None:
    data = {
        FileKind.PDF: pdf_file,
        FileKind.DOCX: docx_file,
        FileKind.XLSX: xlsx_file,
        FileKind.JPEG: JPEG,
        FileKind.PNG: PNG,
        FileKind.TXT: "党费收缴情况说明\n".encode(),
    }[kind]
    checked = check_upload(name, data, max_bytes=LIMIT)
    assert checked == CheckedFile(kind, extension, len(data), hashlib.sha256(data).hexdigest(), name)


def test_gb18030_text_is_accepted() -> None:
    assert check_upload("说明.txt", "党务公开目录".encode("gb18030"), max_bytes=LIMIT).kind == FileKind.TXT


def test_a_file_object_is_read_within_the_limit_and_rewound() -> None:
    upload = io.BytesIO(b"hello")
    upload.seek(3)
    assert check_upload("a.txt", upload, max_bytes=LIMIT).size == 5
    assert upload.tell() == 0


def test_the_original_name_is_kept_for_display_without_its_path() -> None:
    assert check_upload("C:\\fakepath\\会议纪要.txt", b"x", max_bytes=LIMIT).original_name == "会议纪要.txt"


# --- refused --------------------------------------------------------------------------------------------------


def test_renamed_executable_is_refused() -> None:
    error = refused("公示.pdf", b"MZ\x90\x00" + b"\x00" * 100)
    assert error.code == "content_mismatch"
    assert "Windows 可执行程序" in error.message and "PDF 文档" in error.message


def test_png_named_docx_is_refused() -> None:
    error = refused("名单.docx", PNG)
    assert error.code == "content_mismatch"
    assert "PNG 图片" in error.message and "Word 文档" in error.message


def test_xlsx_named_docx_is_refused(xlsx_file: bytes) -> None:
    error = refused("名单.docx", xlsx_file)
    assert error.code == "content_mismatch"
    assert "实际是Excel 表格（.xlsx）" in error.message


def test_docx_named_xlsx_is_refused(docx_file: bytes) -> None:
    assert refused("名单.xlsx", docx_file).code == "content_mismatch"


def test_text_named_pdf_is_refused() -> None:
    error = refused("公示.pdf", "这不是PDF".encode())
    assert error.code == "content_mismatch" and "纯文本" in error.message


def test_plain_zip_named_docx_is_refused() -> None:
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w") as archive:
        archive.writestr("readme.txt", "hello")
    error = refused("材料.docx", output.getvalue())
    assert error.code == "content_mismatch" and "ZIP 压缩包" in error.message


def test_pptx_named_docx_is_refused(docx_file: bytes) -> None:
    main = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
    pptx = "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"

    def as_pptx(name: str, content: bytes) -> bytes:
        return content.replace(main.encode(), pptx.encode()) if name == "[Content_Types].xml" else content

    error = refused("汇报.docx", rezip(docx_file, as_pptx))
    assert error.code == "content_mismatch" and "PowerPoint" in error.message


def test_oversized_file_is_refused_with_the_limit_in_mb() -> None:
    error = refused("大文件.txt", b"a" * (MIB + 1), max_bytes=MIB)
    assert error.code == "too_large"
    assert "1 MB" in error.message and "大文件.txt" in error.message


def test_oversized_file_object_is_not_read_beyond_the_limit() -> None:
    upload = io.BytesIO(b"a" * (3 * MIB))
    assert refused("大文件.txt", upload, max_bytes=MIB).code == "too_large"  # type: ignore[arg-type]


def test_empty_file_is_refused() -> None:
    error = refused("空.pdf", b"")
    assert error.code == "empty" and "空文件" in error.message


@pytest.mark.parametrize("name", ["setup.exe", "旧文档.doc", "脚本.html", "无扩展名"])
def test_types_not_allowed_are_refused(name: str) -> None:
    error = refused(name, b"anything")
    assert error.code == "type_not_allowed"
    assert "可上传的类型：PDF 文档、Word 文档（.docx）" in error.message


def test_allowed_kinds_can_be_narrowed() -> None:
    error = refused("说明.txt", b"text", allowed=[FileKind.JPEG, FileKind.PNG])
    assert error.code == "type_not_allowed" and "可上传的类型：JPEG 图片、PNG 图片。" in error.message


def test_encrypted_pdf_is_refused(pdf_file: bytes) -> None:
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(pdf_file)))
    writer.encrypt("secret", algorithm="RC4-128")
    output = io.BytesIO()
    writer.write(output)
    error = refused("公示.pdf", output.getvalue())
    assert error.code == "encrypted" and "已加密" in error.message


def test_truncated_pdf_is_refused(pdf_file: bytes) -> None:
    error = refused("公示.pdf", pdf_file[: len(pdf_file) // 2])
    assert error.code == "corrupt" and "已损坏或不完整" in error.message


def test_pdf_with_garbage_body_is_refused() -> None:
    assert refused("公示.pdf", b"%PDF-1.7\n garbage garbage\n%%EOF\n").code == "corrupt"


def test_corrupt_docx_zip_is_refused(docx_file: bytes) -> None:
    error = refused("名单.docx", docx_file[: len(docx_file) // 2])
    assert error.code == "corrupt" and "Word 文档（.docx）" in error.message


def test_docx_with_damaged_part_is_refused(docx_file: bytes) -> None:
    def damage(name: str, content: bytes) -> bytes:
        return content[:200] if name == "word/document.xml" else content

    assert refused("名单.docx", rezip(docx_file, damage)).code == "corrupt"


def test_docx_missing_its_main_part_is_refused(docx_file: bytes) -> None:
    def drop(name: str, content: bytes) -> bytes | None:
        return None if name == "word/document.xml" else content

    assert refused("名单.docx", rezip(docx_file, drop)).code == "corrupt"


def test_xlsx_missing_a_sheet_is_refused(xlsx_file: bytes) -> None:
    def drop(name: str, content: bytes) -> bytes | None:
        return None if name == "xl/workbook.xml" else content

    assert refused("统计.xlsx", rezip(xlsx_file, drop)).code == "corrupt"


def test_zip_bomb_part_is_refused(docx_file: bytes) -> None:
    output = io.BytesIO(docx_file)
    with zipfile.ZipFile(output, "a", zipfile.ZIP_DEFLATED) as package, package.open("word/media/x.bin", "w") as part:
        chunk = b"\x00" * MIB
        for _ in range(DEFAULT_MAX_UNPACKED_BYTES // MIB + 1):
            part.write(chunk)
    data = output.getvalue()
    assert len(data) < MIB  # small on disk, over 200 MB unpacked
    error = refused("名单.docx", data)
    assert error.code == "unpacked_too_large" and "解压后超过 200 MB" in error.message


def test_unpacked_bound_can_be_set(docx_file: bytes) -> None:
    assert refused("名单.docx", docx_file, max_unpacked_bytes=1000).code == "unpacked_too_large"


def test_text_with_nul_bytes_is_refused() -> None:
    error = refused("说明.txt", b"abc\x00def")
    assert error.code == "not_text" and "UTF-8 或 GB18030" in error.message


def test_utf16_text_is_refused_with_advice() -> None:
    error = refused("说明.txt", "\ufeff党务公开".encode("utf-16-le"))
    assert error.code == "not_text" and "另存为 UTF-8" in error.message


def test_undecodable_text_is_refused() -> None:
    assert refused("说明.txt", b"\xff\xfe\xfd abc \x80").code == "not_text"


def test_unknown_content_is_refused() -> None:
    error = refused("公示.pdf", b"\xff\xfe\x00\x01binary")
    assert error.code == "unknown_content" and "无法识别" in error.message


def test_broken_png_is_refused() -> None:
    assert refused("照片.png", PNG[:8] + b"\x00" * 20).code == "corrupt"


def test_megabytes_for_messages() -> None:
    assert [megabytes(n) for n in (10 * MIB, MIB * 3 // 2, 1000)] == ["10", "1.5", "0.01"]


def test_a_pdf_made_with_chinese_text_passes() -> None:
    assert check_upload("通知.pdf", make_pdf(["党务公开"]), max_bytes=LIMIT).kind == FileKind.PDF


def test_messages_follow_the_active_language() -> None:
    from django.utils import translation

    with translation.override("en"):
        error = refused("空.pdf", b"")
    assert error.message == "The file “空.pdf” is empty. Please choose another."


def test_password_protected_office_file_is_refused_with_a_hint() -> None:
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504  # how Office stores an encrypted .docx
    error = refused("名单.docx", ole)
    assert error.code == "content_mismatch" and "加密的 Office 文档" in error.message


def test_a_django_upload_is_accepted(docx_file: bytes) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("名单.docx", docx_file)
    assert check_upload(upload.name or "", upload, max_bytes=LIMIT).kind == FileKind.DOCX
    assert upload.read() == docx_file  # rewound for storing
