//! The `Settings` class: [`crate::Settings`] from JSON, TOML, files and dicts.

use std::path::PathBuf;

use pyo3::IntoPyObjectExt;
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple};
use serde_json::{Map, Number, Value};

/// Device settings, checked when they are loaded.
///
/// Build them with ``from_json``, ``from_toml``, ``from_file`` or
/// ``from_dict``; ``Settings()`` gives the defaults. Instances are immutable.
/// Invalid input raises ConfigError, whose ``field`` names the offending
/// field (for example ``channels[1].gain``).
#[pyclass(frozen)]
#[pyo3(module = "everything")]
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
        let value = to_value(data, "")?;
        Ok(Self {
            inner: crate::Settings::from_value(value)?,
        })
    }

    /// The settings as a dict of plain Python values.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_python(py, &self.inner.to_value())
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

/// A Python value as JSON, for serde; `path` names it in errors.
fn to_value(obj: &Bound<'_, PyAny>, path: &str) -> PyResult<Value> {
    let here = if path.is_empty() { "." } else { path };
    // bool before int: in Python, True is an int too.
    if obj.is_none() {
        Ok(Value::Null)
    } else if let Ok(flag) = obj.cast::<PyBool>() {
        Ok(Value::Bool(flag.is_true()))
    } else if obj.is_instance_of::<PyInt>() {
        if let Ok(int) = obj.extract::<i64>() {
            Ok(Value::from(int))
        } else if let Ok(int) = obj.extract::<u64>() {
            Ok(Value::from(int))
        } else {
            Err(config_error(here, "integer out of range"))
        }
    } else if let Ok(float) = obj.cast::<PyFloat>() {
        Number::from_f64(float.value())
            .map(Value::Number)
            .ok_or_else(|| config_error(here, "must be a finite number"))
    } else if let Ok(text) = obj.cast::<PyString>() {
        Ok(Value::String(text.to_cow()?.into_owned()))
    } else if obj.is_instance_of::<PyList>() || obj.is_instance_of::<PyTuple>() {
        let mut items = Vec::new();
        for (index, item) in obj.try_iter()?.enumerate() {
            items.push(to_value(&item?, &format!("{path}[{index}]"))?);
        }
        Ok(Value::Array(items))
    } else if let Ok(dict) = obj.cast::<PyDict>() {
        let mut map = Map::new();
        for (key, item) in dict {
            let Ok(key) = key.cast::<PyString>() else {
                return Err(config_error(here, "keys must be strings"));
            };
            let key = key.to_cow()?.into_owned();
            let child = if path.is_empty() {
                key.clone()
            } else {
                format!("{path}.{key}")
            };
            map.insert(key, to_value(&item, &child)?);
        }
        Ok(Value::Object(map))
    } else {
        Err(PyTypeError::new_err(format!(
            "{here}: cannot use a {} in settings",
            obj.get_type().name()?
        )))
    }
}

/// JSON as plain Python objects.
fn to_python<'py>(py: Python<'py>, value: &Value) -> PyResult<Bound<'py, PyAny>> {
    match value {
        Value::Null => Ok(py.None().into_bound(py)),
        Value::Bool(flag) => flag.into_bound_py_any(py),
        Value::Number(number) => match (number.as_i64(), number.as_u64(), number.as_f64()) {
            (Some(int), _, _) => int.into_bound_py_any(py),
            (None, Some(int), _) => int.into_bound_py_any(py),
            (None, None, float) => float.unwrap_or(f64::NAN).into_bound_py_any(py),
        },
        Value::String(text) => text.into_bound_py_any(py),
        Value::Array(items) => {
            let items: Vec<_> = items
                .iter()
                .map(|item| to_python(py, item))
                .collect::<PyResult<_>>()?;
            PyList::new(py, items)?.into_bound_py_any(py)
        }
        Value::Object(map) => {
            let dict = PyDict::new(py);
            for (key, item) in map {
                dict.set_item(key, to_python(py, item)?)?;
            }
            dict.into_bound_py_any(py)
        }
    }
}

fn config_error(field: &str, reason: &str) -> PyErr {
    crate::Error::Config {
        field: field.to_owned(),
        reason: reason.to_owned(),
    }
    .into()
}
