"""The rules of CloudEvents 1.0 and its JSON event format, checked on the decoded JSON object.

These hold for any CloudEvent, ours or not; our own profile (``envelope.CloudEvent``) adds its
attributes on top. Checked on the raw object because a model would quietly coerce what the format
forbids: a float where an Integer goes, a time without seconds or without an offset.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

ATTRIBUTE_NAME = re.compile(r"[a-z0-9]+")
# RFC 3339 section 5.6 date-time: seconds and an offset are required; fractions are optional.
RFC3339 = re.compile(r"\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})")
# RFC 2046 media type: type "/" subtype, then parameters.
MEDIA_TYPE = re.compile(r"[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]*/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]*(\s*;.*)?")
ABSOLUTE_URI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:\S+")
INTEGER_RANGE = range(-(2**31), 2**31)
DATA_MEMBERS = frozenset({"data", "data_base64"})
REQUIRED = ("specversion", "id", "source", "type")


class NotACloudEvent(ValueError):
    """The JSON object breaks a rule of CloudEvents 1.0 or its JSON format; the message names it."""


def _check_value(name: str, value: object) -> None:
    """The JSON type system mapping: Boolean, Integer (whole numbers, 32 bits), or a string form."""
    if isinstance(value, bool | str):
        return
    if isinstance(value, int):
        if value not in INTEGER_RANGE:
            raise NotACloudEvent(f"attribute {name!r}: the integer {value} is outside the 32-bit range of CloudEvents")
        return
    kind = "a number with a fraction" if isinstance(value, float) else f"a JSON {type(value).__name__}"
    raise NotACloudEvent(f"attribute {name!r} is {kind}; attributes are strings, booleans or integers")


def _check_time(value: object) -> None:
    if not isinstance(value, str) or not RFC3339.fullmatch(value):
        raise NotACloudEvent(f"attribute 'time' is not an RFC 3339 timestamp with seconds and an offset: {value!r}")
    try:
        datetime.fromisoformat(value.upper().replace("Z", "+00:00"))
    except ValueError:
        raise NotACloudEvent(f"attribute 'time' is not a valid moment: {value!r}") from None


def _check_non_empty_string(name: str, value: object) -> None:
    if not isinstance(value, str) or not value:
        raise NotACloudEvent(f"attribute {name!r} must be a non-empty string")


def check_cloudevent(event: object) -> dict[str, Any]:
    """The event's members without those that are null (null means unset), if it is a CloudEvent 1.0."""
    if not isinstance(event, dict):
        raise NotACloudEvent("a CloudEvent in JSON is an object")
    members = {name: value for name, value in event.items() if value is not None}
    for name in REQUIRED:
        if name not in members:
            raise NotACloudEvent(f"the required attribute {name!r} is missing")
    if members["specversion"] != "1.0":
        raise NotACloudEvent(f"specversion {members['specversion']!r} is not 1.0")
    if members.keys() >= DATA_MEMBERS:
        raise NotACloudEvent("'data' and 'data_base64' exclude each other")
    for name, value in members.items():
        if name in DATA_MEMBERS:
            continue
        if not ATTRIBUTE_NAME.fullmatch(name):
            raise NotACloudEvent(f"attribute name {name!r}: only lower-case letters a-z and digits 0-9 are allowed")
        _check_value(name, value)
    for name in ("id", "source", "type", "subject", "dataschema", "datacontenttype"):
        if name in members:
            _check_non_empty_string(name, members[name])
    if "time" in members:
        _check_time(members["time"])
    if "dataschema" in members and not ABSOLUTE_URI.fullmatch(members["dataschema"]):
        raise NotACloudEvent(f"attribute 'dataschema' is not an absolute URI: {members['dataschema']!r}")
    if "datacontenttype" in members and not MEDIA_TYPE.fullmatch(members["datacontenttype"]):
        raise NotACloudEvent(f"attribute 'datacontenttype' is not an RFC 2046 media type: {members['datacontenttype']!r}")
    if "data_base64" in members and not isinstance(members["data_base64"], str):
        raise NotACloudEvent("'data_base64' is a base64 string")
    return members
