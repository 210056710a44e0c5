//! [`Settings`]: configuration loaded from JSON or TOML (or, through the
//! bindings, a Python dict), checked in Rust.
//!
//! Think of a device driver's configuration: a few scalars with defaults, a
//! nested table and a list of records. Every field is optional in the input
//! (missing ones take their defaults), unknown fields are errors, and every
//! error names the field it is about (`channels[1].gain: ...`).

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::{Error, Result};

/// The baud rates a device accepts.
pub const BAUD_RATES: [u32; 6] = [9_600, 19_200, 38_400, 57_600, 115_200, 230_400];

/// The configuration of a device.
///
/// ```
/// use {{crate_name}}::Settings;
///
/// let settings = Settings::from_toml(
///     r#"
///     device = "/dev/ttyUSB0"
///     [[channels]]
///     name = "temperature"
///     gain = 2.5
///     "#,
/// )?;
/// assert_eq!(settings.baud_rate, 115_200); // the default
/// assert_eq!(settings.channels[0].gain, 2.5);
///
/// let err = Settings::from_json(r#"{"retries": 99}"#).unwrap_err();
/// assert_eq!(err.to_string(), "retries: must be at most 10, got 99");
/// # Ok::<(), {{crate_name}}::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Settings {
    /// The device to open (a path or a name); not empty.
    pub device: String,
    /// The serial speed: one of [`BAUD_RATES`].
    pub baud_rate: u32,
    /// How long to wait for a reply, in milliseconds: 1 to 60000.
    pub timeout_ms: u64,
    /// How often to try again after a failure: at most 10.
    pub retries: u8,
    /// Where and how much to log.
    pub logging: Logging,
    /// The measurement channels; names are unique.
    pub channels: Vec<Channel>,
}

/// Logging settings.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Logging {
    /// The least severe level that is logged.
    pub level: Level,
    /// A file to log to, or standard error when absent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<PathBuf>,
}

/// A logging level.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// Errors only.
    Error,
    /// Errors and warnings.
    Warn,
    /// The normal amount.
    #[default]
    Info,
    /// Everything.
    Debug,
}

/// One measurement channel.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Channel {
    /// A unique, non-empty name.
    pub name: String,
    /// The factor applied to raw readings: greater than 0, at most 1000.
    #[serde(default = "Channel::default_gain")]
    pub gain: f64,
    /// Whether the channel is read.
    #[serde(default = "Channel::default_enabled")]
    pub enabled: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            device: "sim0".to_owned(),
            baud_rate: 115_200,
            timeout_ms: 1_000,
            retries: 3,
            logging: Logging::default(),
            channels: Vec::new(),
        }
    }
}

impl Channel {
    fn default_gain() -> f64 {
        1.0
    }

    fn default_enabled() -> bool {
        true
    }
}

impl Settings {
    /// Parses and checks settings written as JSON.
    ///
    /// # Errors
    /// [`Error::Config`] naming the field that is malformed or invalid.
    pub fn from_json(text: &str) -> Result<Self> {
        let mut deserializer = serde_json::Deserializer::from_str(text);
        let settings: Self = serde_path_to_error::deserialize(&mut deserializer)
            .map_err(|err| config_error(err.path(), err.inner()))?;
        deserializer.end().map_err(|err| config_error(".", err))?;
        settings.validated()
    }

    /// Parses and checks settings written as TOML.
    ///
    /// # Errors
    /// [`Error::Config`] naming the field that is malformed or invalid.
    pub fn from_toml(text: &str) -> Result<Self> {
        let deserializer = toml::Deserializer::parse(text).map_err(|err| config_error(".", err))?;
        Self::deserialize_checked(deserializer)
    }

    /// Checks settings given as a JSON value (how the bindings pass a Python
    /// dict).
    ///
    /// # Errors
    /// [`Error::Config`] naming the field that is malformed or invalid.
    pub fn from_value(value: serde_json::Value) -> Result<Self> {
        Self::deserialize_checked(value)
    }

