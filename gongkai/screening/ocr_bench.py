"""OCR benchmark: the share of planted items found on generated scans, and the cost of a 50-page scan.

    .venv/bin/python -m gongkai.screening.ocr_bench [--pages 8] [--long 50] [--long-dpi 300]

1. Share found: for each resolution (150 and 300 dpi) and skew (0°, ±1°, ±2°), `--pages` generated A4 pages,
   each with its own checksum-valid ID number, mobile number and classification mark among ordinary bureau
   prose (`testpages`), saved as an image-only PDF and read the way the platform reads a scan (page rendered
   with pypdfium2 at `ocr.OCR_DPI`, Tesseract TSV, `detectors.scan`). An item counts as found when a finding
   of its kind has exactly its text.
2. Cost: a `--long`-page scanned PDF screened in a child process (text extraction, then every page OCR'd and
   scanned): wall time, and the peak resident memory (VmHWM) of that process; Tesseract runs as a program per
   page (its own peak is about 100 MB at 300 dpi, measured with `/usr/bin/time -f %M`).

Runs outside the request path, on the engine alone (no database).
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import platform
import random
import tempfile
import time
from collections import Counter
from typing import Any

MARKS = ("机密★1年", "秘密★6个月", "绝密★长期", "机密★", "秘密★10年")
AREAS = ("110105", "310104", "330106", "440305", "510107", "320102")
WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def resident_id(rng: random.Random) -> str:
    body = (
        rng.choice(AREAS)
        + f"{rng.randint(1950, 2004)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"
        + f"{rng.randint(0, 999):03d}"
    )
    check = "10X98765432"[sum(int(d) * w for d, w in zip(body, WEIGHTS, strict=True)) % 11]
    return body + check


def mobile(rng: random.Random) -> str:
    return "1" + rng.choice("3456789") + "".join(rng.choice("0123456789") for _ in range(9))


def _planted(rng: random.Random) -> dict[str, str]:
    return {"resident_id": resident_id(rng), "mobile": mobile(rng), "classification": rng.choice(MARKS)}


def _read_pdf(data: bytes, numbers: list[int]) -> list[Any]:
    from gongkai.screening import detectors, ocr, pdf_redact
    from gongkai.screening.segments import Segment

    results = []
    for number in numbers:
        image, scale = pdf_redact.render("pdf", data, number - 1, ocr.OCR_DPI, grey=True)
        page = ocr.read_image(image, scale=scale)
        del image
        results.append(detectors.scan([Segment(f"p{number}", page.text)]))
    return results


def share_found(pages: int, rng: random.Random) -> list[tuple[int, float, Counter[str], Counter[str], float]]:
    from gongkai.screening import testpages

    rows = []
    for dpi in (150, 300):
        for skew in (0.0, 1.0, 2.0):
            planted, images = [], []
            for index in range(pages):
                items = _planted(rng)
                planted.append(items)
                angle = skew * (1 if index % 2 else -1)
                lines = testpages.planted_lines(items["resident_id"], items["mobile"], items["classification"])
                images.append(testpages.page_image(lines, dpi=dpi, rotate=angle))
            data = testpages.scanned_pdf(images, dpi=dpi)
            del images
            started = time.perf_counter()
            found_per_page = _read_pdf(data, list(range(1, pages + 1)))
            elapsed = time.perf_counter() - started
            hits: Counter[str] = Counter()
            for items, found in zip(planted, found_per_page, strict=True):
                texts = {(f.kind.value, f.text) for f in found}
                for kind, text in items.items():
                    hits[kind] += (kind, text) in texts
            rows.append((dpi, skew, hits, Counter({k: pages for k in planted[0]}), elapsed / pages))
    return rows


def _screen_child(path: str, queue: Any) -> None:
    _setup()
    from gongkai.screening.extract import extract_text

    with open(path, "rb") as handle:
        data = handle.read()
    started = time.perf_counter()
    extraction = extract_text("pdf", data)  # type: ignore[arg-type]
    after_extraction = _high_water_mb()
    found = _read_pdf(data, list(extraction.empty_pages))
    elapsed = time.perf_counter() - started
    queue.put(
        {
            "seconds": elapsed,
            "pages": len(extraction.empty_pages),
            "findings": sum(len(f) for f in found),
            "python_peak_mb": _high_water_mb(),
            "extraction_peak_mb": after_extraction,
        }
    )


def _high_water_mb() -> float:
    """Peak resident memory of this process (VmHWM). Not `ru_maxrss`: it survives fork and exec, so a child
    would report its parent's size (the first run of this benchmark said 773 MB for a 230 MB process)."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def long_scan(pages: int, dpi: int, rng: random.Random) -> dict[str, Any]:
    from gongkai.screening import testpages

    images = []
    for index in range(pages):
        items = _planted(rng)
        lines = testpages.planted_lines(items["resident_id"], items["mobile"], items["classification"])
        images.append(testpages.page_image(lines + testpages.ordinary_lines(20), dpi=dpi, rotate=(index % 5 - 2) * 0.5))
    data = testpages.scanned_pdf(images, dpi=dpi)
    del images
    with tempfile.NamedTemporaryFile(suffix=".pdf", delete=False) as handle:
        handle.write(data)
    try:
        context = multiprocessing.get_context("spawn")  # a fresh process: its peak is the screening's own
        queue = context.Queue()
        child = context.Process(target=_screen_child, args=(handle.name, queue))
        child.start()
        result = queue.get(timeout=3 * 3600)
        child.join()
    finally:
        os.unlink(handle.name)
    return {**result, "file_mb": len(data) / 1024 / 1024}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=8, help="pages per resolution and skew")
    parser.add_argument("--long", type=int, default=50, help="pages of the long scan (0: skip)")
    parser.add_argument("--long-dpi", type=int, default=300)
    parser.add_argument("--seed", type=int, default=10)
    options = parser.parse_args()
    _setup()
    from gongkai.screening import ocr

    rng = random.Random(options.seed)  # noqa: S311 -- reproducible test data, not secrets
    print(f"engine: {ocr.engine().label}; OCR at {ocr.OCR_DPI} dpi; {platform.processor() or platform.machine()}")
    print("| scan dpi | skew | ID numbers | mobile numbers | classification marks | all | s/page |")
    print("|---|---|---|---|---|---|---|")
    total_hits = total = 0
    for dpi, skew, hits, planted, per_page in share_found(options.pages, rng):
        cells = [f"{hits[k]}/{planted[k]}" for k in ("resident_id", "mobile", "classification")]
        share = sum(hits.values()) / sum(planted.values())
        total_hits, total = total_hits + sum(hits.values()), total + sum(planted.values())
        print(f"| {dpi} | ±{skew:g}° | {' | '.join(cells)} | {share:.0%} | {per_page:.1f} |")
    print(f"all: {total_hits}/{total} = {total_hits / total:.1%}")
    if options.long:
        result = long_scan(options.long, options.long_dpi, rng)
        print(
            f"{options.long}-page scan at {options.long_dpi} dpi ({result['file_mb']:.1f} MB): "
            f"{result['seconds']:.0f} s ({result['seconds'] / result['pages']:.1f} s/page), "
            f"{result['findings']} findings; peak RSS Python {result['python_peak_mb']:.0f} MB "
            f"({result['extraction_peak_mb']:.0f} MB after text extraction)"
        )


def _setup() -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
    django.setup()


if __name__ == "__main__":
    main()
