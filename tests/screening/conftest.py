"""Fixtures: the sample files, made once per test session."""

from __future__ import annotations

import pytest
from screening_files import ID_NUMBER, make_docx, make_pdf, make_xlsx


@pytest.fixture(scope="session")
def docx_file() -> bytes:
    return make_docx()


@pytest.fixture(scope="session")
def xlsx_file() -> bytes:
    return make_xlsx()


@pytest.fixture(scope="session")
def pdf_file() -> bytes:
    return make_pdf([f"第一页：公示名单，张三，身份证号 {ID_NUMBER}。", "第二页：秘密★1年 会议纪要"])
