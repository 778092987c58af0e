//! Directories only the user can enter, and files in them opened without following a symbolic
//! link. The token files and the lock files live in such directories: a directory that belongs
//! to someone else, or a link planted where a file is expected, would let another local account
//! read a sign-in or redirect a write to a file of its choosing.
//!
//! The checks are made on the opened handle (`fstat`, `fchmod`), not on the path, so nothing can
//! be swapped in between the check and the use of the directory itself.

use std::fmt;
use std::fs::{self, File, OpenOptions};
use std::io;
use std::path::{Path, PathBuf};

/// The mode of a private directory: the user may list, enter and write; nobody else may.
pub const DIR_MODE: u32 = 0o700;
/// The mode of a private file.
pub const FILE_MODE: u32 = 0o600;

/// A path that was refused, and why.
#[derive(Debug)]
pub struct PrivatePathError {
    pub path: PathBuf,
    pub problem: Problem,
}

#[derive(Debug)]
pub enum Problem {
    Io(io::Error),
    Symlink,
    NotADirectory,
    NotARegularFile,
    OwnedByOther { owner: u32 },
}

impl PrivatePathError {
    fn new(path: &Path, problem: Problem) -> Self {
        PrivatePathError {
            path: path.to_owned(),
            problem,
        }
    }

    fn io(path: &Path, e: io::Error) -> Self {
        Self::new(path, Problem::Io(e))
    }

    pub fn is_not_found(&self) -> bool {
        matches!(&self.problem, Problem::Io(e) if e.kind() == io::ErrorKind::NotFound)
    }

    /// A refusal on principle (a link, a stranger's directory), as opposed to an I/O failure:
    /// the user has to look at the path, retrying will not help.
    pub fn is_refusal(&self) -> bool {
        !matches!(self.problem, Problem::Io(_))
    }
}

impl fmt::Display for PrivatePathError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = self.path.display();
        match &self.problem {
            Problem::Io(e) => write!(f, "{path}: {e}"),
            Problem::Symlink => write!(
                f,
                "{path} is a symbolic link; rally-m365 does not follow links here"
            ),
            Problem::NotADirectory => write!(f, "{path} is not a directory"),
            Problem::NotARegularFile => write!(f, "{path} is not a regular file"),
            Problem::OwnedByOther { owner } => {
                write!(f, "{path} belongs to another user (uid {owner})")
            }
        }
    }
}

impl std::error::Error for PrivatePathError {}

/// An opened directory that is the user's own, not a link, and mode 0700.
pub struct PrivateDir {
    path: PathBuf,
    #[cfg(unix)]
    handle: File,
}

