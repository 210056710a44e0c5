//! The `Settings` class: [`crate::Settings`] from JSON, TOML, files and dicts.

use std::path::PathBuf;

use pyo3::prelude::*;
use pythonize::{Depythonizer, pythonize};

/// Device settings, checked when they are loaded.
///
/// Build them with ``from_json``, ``from_toml``, ``from_file`` or
/// ``from_dict``; ``Settings()`` gives the defaults. Instances are immutable.
/// Invalid input raises ConfigError, whose ``field`` names the offending
/// field (for example ``channels[1].gain``).
#[pyclass(frozen)]
#[pyo3(module = "{{python_module}}")]
pub(super) struct Settings {
    inner: crate::Settings,
}

#[pymethods]
impl Settings {
    #[new]
    fn new() -> Self {
        Self {
            inner: crate::Settings::default(),
        }
    }

    /// Parse settings from JSON text.
    #[staticmethod]
    fn from_json(text: &str) -> PyResult<Self> {
        Ok(Self {
            inner: crate::Settings::from_json(text)?,
        })
    }

    /// Parse settings from TOML text.
    #[staticmethod]
    fn from_toml(text: &str) -> PyResult<Self> {
        Ok(Self {
            inner: crate::Settings::from_toml(text)?,
        })
    }

    /// Read settings from a ``.json`` or ``.toml`` file.
    #[staticmethod]
    fn from_file(path: PathBuf) -> PyResult<Self> {
        Ok(Self {
            inner: crate::Settings::from_file(&path)?,
        })
    }

    /// Build settings from a dict like the one ``to_dict`` returns.
    #[staticmethod]
    fn from_dict(data: &Bound<'_, PyAny>) -> PyResult<Self> {
        // pythonize reads the Python objects as serde data, straight into
        // the settings; a wrong value is named by its path.
        Ok(Self {
            inner: crate::Settings::deserialize_checked(&mut Depythonizer::from_object(data))?,
        })
    }

    /// The settings as a dict of plain Python values.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        Ok(pythonize(py, &self.inner)?)
    }

    /// The settings as JSON text.
    fn to_json(&self) -> String {
        self.inner.to_json()
    }

    /// The settings as TOML text.
    fn to_toml(&self) -> String {
        self.inner.to_toml()
    }

    /// The device to open.
    #[getter]
    fn device(&self) -> &str {
        &self.inner.device
    }

    /// The serial speed in baud.
    #[getter]
    fn baud_rate(&self) -> u32 {
        self.inner.baud_rate
    }

    /// How long to wait for a reply, in milliseconds.
    #[getter]
    fn timeout_ms(&self) -> u64 {
        self.inner.timeout_ms
    }

    /// How often to try again after a failure.
    #[getter]
    fn retries(&self) -> u8 {
        self.inner.retries
    }

    fn __repr__(&self) -> String {
        let mut json = serde_json::to_string(&self.inner.to_value()).unwrap_or_default();
        json.truncate(200);
        format!("Settings.from_json({json:?})")
    }

    fn __eq__(&self, other: &Bound<'_, Self>) -> bool {
        self.inner == other.get().inner
    }
}
