"""Turns the county YAML files under counties/ into validated data, pages, maps and exports.

This package never imports MkDocs: the site generator is reached only through
hooks/mkdocs_hooks.py, so a move to another generator rewrites that adapter and nothing here.
"""
