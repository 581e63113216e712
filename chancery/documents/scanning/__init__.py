"""Intake of paper (issue 29): a scan of incoming mail read by OCR in a background job, proposing the line of
the incoming register (Nghị định 30/2020/NĐ-CP, Art. 22 and Phụ lục I) that the clerk then confirms.

The modules: `words` (what the OCR read: words, boxes, lines), `ocr` (rasterising, Tesseract, blank pages),
`register_line` (the pure rules reading the fields from the layout), `agencies` (the sender matched to the
office's agencies), `intake` (who may send a scan, the file's checks, starting the job) and `job` (the job
kind `incoming_scan`). The OCR and the database are kept out of `words` and `register_line`, which are
tested without either.
"""
