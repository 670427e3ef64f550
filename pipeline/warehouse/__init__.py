"""The DuckDB warehouse: connections, the contract's tables, and the merge that de-duplicates exports."""

from pipeline.warehouse.schema import ALL_TABLES, DATA_TABLES, Table

__all__ = ["ALL_TABLES", "DATA_TABLES", "Table"]
