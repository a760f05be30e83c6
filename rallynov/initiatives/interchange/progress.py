"""Progress of a long command (imports, generated data) on a terminal or in a log.

On a terminal: one line redrawn in place, a bar with the percentage, the rate and the time left.
Elsewhere (cron, a pipe, a CI log): a plain line at each tenth, so that logs stay readable.
"""

import sys
import time

from django.utils.translation import gettext as _


class Progress:
    """Callable `progress(done, total)`; `stream` defaults to standard error."""

    WIDTH = 30

    def __init__(self, *, label="", stream=None, unit=None, tty=None):
        self.stream = stream or sys.stderr
        self.label = label
        self.unit = unit or _("lignes")
        self.tty = self.stream.isatty() if tty is None else tty
        self.started = time.monotonic()
        self._last_tenth = -1
        self._last_draw = 0.0

    def __call__(self, done, total):
        if total <= 0:
            return
        done = min(done, total)
        share = done / total
        if self.tty:
            now = time.monotonic()
            if done < total and now - self._last_draw < 0.1:  # at most ten redraws a second
                return
            self._last_draw = now
            self.stream.write("\r" + self.line(done, total, bar=True))
            if done == total:
                self.stream.write("\n")
        else:
            tenth = int(share * 10)
            if tenth == self._last_tenth:
                return
            self._last_tenth = tenth
            self.stream.write(self.line(done, total, bar=False) + "\n")
        self.stream.flush()

    def line(self, done, total, *, bar):
        share = done / total
        elapsed = time.monotonic() - self.started
        rate = done / elapsed if elapsed > 0 else 0.0
        left = (total - done) / rate if rate > 0 else 0.0
        parts = [self.label] if self.label else []
        if bar:
            filled = int(self.WIDTH * share)
            parts.append(f"[{'#' * filled}{'.' * (self.WIDTH - filled)}]")
        parts.append(f"{share:4.0%} {done}/{total} {self.unit}")
        if done < total and rate > 0:
            parts.append(_("%(rate)d/s, reste %(left)d s") % {"rate": rate, "left": left})
        else:
            parts.append(_("en %(seconds).1f s") % {"seconds": elapsed})
        return " ".join(parts)