impl PrivateDir {
    /// Creates `path` (mode 0700, and its missing parents with the usual modes) if needed, then
    /// opens it as [`PrivateDir::open`] does.
    pub fn create(path: &Path) -> Result<PrivateDir, PrivatePathError> {
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            fs::create_dir_all(parent).map_err(|e| PrivatePathError::io(parent, e))?;
        }
        let mut builder = fs::DirBuilder::new();
        #[cfg(unix)]
        {
            use std::os::unix::fs::DirBuilderExt;
            builder.mode(DIR_MODE);
        }
        match builder.create(path) {
            Ok(()) => {
                // The umask may have taken the owner's own bits off 0700, and a directory we
                // cannot enter is of no use; it was created a moment ago and is checked below.
                #[cfg(unix)]
                {
                    use std::os::unix::fs::PermissionsExt;
                    fs::set_permissions(path, fs::Permissions::from_mode(DIR_MODE))
                        .map_err(|e| PrivatePathError::io(path, e))?;
                }
            }
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {}
            Err(e) => return Err(PrivatePathError::io(path, e)),
        }
        Self::open_existing(path)
    }

    /// Opens an existing directory: `Ok(None)` when there is none; refused when it is a link,
    /// not a directory, or another user's; tightened to 0700 when it is ours and looser.
    pub fn open(path: &Path) -> Result<Option<PrivateDir>, PrivatePathError> {
        match Self::open_existing(path) {
            Ok(dir) => Ok(Some(dir)),
            Err(e) if e.is_not_found() => Ok(None),
            Err(e) => Err(e),
        }
    }

    #[cfg(unix)]
    fn open_existing(path: &Path) -> Result<PrivateDir, PrivatePathError> {
        use std::os::unix::fs::{MetadataExt, OpenOptionsExt, PermissionsExt};
        let handle = OpenOptions::new()
            .read(true)
            .custom_flags(libc::O_DIRECTORY | libc::O_NOFOLLOW)
            .open(path)
            .map_err(|e| classify_dir_error(path, e))?;
        let meta = handle
            .metadata()
            .map_err(|e| PrivatePathError::io(path, e))?;
        if !meta.is_dir() {
            return Err(PrivatePathError::new(path, Problem::NotADirectory));
        }
        if meta.uid() != current_uid() {
            return Err(PrivatePathError::new(
                path,
                Problem::OwnedByOther { owner: meta.uid() },
            ));
        }
        if meta.mode() & 0o7777 != DIR_MODE {
            tracing::info!(
                "tightening {} from {:o} to {DIR_MODE:o}",
                path.display(),
                meta.mode() & 0o7777
            );
            handle
                .set_permissions(fs::Permissions::from_mode(DIR_MODE))
                .map_err(|e| PrivatePathError::io(path, e))?;
        }
        Ok(PrivateDir {
            path: path.to_owned(),
            handle,
        })
    }

    /// Without `O_NOFOLLOW` on a directory, the best we have is to look before using it.
    #[cfg(not(unix))]
    fn open_existing(path: &Path) -> Result<PrivateDir, PrivatePathError> {
        let meta = fs::symlink_metadata(path).map_err(|e| PrivatePathError::io(path, e))?;
        if meta.file_type().is_symlink() {
            return Err(PrivatePathError::new(path, Problem::Symlink));
        }
        if !meta.is_dir() {
            return Err(PrivatePathError::new(path, Problem::NotADirectory));
        }
        Ok(PrivateDir {
            path: path.to_owned(),
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Flushes the directory itself, so that a rename or a removal in it survives a power cut.
    pub fn sync(&self) -> Result<(), PrivatePathError> {
        #[cfg(unix)]
        self.handle
            .sync_all()
            .map_err(|e| PrivatePathError::io(&self.path, e))?;
        Ok(())
    }
}

/// Opens `path` with `options` plus: no symbolic link followed at the last component, and no
/// waiting on a FIFO. A link found there is reported as such.
pub fn open_no_follow(options: &mut OpenOptions, path: &Path) -> Result<File, PrivatePathError> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK);
    }
    #[cfg(windows)]
    {
        use std::os::windows::fs::OpenOptionsExt;
        // Opens a link itself rather than its target (the checks below then refuse it).
        const FILE_FLAG_OPEN_REPARSE_POINT: u32 = 0x0020_0000;
        options.custom_flags(FILE_FLAG_OPEN_REPARSE_POINT);
    }
    let file = options.open(path).map_err(|e| {
        match fs::symlink_metadata(path) {
            // ELOOP from O_NOFOLLOW, or EEXIST from `create_new` on a planted link.
            Ok(meta) if meta.file_type().is_symlink() => {
                PrivatePathError::new(path, Problem::Symlink)
            }
            _ => PrivatePathError::io(path, e),
        }
    })?;
    let meta = file.metadata().map_err(|e| PrivatePathError::io(path, e))?;
    if meta.file_type().is_symlink() {
        return Err(PrivatePathError::new(path, Problem::Symlink));
    }
    Ok(file)
}

/// Checks that an opened file is a regular file of the user's own, and gives it `mode` if it
/// has another (the umask may have taken bits off, an older version may have left it looser).
pub fn make_private_file(file: &File, path: &Path, mode: u32) -> Result<(), PrivatePathError> {
    let meta = file.metadata().map_err(|e| PrivatePathError::io(path, e))?;
    if !meta.is_file() {
        return Err(PrivatePathError::new(path, Problem::NotARegularFile));
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::{MetadataExt, PermissionsExt};
        if meta.uid() != current_uid() {
            return Err(PrivatePathError::new(
                path,
                Problem::OwnedByOther { owner: meta.uid() },
            ));
        }
        if meta.mode() & 0o7777 != mode {
            file.set_permissions(fs::Permissions::from_mode(mode))
                .map_err(|e| PrivatePathError::io(path, e))?;
        }
    }
    #[cfg(not(unix))]
    let _ = mode;
    Ok(())
}

#[cfg(unix)]
fn classify_dir_error(path: &Path, e: io::Error) -> PrivatePathError {
    match fs::symlink_metadata(path) {
        Ok(meta) if meta.file_type().is_symlink() => PrivatePathError::new(path, Problem::Symlink),
        Ok(meta) if !meta.is_dir() => PrivatePathError::new(path, Problem::NotADirectory),
        _ => PrivatePathError::io(path, e),
    }
}

#[cfg(unix)]
pub fn current_uid() -> u32 {
    // SAFETY: geteuid takes no arguments, touches no memory of ours and cannot fail.
    unsafe { libc::geteuid() }
}

#[cfg(all(test, unix))]
mod tests {
    use std::os::unix::fs::{MetadataExt, PermissionsExt, symlink};

    use super::*;

    fn mode(path: &Path) -> u32 {
        fs::symlink_metadata(path).unwrap().permissions().mode() & 0o7777
    }

    #[test]
    fn a_new_directory_is_0700_and_its_parents_are_created() {
        let root = tempfile::tempdir().unwrap();
        let path = root.path().join("a/b/tokens");
        let dir = PrivateDir::create(&path).unwrap();
        assert_eq!(dir.path(), path);
        assert_eq!(mode(&path), 0o700);
        dir.sync().unwrap();
    }

    #[test]
    fn a_looser_directory_of_ours_is_tightened_to_0700() {
        let root = tempfile::tempdir().unwrap();
        let path = root.path().join("tokens");
        fs::create_dir(&path).unwrap();
        fs::set_permissions(&path, fs::Permissions::from_mode(0o755)).unwrap();
        PrivateDir::create(&path).unwrap();
        assert_eq!(mode(&path), 0o700);
        fs::set_permissions(&path, fs::Permissions::from_mode(0o777)).unwrap();
        PrivateDir::open(&path).unwrap().unwrap();
        assert_eq!(mode(&path), 0o700);
    }

