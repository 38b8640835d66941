"""Evaluation tools, not the product: what the project judges itself with.

- :mod:`socialkpi.evaluation.generator`: synthetic landing zones (every platform's export
  shapes, localized and re-saved variants, purges, bad buzz, glitches) with their truth;
  the demo's sample exports come from it (``socialkpi generate``).
- :mod:`socialkpi.evaluation.scoring`: ``socialkpi score``, the purge and drop detectors
  scored against that truth on worlds of chosen seeds (recall, precision, confusion).

The product (the DAGs' logic) never imports this package.
"""
