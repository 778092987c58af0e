//! Where files live: the config file, the opt-in token files, the lock files.
//! XDG on Linux (`$XDG_CONFIG_HOME`, `$XDG_DATA_HOME`, `$XDG_RUNTIME_DIR`), the platform's
//! folders elsewhere.

use std::path::PathBuf;

use crate::error::AppError;
use crate::hints;
use crate::store::config::Env;

const APP_DIR: &str = "rally-m365";

pub fn config_file() -> Result<PathBuf, AppError> {
    let base = dirs::config_dir().ok_or_else(no_home)?;
    Ok(base.join(APP_DIR).join("config.toml"))
}

pub fn data_dir() -> Result<PathBuf, AppError> {
    let base = dirs::data_dir().ok_or_else(no_home)?;
    Ok(base.join(APP_DIR))
}

/// `$XDG_RUNTIME_DIR/rally-m365`, when the variable names an absolute path (the XDG Base
/// Directory Specification says to ignore a relative one). A pure function of `env`, so tests
/// need not touch the process environment.
pub fn runtime_dir(env: &dyn Env) -> Option<PathBuf> {
    env.var("XDG_RUNTIME_DIR")
        .map(PathBuf::from)
        .filter(|p| p.is_absolute())
        .map(|p| p.join(APP_DIR))
}

fn no_home() -> AppError {
    AppError::store("cannot find the home directory (HOME is not set)").with_hint(hints::set_home())
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;
    use std::path::Path;

    use super::*;

    #[test]
    fn runtime_dir_is_ignored_unless_absolute() {
        let env = |v: &'static str| BTreeMap::from([("XDG_RUNTIME_DIR", v)]);
        assert_eq!(
            runtime_dir(&env("/run/user/1000")).as_deref(),
            Some(Path::new("/run/user/1000/rally-m365"))
        );
        assert_eq!(runtime_dir(&env("run/user/1000")), None);
        assert_eq!(runtime_dir(&BTreeMap::<&str, &str>::new()), None);
    }
}
