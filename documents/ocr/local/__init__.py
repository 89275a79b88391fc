"""The embedded engine: Tesseract, offline, behind the same interface as the NHN engine (`engine.LocalEngine`).

`engine` reads a page; `prepare` decodes and flattens it (photos, scans), `pdf_text` reads a born-digital PDF's own
text; `tesseract` runs Tesseract and groups its words into lines; `certificate` and `categories` find a
certificate's items (`tax_offices` holds the offices that issue them, `districts` the 시, 군 and 구 of addresses,
`legal_dongs` the dongs, towns and villages after them, `near_names` the listed name a misread one is), `card*` a
card's number and expiry; `confidence` turns readings and rules into a confidence; `agreement` reads a
certificate's important items a second time (a value both readings give is confirmed; where the page's reading
breaks an item's rule and the second's obeys it, the second's is taken and left for a person); `kind_guess` tells a
certificate from a card, a receipt or nothing.
"""

import cv2
from threadpoolctl import threadpool_limits

# One thread for OpenCV and for numpy's BLAS, as for Tesseract (tesseract.py): parallelism belongs to the worker
# processes. OpenCV's own pool otherwise took every core in its resizes, warps and DFTs (7% of a card's time on two
# cores, taken from the worker beside it), and the bench's bare command, the baseline, runs on one
# (OMP_THREAD_LIMIT=1). OpenBLAS's pool (the card templates' matrix products, card_digits._partial_inverse) waits
# spinning for work: two workers on two cores each read a card two to three times slower with it, three ten times.
cv2.setNumThreads(1)
threadpool_limits(limits=1, user_api="blas")

from .engine import LocalEngine  # noqa: E402

__all__ = ["LocalEngine"]
