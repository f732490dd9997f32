"""Links to the repository's correction form, filled in for one county page or one item on it.

GitHub fills an issue form's fields from the address of its "new issue" page:
`/issues/new?template=<form file>&<field id>=<value>`, one parameter per field `id` of
.github/ISSUE_TEMPLATE/correction.yml. A reader who spots a mistake opens the form with the
county, the item and the page already written in, and needs to know nothing about YAML.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote, urlencode

from .model import County

FORM = "correction.yml"
"""The issue form's file name under .github/ISSUE_TEMPLATE/; its field ids are the parameters
`url` fills in (a test keeps the two in step)."""


@dataclass(frozen=True)
class Corrections:
    new_issue_url: str
    """The repository's new-issue address, such as https://github.com/o/r/issues/new."""
    public_url: str
    """Where the site is published, for the page address written into the form."""

    @classmethod
    def for_repository(cls, repo_url: str, public_url: str) -> Corrections:
        return cls(f"{repo_url.rstrip('/')}/issues/new", public_url)

    def url(self, county: County, item_id: str | None = None, item_name: str | None = None) -> str:
        """The form for the county's page, or for one asset, need or goal on it."""
        page = f"{self.public_url.rstrip('/')}/counties/{county.slug}/" + (f"#{item_id}" if item_id else "")
        title = f"[Correction] {county.title}" + (f": {' '.join(item_name.split())}" if item_name else "")
        fields = {"template": FORM, "title": title, "county": county.slug}
        if item_id:
            fields["item"] = item_id
        fields["page"] = page
        return f"{self.new_issue_url}?{urlencode(fields, quote_via=quote)}"
