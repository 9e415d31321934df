"""A YAML loader strict enough for rules as code.

PyYAML's SafeLoader quietly keeps the last of two equal keys and reads `1500.00` as a float; in a
parameter file both are silent errors in someone's subsidy. This loader refuses them:
- duplicate keys in any mapping;
- floats anywhere (money is written as a string, "1500.00", and parsed as Decimal);
- impossible dates (2024-02-30).
It also reads booleans the YAML 1.2 way: only true/false. In YAML 1.1 `on`, `off`, `yes` and `no` are
booleans, so a key `on:` (the day a rule is judged) would silently become True.
"""

import datetime as dt
import re

import yaml

from subsidies.errors import ParameterError


class _StrictLoader(yaml.SafeLoader):
    """SafeLoader that rejects duplicate keys, floats and impossible dates (see module doc)."""

    source_path = "<string>"

    def construct_mapping(self, node, deep=False):
        if isinstance(node, yaml.MappingNode):
            self.flatten_mapping(node)
            seen: dict = {}
            for key_node, _ in node.value:
                key = self.construct_object(key_node, deep=True)
                try:
                    hash(key)
                except TypeError:
                    raise ParameterError(
                        self.source_path, str(key), f"unhashable key at {_where(key_node)}"
                    ) from None
                if key in seen:
                    raise ParameterError(
                        self.source_path,
                        _key_text(key),
                        f"duplicate key at {_where(key_node)} (first at {seen[key]})",
                    )
                seen[key] = _where(key_node)
        return super().construct_mapping(node, deep=deep)

    def construct_yaml_float(self, node):
        raise ParameterError(
            self.source_path,
            str(node.value),
            f'a float at {_where(node)}: write money and rates as quoted strings, e.g. "1500.00"',
        )

    def construct_yaml_timestamp(self, node):
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError as error:
            raise ParameterError(
                self.source_path, str(node.value), f"not a real date at {_where(node)}: {error}"
            ) from None


_BOOL = "tag:yaml.org,2002:bool"
_StrictLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != _BOOL]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_StrictLoader.add_implicit_resolver(
    _BOOL, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
_StrictLoader.add_constructor("tag:yaml.org,2002:float", _StrictLoader.construct_yaml_float)
_StrictLoader.add_constructor("tag:yaml.org,2002:timestamp", _StrictLoader.construct_yaml_timestamp)


def _where(node) -> str:
    return f"line {node.start_mark.line + 1}"


def _key_text(key) -> str:
    return key.isoformat() if isinstance(key, dt.date) else str(key)


def load_strict_yaml(text: str, path) -> object:
    """Parse `text` (read from `path`, named in errors) with the strict rules above."""
    loader = _StrictLoader(text)
    loader.source_path = str(path)
    try:
        return loader.get_single_data()
    except yaml.YAMLError as error:
        raise ParameterError(path, "(file)", f"not valid YAML: {error}") from None
    finally:
        loader.dispose()
