"""The ground floor every feature stands on: database, errors, access, forms, clock, money and dates,
translations, mail and jobs. It imports no feature and no tenancy (docs/architecture.md)."""
