//! One watched path as it is on the host: kind, owner, mode, and a content hash for files.

use super::accounts::Accounts;
use super::hash::{self, Digest, MAX_HASHED};
use super::resolve::resolve;
use crate::model::host::{FileKind, HostFile};
use crate::model::text::clean;
use std::io::ErrorKind;
use std::os::unix::fs::{FileTypeExt, MetadataExt};
use std::path::Path;

/// A path that exists, with the device and inode it is (two watched paths can reach the same
/// file) and anything the operator should know about how it was read.
#[derive(Debug)]
pub struct Found {
    pub file: HostFile,
    pub inode: (u64, u64),
    pub note: Option<String>,
}

/// `Ok(None)` when the path does not exist; `Err` names the path and why it cannot be read.
pub fn read(root: &Path, host_path: &str, accounts: &Accounts) -> Result<Option<Found>, String> {
    let shown = clean(host_path);
    let unreadable = |e: std::io::Error| {
        let hint = if e.kind() == ErrorKind::PermissionDenied {
            "; run the audit as root (or a user who may read it)"
        } else {
            ""
        };
        format!("cannot read {shown}: {e}{hint}")
    };
    let real = match resolve(root, host_path, false) {
        Ok(real) => real,
        Err(e) if is_absent(&e) => return Ok(None),
        Err(e) => return Err(unreadable(e)),
    };
    // The watched path itself is never followed: a symlink is reported as one.
    let meta = match std::fs::symlink_metadata(&real) {
        Ok(meta) => meta,
        Err(e) if is_absent(&e) => return Ok(None),
        Err(e) => return Err(unreadable(e)),
    };
    let kind = kind_of(&meta.file_type());
    let mut note = None;
    let sha256 = match kind {
        // Content this user may not read still has an owner and a mode worth judging: the
        // file is kept, without a hash, and a note says why.
        FileKind::File => match content_hash(&real, &meta) {
            Ok(Digest::Sha256(hex)) => Some(hex),
            Err(e) => {
                note = Some(format!("{}; its content is not compared", unreadable(e)));
                None
            }
            Ok(Digest::TooLarge) => {
                note = Some(format!(
                    "{shown} is larger than {} MiB: its content is not hashed, only its size, \
                     mode and owner are compared",
                    MAX_HASHED / (1024 * 1024)
                ));
                None
            }
        },
        FileKind::Symlink => {
            let target = std::fs::read_link(&real).map_err(unreadable)?;
            Some(hash::sha256_bytes(target.as_os_str().as_encoded_bytes()))
        }
        _ => None,
    };
    let file = HostFile {
        path: shown.clone(),
        kind,
        mode: meta.mode() & 0o7777,
        uid: meta.uid(),
        gid: meta.gid(),
        owner: accounts.user(meta.uid()),
        group: accounts.group(meta.gid()),
        sha256,
        size: meta.size(),
    };
    Ok(Some(Found {
        file,
        inode: (meta.dev(), meta.ino()),
        note,
    }))
}

/// A folder on the way that is missing, or a file where a folder should be: not there.
pub fn is_absent(e: &std::io::Error) -> bool {
    matches!(e.kind(), ErrorKind::NotFound | ErrorKind::NotADirectory)
}

fn kind_of(t: &std::fs::FileType) -> FileKind {
    if t.is_symlink() {
        FileKind::Symlink
    } else if t.is_file() {
        FileKind::File
    } else if t.is_dir() {
        FileKind::Directory
    } else if t.is_socket() {
        FileKind::Socket
    } else {
        FileKind::Other
    }
}

/// Hashes the file, checking that what was opened is still the file that was examined (not
/// something swapped in meanwhile, such as a symlink out of the root).
fn content_hash(real: &Path, examined: &std::fs::Metadata) -> std::io::Result<Digest> {
    let file = std::fs::File::open(real)?;
    let opened = file.metadata()?;
    if !opened.is_file() || opened.ino() != examined.ino() || opened.dev() != examined.dev() {
        return Err(std::io::Error::other(
            "it changed while being read; run the audit again",
        ));
    }
    hash::sha256(file)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::{PermissionsExt, symlink};

    fn root() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("etc/docker")).unwrap();
        dir
    }

    #[test]
    fn a_file_with_mode_owner_and_hash() {
        let dir = root();
        let path = dir.path().join("etc/docker/daemon.json");
        std::fs::write(&path, "abc").unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o4640)).unwrap();
        let found = read(dir.path(), "/etc/docker/daemon.json", &Accounts::default())
            .unwrap()
            .unwrap();
        let file = found.file;
        assert_eq!(file.path, "/etc/docker/daemon.json");
        assert_eq!(file.kind, FileKind::File);
        // Permission bits only, setuid included; the file-type bits are gone.
        assert_eq!(file.mode, 0o4640);
        assert_eq!(file.size, 3);
        assert_eq!(
            file.sha256.as_deref(),
            Some("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        );
        assert!(found.note.is_none());
    }

    #[test]
    fn directories_sockets_and_symlinks() {
        let dir = root();
        let dirs = read(dir.path(), "/etc/docker", &Accounts::default())
            .unwrap()
            .unwrap();
        assert_eq!(dirs.file.kind, FileKind::Directory);
        assert_eq!(dirs.file.sha256, None);

        let socket = dir.path().join("etc/docker/test.sock");
        let _listener = std::os::unix::net::UnixListener::bind(&socket).unwrap();
        let found = read(dir.path(), "/etc/docker/test.sock", &Accounts::default());
        assert_eq!(found.unwrap().unwrap().file.kind, FileKind::Socket);

        symlink("/etc/shadow", dir.path().join("etc/docker/daemon.json")).unwrap();
        let link = read(dir.path(), "/etc/docker/daemon.json", &Accounts::default())
            .unwrap()
            .unwrap();
        assert_eq!(link.file.kind, FileKind::Symlink);
        assert_eq!(link.file.sha256, Some(hash::sha256_bytes(b"/etc/shadow")));
    }

    #[test]
    fn absent_paths_are_none() {
        let dir = root();
        let accounts = Accounts::default();
        assert!(
            read(dir.path(), "/etc/docker/nope", &accounts)
                .unwrap()
                .is_none()
        );
        assert!(
            read(dir.path(), "/var/lib/kubelet/config.yaml", &accounts)
                .unwrap()
                .is_none()
        );
        std::fs::write(dir.path().join("etc/default"), "a file, not a folder").unwrap();
        assert!(
            read(dir.path(), "/etc/default/docker", &accounts)
                .unwrap()
                .is_none()
        );
    }
}