    /// Reads and checks settings from any serde deserializer (a Python dict,
    /// through pythonize, in the bindings).
    ///
    /// # Errors
    /// [`Error::Config`] naming the field that is malformed or invalid.
    pub fn deserialize_checked<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self> {
        let settings: Self = serde_path_to_error::deserialize(deserializer)
            .map_err(|err| config_error(err.path(), err.inner()))?;
        settings.validated()
    }

    /// Reads a `.json` or `.toml` file.
    ///
    /// # Errors
    /// [`Error::Io`] if the file cannot be read, [`Error::Config`] if its
    /// extension is neither or its content is malformed or invalid.
    pub fn from_file(path: &Path) -> Result<Self> {
        let extension = path.extension().and_then(|ext| ext.to_str());
        let parse = match extension {
            Some("json") => Self::from_json,
            Some("toml") => Self::from_toml,
            _ => {
                return Err(Error::Config {
                    field: ".".to_owned(),
                    reason: format!(
                        "cannot tell the format of {}: use a .json or .toml file",
                        path.display()
                    ),
                });
            }
        };
        let text = std::fs::read_to_string(path).map_err(|err| Error::Io {
            file: path.display().to_string(),
            kind: err.kind(),
            reason: err.to_string(),
        })?;
        parse(&text)
    }

    /// The settings as pretty-printed JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("settings are always valid JSON")
    }

    /// The settings as TOML.
    pub fn to_toml(&self) -> String {
        toml::to_string(self).expect("settings are always valid TOML")
    }

    /// The settings as a JSON value (what the bindings turn into a dict).
    pub fn to_value(&self) -> serde_json::Value {
        serde_json::to_value(self).expect("settings are always valid JSON")
    }

    /// Checks the rules the types alone do not express.
    ///
    /// # Errors
    /// [`Error::Config`] for the first field that breaks a rule.
    pub fn validate(&self) -> Result<()> {
        let invalid = |field: &str, reason: String| {
            Err(Error::Config {
                field: field.to_owned(),
                reason,
            })
        };
        if self.device.trim().is_empty() {
            return invalid("device", "must not be empty".to_owned());
        }
        if !BAUD_RATES.contains(&self.baud_rate) {
            return invalid(
                "baud_rate",
                format!("must be one of {BAUD_RATES:?}, got {}", self.baud_rate),
            );
        }
        if !(1..=60_000).contains(&self.timeout_ms) {
            return invalid(
                "timeout_ms",
                format!("must be between 1 and 60000, got {}", self.timeout_ms),
            );
        }
        if self.retries > 10 {
            return invalid(
                "retries",
                format!("must be at most 10, got {}", self.retries),
            );
        }
        for (index, channel) in self.channels.iter().enumerate() {
            let field = |name: &str| format!("channels[{index}].{name}");
            if channel.name.trim().is_empty() {
                return invalid(&field("name"), "must not be empty".to_owned());
            }
            if self.channels[..index]
                .iter()
                .any(|other| other.name == channel.name)
            {
                return invalid(
                    &field("name"),
                    format!("'{}' is used by an earlier channel", channel.name),
                );
            }
            if !channel.gain.is_finite() {
                return invalid(
                    &field("gain"),
                    format!("must be a finite number, got {}", channel.gain),
                );
            }
            if !(channel.gain > 0.0 && channel.gain <= 1_000.0) {
                return invalid(
                    &field("gain"),
                    format!(
                        "must be greater than 0 and at most 1000, got {}",
                        channel.gain
                    ),
                );
            }
        }
        Ok(())
    }

    fn validated(self) -> Result<Self> {
        self.validate()?;
        Ok(self)
    }
}

