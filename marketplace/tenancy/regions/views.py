"""The public list of labour-market regions and their municipalities."""

from __future__ import annotations

from itertools import groupby

from flask import Blueprint, abort, render_template
from sqlalchemy import select

from marketplace.core import clock
from marketplace.core.access import public
from marketplace.core.db import db

from .models import Municipality, Region, valid_on

bp = Blueprint("regions", __name__)


@bp.route("/regios")
@public
def list_regions():
    rows = db.session.execute(
        select(Region, Municipality).join(Municipality, Municipality.region_code == Region.code)
        .where(valid_on(clock.today())).order_by(Region.name, Municipality.name)
    ).all()
    regions = [(region, [m for _, m in group]) for region, group in groupby(rows, key=lambda r: r[0])]
    return render_template("regions/list.html", regions=regions)


@bp.route("/regios/<code>")
@public
def show_region(code: str):
    region = db.session.get(Region, code.upper())
    if region is None:
        abort(404)
    municipalities = db.session.scalars(select(Municipality).where(
        valid_on(clock.today()), Municipality.region_code == region.code).order_by(Municipality.name)).all()
    return render_template("regions/show.html", region=region, municipalities=municipalities)
