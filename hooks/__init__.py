"""The site's build code: `asset_map` (a plain library) and `mkdocs_hooks` (the MkDocs adapter).

Run `python -m hooks --help` from the repository root for the contributor commands.
"""