/// A deserialisation error at `field` (`.` for the whole document), with the
/// parser's own message.
fn config_error(field: impl std::fmt::Display, err: impl std::fmt::Display) -> Error {
    Error::Config {
        field: field.to_string(),
        reason: err.to_string().trim_end().to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TOML: &str = r#"
device = "/dev/ttyUSB1"
baud_rate = 57600
retries = 0

[logging]
level = "debug"
file = "driver.log"

[[channels]]
name = "temperature"
gain = 0.5

[[channels]]
name = "pressure"
enabled = false
"#;

    fn field_and_reason(result: Result<Settings>) -> (String, String) {
        match result {
            Err(Error::Config { field, reason }) => (field, reason),
            other => panic!("expected a config error, got {other:?}"),
        }
    }

    #[test]
    fn missing_fields_take_their_defaults() {
        assert_eq!(Settings::from_json("{}"), Ok(Settings::default()));
        assert_eq!(Settings::from_toml(""), Ok(Settings::default()));
        let settings = Settings::from_toml(TOML).unwrap();
        assert_eq!(settings.timeout_ms, 1_000);
        assert_eq!(settings.channels[1].gain, 1.0);
        assert!(!settings.channels[1].enabled);
        assert_eq!(settings.logging.level, Level::Debug);
    }

    #[test]
    fn json_and_toml_round_trip() {
        let settings = Settings::from_toml(TOML).unwrap();
        assert_eq!(
            Settings::from_json(&settings.to_json()),
            Ok(settings.clone())
        );
        assert_eq!(
            Settings::from_toml(&settings.to_toml()),
            Ok(settings.clone())
        );
        assert_eq!(Settings::from_value(settings.to_value()), Ok(settings));
    }

    #[test]
    fn parse_errors_name_the_field() {
        let (field, reason) = field_and_reason(Settings::from_json(
            r#"{"channels": [{"name": "a", "gain": "x"}]}"#,
        ));
        assert_eq!(field, "channels[0].gain");
        assert!(reason.contains("invalid type: string"), "{reason}");

        let (field, reason) = field_and_reason(Settings::from_toml("[logging]\nlevel = \"loud\""));
        assert_eq!(field, "logging.level");
        assert!(reason.contains("unknown variant `loud`"), "{reason}");

        let (field, reason) = field_and_reason(Settings::from_json(r#"{"baudrate": 9600}"#));
        assert_eq!(field, "baudrate");
        assert!(reason.contains("unknown field `baudrate`"), "{reason}");

        let (field, _) = field_and_reason(Settings::from_json("{} trailing"));
        assert_eq!(field, ".");
        let (field, _) = field_and_reason(Settings::from_toml("device = "));
        assert_eq!(field, ".");
    }

    #[test]
    fn validation_errors_name_the_field() {
        let cases = [
            (r#"{"device": " "}"#, "device", "must not be empty"),
            (r#"{"baud_rate": 1200}"#, "baud_rate", "must be one of"),
            (
                r#"{"timeout_ms": 0}"#,
                "timeout_ms",
                "between 1 and 60000, got 0",
            ),
            (r#"{"retries": 11}"#, "retries", "at most 10, got 11"),
            (
                r#"{"channels": [{"name": "a"}, {"name": "a"}]}"#,
                "channels[1].name",
                "used by an earlier channel",
            ),
            (
                r#"{"channels": [{"name": "a", "gain": -2}]}"#,
                "channels[0].gain",
                "got -2",
            ),
        ];
        for (json, expected_field, expected_reason) in cases {
            let (field, reason) = field_and_reason(Settings::from_json(json));
            assert_eq!(field, expected_field, "{json}");
            assert!(reason.contains(expected_reason), "{json}: {reason}");
        }
    }

    #[test]
    fn files_are_read_by_extension() {
        let dir = std::env::temp_dir().join(format!("settings-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let toml_file = dir.join("driver.toml");
        std::fs::write(&toml_file, TOML).unwrap();
        assert_eq!(Settings::from_file(&toml_file), Settings::from_toml(TOML));
        let missing = Settings::from_file(&dir.join("missing.json"));
        assert!(matches!(
            missing,
            Err(Error::Io {
                kind: std::io::ErrorKind::NotFound,
                ..
            })
        ));
        let (_, reason) = field_and_reason(Settings::from_file(&dir.join("driver.yaml")));
        assert!(reason.contains("use a .json or .toml file"), "{reason}");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
