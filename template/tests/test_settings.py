"""Tests of Settings: loading from JSON, TOML, files and dicts, and the errors."""

import json
from pathlib import Path
from typing import Any

import pytest

from {{python_module}} import (
    ConfigError,
    Error,
    Settings,
)

EXAMPLE = Path(__file__).parent.parent / "examples" / "settings.toml"


def test_defaults() -> None:
    settings = Settings()
    assert (settings.device, settings.baud_rate, settings.timeout_ms, settings.retries) == (
        "sim0",
        115200,
        1000,
        3,
    )
    assert settings.to_dict()["channels"] == []
    assert Settings.from_json("{}") == settings
    assert Settings.from_toml("") == settings


def test_the_example_file_loads() -> None:
    settings = Settings.from_file(EXAMPLE)
    assert settings == Settings.from_toml(EXAMPLE.read_text())
    assert settings == Settings.from_file(str(EXAMPLE))
    channels = settings.to_dict()["channels"]
    assert [channel["name"] for channel in channels] == ["temperature", "pressure"]


def test_round_trips() -> None:
    settings = Settings.from_file(EXAMPLE)
    assert Settings.from_json(settings.to_json()) == settings
    assert Settings.from_toml(settings.to_toml()) == settings
    assert Settings.from_dict(settings.to_dict()) == settings
    assert json.loads(settings.to_json()) == settings.to_dict()


def test_from_dict_fills_in_defaults() -> None:
    settings = Settings.from_dict({"device": "/dev/ttyS1", "channels": [{"name": "x"}]})
    data = settings.to_dict()
    assert data["device"] == "/dev/ttyS1"
    assert data["channels"] == [{"name": "x", "gain": 1.0, "enabled": True}]
    assert data["logging"] == {"level": "info"}


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"retries": 11}, "retries", "must be at most 10, got 11"),
        ({"baud_rate": 1200}, "baud_rate", "must be one of"),
        ({"channels": [{"name": "a", "gain": 0}]}, "channels[0].gain", "greater than 0"),
        ({"channels": [{"name": "a"}, {"name": "a"}]}, "channels[1].name", "earlier channel"),
        ({"logging": {"level": "loud"}}, "logging.level", "unknown variant `loud`"),
        ({"timeout_ms": "fast"}, "timeout_ms", "cannot be interpreted as an integer"),
        ({"retries": -1}, "retries", "out of range"),
        ({"channels": [{"name": "a", "gain": float("nan")}]}, "channels[0].gain", "finite"),
        ({"baudrate": 9600}, "baudrate", "unknown field `baudrate`"),
    ],
)
def test_invalid_settings_name_the_field(data: dict[str, Any], field: str, message: str) -> None:
    with pytest.raises(ConfigError) as info:
        Settings.from_dict(data)
    assert info.value.field == field
    assert str(info.value).startswith(f"{field}: ")
    assert message in str(info.value)
    assert isinstance(info.value, Error)


def test_text_errors_name_the_field() -> None:
    with pytest.raises(ConfigError, match=r"channels\[0\]\.gain: invalid type") as info:
        Settings.from_json('{"channels": [{"name": "a", "gain": "high"}]}')
    assert info.value.field == "channels[0].gain"
    with pytest.raises(ConfigError, match="expected"):
        Settings.from_toml("device = ")


def test_values_settings_cannot_hold_are_refused() -> None:
    # pythonize reads the objects as serde data; what serde cannot take is a
    # ConfigError too, named by its path ("?" for a key that is not a string).
    refused: list[tuple[Any, str, str]] = [
        ({"channels": [{"a"}]}, "channels[0]", "'set' object is not an instance of 'Mapping'"),
        ({"timeout_ms": 2**70}, "timeout_ms", "int too big to convert"),
        ({1: 2}, "?", "dict keys must have type str"),
        (object(), ".", "'object' object is not an instance of 'Mapping'"),
    ]
    for data, field, message in refused:
        with pytest.raises(ConfigError) as info:
            Settings.from_dict(data)
        assert info.value.field == field
        assert message in str(info.value)


def test_file_errors(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match=r"missing\.toml"):
        Settings.from_file(tmp_path / "missing.toml")
    other = tmp_path / "settings.yaml"
    other.write_text("device: x")
    with pytest.raises(ConfigError, match=r"use a \.json or \.toml file"):
        Settings.from_file(other)


def test_settings_are_immutable_values() -> None:
    settings = Settings()
    untyped: Any = settings  # the assignment below is a type error, on purpose
    with pytest.raises(AttributeError):
        untyped.device = "other"
    assert "sim0" in repr(settings)
    assert settings != Settings.from_dict({"retries": 0})
