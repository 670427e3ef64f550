"""The report site: Markdown pages and chart JSON generated from query results, rendered by MkDocs Material."""
