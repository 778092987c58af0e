//! Where files live: the config file, the opt-in token files, the lock files.
//! XDG on Linux (`$XDG_CONFIG_HOME`, `$XDG_DATA_HOME`), the platform's folders elsewhere.

use std::path::PathBuf;

use crate::error::AppError;
use crate::hints;

const APP_DIR: &str = "rally-m365";

pub fn config_file() -> Result<PathBuf, AppError> {
    let base = dirs::config_dir().ok_or_else(no_home)?;
    Ok(base.join(APP_DIR).join("config.toml"))
}

pub fn data_dir() -> Result<PathBuf, AppError> {
    let base = dirs::data_dir().ok_or_else(no_home)?;
    Ok(base.join(APP_DIR))
}

fn no_home() -> AppError {
    AppError::store("cannot find the home directory (HOME is not set)").with_hint(hints::set_home())
}
