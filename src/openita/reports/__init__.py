"""The Thai report "การนำผลการประเมิน ITA ไปสู่การพัฒนาองค์กร": context → charts → DOCX → PDF.

Needs the ``report`` extra (docxtpl, matplotlib) and, for PDF, LibreOffice headless
(scripts/system-deps.sh). See docs/reports.md and docs/adr/0002-pdf-via-libreoffice.md.
"""
