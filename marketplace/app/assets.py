"""Front-end files: our own stylesheet, and the NL Design System CSS installed by npm.

The vendor files are served by the app itself from node_modules (never from a CDN), limited to the
packages listed here, with long cache lifetimes since their versions are pinned in package-lock.json.
"""

from __future__ import annotations

from flask import Flask, abort, send_from_directory

from marketplace.core.access import public
from marketplace.core.config import ROOT

VENDOR_FILES = {
    "utrecht-components.css": ROOT / "node_modules/@utrecht/component-library-css/dist/index.css",
    "utrecht-theme.css": ROOT / "node_modules/@utrecht/design-tokens/dist/theme.css",
}


def init_app(app: Flask) -> None:
    app.view_functions["static"] = public(app.view_functions["static"])

    @app.route("/assets/vendor/<name>", endpoint="vendor_asset")
    @public
    def vendor_asset(name: str):
        path = VENDOR_FILES.get(name)
        if path is None or not path.exists():
            abort(404)
        return send_from_directory(path.parent, path.name, max_age=7 * 24 * 3600)

    missing = [str(p) for p in VENDOR_FILES.values() if not p.exists()]
    if missing:
        app.logger.warning("Front-end packages missing (run `npm ci`): %s", ", ".join(missing))
