"""Screening: file checking, text extraction, secrecy and privacy detection, redaction.

An engine that knows no domain: pure functions and dataclasses, no models, nothing imported from other gongkai
apps. The disclosures app stores the findings and the reviewer's decisions and calls in here.

- `filetypes.check_upload` — decide an upload's type by its content and refuse what cannot be screened;
- `extract.extract_text` — the text of a checked file as located segments;
- `detectors.scan` — findings (classification marks, ID numbers, phone numbers, bank cards, e-mail addresses,
  the office's sensitive terms) with their location and context;
- `redact.redact_file` / `redact.redact_text` — mask findings in a file or in plain text, failing closed.
"""
