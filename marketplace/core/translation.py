"""Translation functions for code that runs inside or outside a request.

Re-exported from Flask-Babel so modules import them from one place; lazy strings are resolved when
they are rendered, in the language of that request.
"""

from flask_babel import gettext, lazy_gettext, ngettext

__all__ = ["gettext", "lazy_gettext", "ngettext"]
