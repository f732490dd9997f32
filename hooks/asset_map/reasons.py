"""Why an asset matches a need, in plain words, as HTML: the tags both carry, then the words
both use ('Shares focus: Lesson study; subject: Mathematics; grades: Grades 6-8. Both mention
lesson study and districts.').

The same match is shown on /needs/, on the need's county page and on the asset's card, so its
reason is made once per build and kept (up to a limit). Every label and word from the data is
escaped; only the tags written here are HTML.
"""

from __future__ import annotations

import functools

from markupsafe import Markup, escape

from .language import current
from .matching import Match
from .model import Dataset


class Reasons:
    def __init__(self, dataset: Dataset) -> None:
        self.dataset = dataset
        self.why = functools.lru_cache(maxsize=8192)(self._why)

    def _terms(self, vocabulary: str, keys: tuple[str, ...]) -> str:
        return ", ".join(str(escape(self.dataset.label(vocabulary, key))) for key in keys)

    def _why(self, match: Match) -> Markup:
        # Built as plain text (Markup.format is slow at this scale): every value from the data
        # goes through escape(); the rest is the HTML written here.
        # The words come from the message catalogue (ours, never contributed): not escaped.
        w = current().messages.why
        if match.focus:
            text = f"{w.shares_focus} {self._terms('focus_areas', match.focus)}; {w.subject} "
        else:
            text = f"{w.shares_subject} "
        text += self._terms("subjects", match.subjects) + "; "
        text += f"{w.grades} {self._terms('grade_bands', match.grades)}." if match.grades else w.no_grade
        if match.words:
            said = [
                f'<em lang="en">{escape(s.need_says)}</em>'
                + (f' (<em lang="en">{escape(s.asset_says)}</em> {w.in_asset})' if s.asset_says else "")
                for s in match.words
            ]
            listed = f" {w.and_} ".join(said) if len(said) < 3 else ", ".join(said[:-1]) + f" {w.and_} " + said[-1]
            text += f" {w.both_mention} {listed}."
        return Markup(f'<span class="am-why">{text}</span>')
