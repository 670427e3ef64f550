"""The metric layer: query files (header, checks, examples), their order, the sandbox they run in, their results.

A new metric is one SQL file in ``queries/<pillar>/`` (plus its ``.test.yaml``); nothing here changes for it.
"""

from pipeline.queries.checks import Check
from pipeline.queries.header import Chart, Query, discover, parse

__all__ = ["Chart", "Check", "Query", "discover", "parse"]
