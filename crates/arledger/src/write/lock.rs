//! The advisory lock that serialises arledger's writers. One lock per directory: every file
//! arledger writes there (the journal, letters, pages) is replaced under it, so two writers never
//! interleave their read-compare-rename steps and one never loses the other's lines.
//!
//! The lock is `flock(2)` on the directory itself (through `File::try_lock`), so it leaves no
//! lock file behind and is released by the kernel when a process dies. A writer that finds the
//! lock taken waits, says so once on standard error, and gives up after a bounded time
//! (`ARLEDGER_LOCK_TIMEOUT` seconds, 30 by default) with an error: nothing is written then.

use std::fs::{File, TryLockError};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use super::WriteError;

/// The directories whose lock this process holds, with the handle that holds it and how many
/// guards share it (a command writing a letter next to the journal takes the lock it has).
static HELD: Mutex<Vec<(PathBuf, usize, File)>> = Mutex::new(Vec::new());

/// How long a writer waits for another to finish by default.
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

/// A held lock on a directory; released when the last guard for it is dropped.
#[derive(Debug)]
pub struct DirLock {
    dir: PathBuf,
}

impl DirLock {
    /// Takes the lock of `dir` (waiting for another process that holds it, within the
    /// timeout). Taking a lock this process holds already shares it.
    pub fn acquire(dir: &Path) -> Result<DirLock, WriteError> {
        let dir = dir.canonicalize().map_err(|source| WriteError::Lock {
            dir: dir.to_path_buf(),
            source,
        })?;
        let mut held = HELD.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(entry) = held.iter_mut().find(|(d, _, _)| *d == dir) {
            entry.1 += 1;
            return Ok(DirLock { dir });
        }
        let io = |source| WriteError::Lock {
            dir: dir.clone(),
            source,
        };
        let file = File::open(&dir).map_err(io)?;
        let timeout = timeout();
        let start = Instant::now();
        let mut said = false;
        loop {
            match file.try_lock() {
                Ok(()) => break,
                Err(TryLockError::WouldBlock) => {
                    if start.elapsed() >= timeout {
                        return Err(WriteError::Busy {
                            dir,
                            waited: timeout,
                        });
                    }
                    if !said {
                        eprintln!(
                            "arledger: waiting for another arledger writing in {} (up to {} s)",
                            dir.display(),
                            timeout.as_secs()
                        );
                        said = true;
                    }
                    std::thread::sleep(Duration::from_millis(20));
                }
                Err(TryLockError::Error(e)) => return Err(io(e)),
            }
        }
        held.push((dir.clone(), 1, file));
        Ok(DirLock { dir })
    }

    /// Takes the lock of the directory `file` is in.
    pub fn for_file(file: &Path) -> Result<DirLock, WriteError> {
        DirLock::acquire(&super::target::directory_of(file))
    }

    /// The locked directory (canonical).
    pub fn dir(&self) -> &Path {
        &self.dir
    }
}

impl Drop for DirLock {
    fn drop(&mut self) {
        let mut held = HELD.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(k) = held.iter().position(|(d, _, _)| *d == self.dir) {
            held[k].1 -= 1;
            if held[k].1 == 0 {
                // Closing the handle releases the lock.
                held.swap_remove(k);
            }
        }
    }
}

fn timeout() -> Duration {
    std::env::var("ARLEDGER_LOCK_TIMEOUT")
        .ok()
        .and_then(|v| v.trim().parse::<f64>().ok())
        .filter(|s| s.is_finite() && *s >= 0.0)
        .map_or(DEFAULT_TIMEOUT, Duration::from_secs_f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_guard_in_the_same_process_shares_the_lock() {
        let dir = tempfile::tempdir().unwrap();
        let a = DirLock::acquire(dir.path()).unwrap();
        let b = DirLock::acquire(dir.path()).unwrap();
        drop(a);
        // Still held: another handle cannot take it.
        let other = File::open(dir.path()).unwrap();
        assert!(matches!(other.try_lock(), Err(TryLockError::WouldBlock)));
        drop(b);
        assert!(other.try_lock().is_ok());
    }
}
