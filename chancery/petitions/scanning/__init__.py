"""A citizen's petition on paper read from its scan (issue 29): the same OCR job as incoming documents
(`chancery.documents.scanning`: `ocr` reads the pages, `intake` checks the file), with its own reading of a
letter (đơn khiếu nại, tố cáo, kiến nghị, phản ánh).

The modules: `letter` (the pure rules proposing the petitioner, their address matched to the 2025 provinces
and communes, the kind and the content from the letter's lines), `places` (an address as written matched to
today's province and commune), `job` (the job kind `petition_scan`: who may start it, reading the scan),
`accuracy` (what the clerks kept of the proposals) and `generated` (letters made up for the tests and the
bench, with the slips OCR makes). `letter`, `places` and `generated` use neither the OCR nor the database.
"""