    #[test]
    fn a_symlinked_directory_is_refused_and_its_target_left_alone() {
        let root = tempfile::tempdir().unwrap();
        let target = root.path().join("elsewhere");
        fs::create_dir(&target).unwrap();
        fs::set_permissions(&target, fs::Permissions::from_mode(0o755)).unwrap();
        let link = root.path().join("tokens");
        symlink(&target, &link).unwrap();
        for result in [
            PrivateDir::create(&link).err(),
            PrivateDir::open(&link).err(),
        ] {
            let e = result.expect("a link was accepted as a private directory");
            assert!(matches!(e.problem, Problem::Symlink), "{e}");
            assert!(e.to_string().contains("symbolic link"), "{e}");
        }
        assert_eq!(mode(&target), 0o755);
    }

    #[test]
    fn a_file_where_the_directory_should_be_is_refused() {
        let root = tempfile::tempdir().unwrap();
        let path = root.path().join("tokens");
        fs::write(&path, "x").unwrap();
        let e = PrivateDir::create(&path).err().unwrap();
        assert!(matches!(e.problem, Problem::NotADirectory), "{e}");
    }

    #[test]
    fn a_missing_directory_opens_as_none() {
        let root = tempfile::tempdir().unwrap();
        assert!(
            PrivateDir::open(&root.path().join("none"))
                .unwrap()
                .is_none()
        );
    }

    /// As root the test gives a directory away to `nobody`; as another user it uses `/`,
    /// which belongs to root.
    #[test]
    fn a_directory_of_another_user_is_refused() {
        let root = tempfile::tempdir().unwrap();
        let path = root.path().join("tokens");
        fs::create_dir(&path).unwrap();
        fs::set_permissions(&path, fs::Permissions::from_mode(0o755)).unwrap();
        if current_uid() == 0 {
            std::os::unix::fs::chown(&path, Some(65534), Some(65534)).unwrap();
        } else {
            let e = PrivateDir::open(Path::new("/")).err().unwrap();
            assert!(
                matches!(e.problem, Problem::OwnedByOther { owner: 0 }),
                "{e}"
            );
            return;
        }
        let e = PrivateDir::create(&path).err().unwrap();
        assert!(
            matches!(e.problem, Problem::OwnedByOther { owner: 65534 }),
            "{e}"
        );
        assert!(e.to_string().contains("another user (uid 65534)"), "{e}");
        // Refused, not tightened: it is not ours to change.
        assert_eq!(mode(&path), 0o755);
        assert_eq!(fs::metadata(&path).unwrap().uid(), 65534);
    }

    #[test]
    fn open_no_follow_refuses_a_link_and_names_it() {
        let root = tempfile::tempdir().unwrap();
        let target = root.path().join("target");
        fs::write(&target, "precious").unwrap();
        let link = root.path().join("link");
        symlink(&target, &link).unwrap();
        let e = open_no_follow(OpenOptions::new().read(true), &link)
            .err()
            .unwrap();
        assert!(matches!(e.problem, Problem::Symlink), "{e}");
        let e = open_no_follow(OpenOptions::new().write(true).create_new(true), &link)
            .err()
            .unwrap();
        assert!(matches!(e.problem, Problem::Symlink), "{e}");
        assert_eq!(fs::read_to_string(&target).unwrap(), "precious");
    }

    #[test]
    fn make_private_file_tightens_a_file_and_refuses_a_fifo() {
        let root = tempfile::tempdir().unwrap();
        let path = root.path().join("f");
        fs::write(&path, "x").unwrap();
        fs::set_permissions(&path, fs::Permissions::from_mode(0o644)).unwrap();
        let file = open_no_follow(OpenOptions::new().read(true), &path).unwrap();
        make_private_file(&file, &path, FILE_MODE).unwrap();
        assert_eq!(mode(&path), 0o600);

        let fifo = root.path().join("fifo");
        make_fifo(&fifo);
        // O_NONBLOCK: opening a FIFO nobody writes to returns at once instead of hanging.
        let file = open_no_follow(OpenOptions::new().read(true), &fifo).unwrap();
        let e = make_private_file(&file, &fifo, FILE_MODE).err().unwrap();
        assert!(matches!(e.problem, Problem::NotARegularFile), "{e}");
    }
}

/// Makes a FIFO at `path`, for tests of what must not hang on one.
#[cfg(all(test, unix))]
pub(crate) fn make_fifo(path: &Path) {
    use std::os::unix::ffi::OsStrExt;
    let c_path = std::ffi::CString::new(path.as_os_str().as_bytes()).unwrap();
    // SAFETY: c_path is a valid NUL-terminated string that outlives the call.
    let rc = unsafe { libc::mkfifo(c_path.as_ptr(), 0o600) };
    assert_eq!(rc, 0, "mkfifo {}", path.display());
}
