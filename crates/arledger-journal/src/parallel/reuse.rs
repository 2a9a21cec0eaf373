//! Reusing what an earlier load parsed: the language server reads the journal again after
//! every edit, and an edit changes one chunk of a large file. Chunk boundaries here depend only
//! on the text around them (a transaction line whose hash says so, once the chunk is long
//! enough), so an edit moves no boundary far from it; a chunk whose text, starting parser
//! state and place (last in the file or not) are those of a kept chunk is not parsed again: the
//! kept one is merged, its spans moved by how far its text moved. The result is the journal a
//! fresh load reads (tests/parallel.rs checks it).

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::ops::Range;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard};

use rayon::prelude::*;
use rustc_hash::FxHasher;

use super::Chunk;
use crate::load::Reader;
use crate::source::{SourceId, Text};

/// The chunks of large sources parsed by earlier loads, for
/// [`LoadOptions::reuse`](crate::LoadOptions::reuse). Cloning shares it; each load keeps
/// the chunks it used, per file, for the next.
#[derive(Clone)]
pub struct ChunkCache(Arc<Mutex<Kept>>);

struct Kept {
    /// About how many bytes a chunk has.
    target: usize,
    /// Per file: the chunks of its last load.
    files: HashMap<PathBuf, Vec<Arc<KeptChunk>>>,
}

impl ChunkCache {
    /// A cache cutting files into chunks of about `target` bytes (at least 1).
    pub fn new(target: usize) -> ChunkCache {
        ChunkCache(Arc::new(Mutex::new(Kept {
            target: target.max(1),
            files: HashMap::new(),
        })))
    }

    fn lock(&self) -> MutexGuard<'_, Kept> {
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl Default for ChunkCache {
    /// Chunks of about 64 KiB: one takes about a millisecond to parse.
    fn default() -> Self {
        ChunkCache::new(64 << 10)
    }
}

impl std::fmt::Debug for ChunkCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let kept = self.lock();
        f.debug_struct("ChunkCache")
            .field("target", &kept.target)
            .field("files", &kept.files.len())
            .finish()
    }
}

/// One chunk kept: the text it was parsed from and where, the state it started from, and
/// what it read.
pub(crate) struct KeptChunk {
    state: u64,
    text: Text,
    range: Range<usize>,
    last: bool,
    pub(crate) chunk: Chunk,
}

/// A chunk of this load, kept or just parsed, and how far its text moved since it was parsed.
pub(crate) struct Used {
    pub(crate) kept: Arc<KeptChunk>,
    pub(crate) by: i64,
}

fn hash(t: impl Hash) -> u64 {
    let mut h = FxHasher::default();
    t.hash(&mut h);
    h.finish()
}

/// What a worker's reading depends on besides its text: the parser state and the commodities
/// known when the chunks start, and the options.
fn state_key(ld: &Reader) -> u64 {
    let commodities: Vec<_> = ld.low.j.commodities.iter().collect();
    hash(format!(
        "{:?}|{commodities:?}|{:?}|{}|{}",
        ld.low.state, ld.low.j.commodity_info, ld.opts.today, ld.opts.auto
    ))
}

/// Chunk boundaries in `start..len`, each at a transaction line: one where the chunk since the
/// last boundary has `target / 2` bytes and the line's hash is 0 modulo 16, or `4 * target`
/// bytes whatever the hash.
fn stable_cuts(text: &str, start: usize, target: usize) -> Vec<usize> {
    let b = text.as_bytes();
    let (min, max) = (target / 2, target * 4);
    let mut cuts = vec![start];
    let mut last = start;
    for nl in memchr::memchr_iter(b'\n', &b[start..]) {
        let i = start + nl + 1;
        if i >= b.len() || !b[i].is_ascii_digit() || i - last < min {
            continue;
        }
        let end = memchr::memchr(b'\n', &b[i..]).map_or(b.len(), |k| i + k);
        if (hash(&b[i..end]) >> 40).is_multiple_of(16) || i - last >= max {
            cuts.push(i);
            last = i;
        }
    }
    cuts.push(b.len());
    cuts
}

/// A cheap fingerprint of a chunk's text, to find candidates (compared in full after).
fn edges(t: &str) -> (usize, u64) {
    let b = t.as_bytes();
    let n = b.len().min(64);
    (b.len(), hash((&b[..n], &b[b.len() - n..])))
}

/// The chunks of source `id` from `body` on: kept ones where the text allows, the others
/// parsed (in parallel).
pub(crate) fn chunks(
    ld: &Reader,
    id: SourceId,
    text: &Text,
    body: usize,
    cache: &ChunkCache,
) -> Vec<Used> {
    let path = ld.low.j.sources.get(id).path.clone();
    let state = state_key(ld);
    let (target, old) = {
        let kept = cache.lock();
        let old = kept.files.get(&path).cloned().unwrap_or_default();
        (kept.target, old)
    };
    let mut index: HashMap<(usize, u64), Vec<&Arc<KeptChunk>>> = HashMap::new();
    for k in old.iter().filter(|k| k.state == state) {
        index
            .entry(edges(&k.text[k.range.clone()]))
            .or_default()
            .push(k);
    }
    let cuts = stable_cuts(text, body, target);
    let ranges: Vec<Range<usize>> = cuts.windows(2).map(|w| w[0]..w[1]).collect();
    let found: Vec<Option<Arc<KeptChunk>>> = ranges
        .iter()
        .map(|r| {
            let t = &text[r.clone()];
            let last = r.end == text.len();
            index
                .get(&edges(t))?
                .iter()
                .find(|k| k.last == last && &k.text[k.range.clone()] == t)
                .map(|k| Arc::clone(k))
        })
        .collect();
    let fresh: Vec<Option<Chunk>> = ranges
        .par_iter()
        .zip(&found)
        .map(|(r, f)| {
            f.is_none()
                .then(|| Chunk::parse(ld.worker(), id, r.start, r.end))
        })
        .collect();
    ranges
        .into_iter()
        .zip(found.into_iter().zip(fresh))
        .map(|(range, kept)| match kept {
            (Some(k), _) => Used {
                by: range.start as i64 - k.range.start as i64,
                kept: k,
            },
            (None, fresh) => {
                let chunk =
                    fresh.unwrap_or_else(|| Chunk::parse(ld.worker(), id, range.start, range.end));
                Used {
                    by: 0,
                    kept: Arc::new(KeptChunk {
                        state,
                        text: text.clone(),
                        last: range.end == text.len(),
                        range,
                        chunk,
                    }),
                }
            }
        })
        .collect()
}

/// Keeps the chunks of this load of source `id` for the next (and drops the others).
pub(crate) fn keep(cache: &ChunkCache, ld: &Reader, id: SourceId, chunks: Vec<Used>) {
    let path = ld.low.j.sources.get(id).path.clone();
    let kept = chunks.into_iter().map(|u| u.kept).collect();
    cache.lock().files.insert(path, kept);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_edit_moves_no_boundary_far_from_it() {
        let mut text = String::new();
        for i in 0..2000 {
            text.push_str(&format!("2026-01-01 t{i}\n  a  {i} USD\n  b\n"));
        }
        let cuts = stable_cuts(&text, 0, 1024);
        assert!(cuts.len() > 20, "{}", cuts.len());
        for c in &cuts[1..cuts.len() - 1] {
            assert!(text.as_bytes()[*c].is_ascii_digit());
        }
        // Lengthen one transaction in the middle: the cuts after the next one move by as many
        // bytes, the cuts before it stay.
        let at = text.find("2026-01-01 t1000\n").unwrap();
        let mut edited = text.clone();
        edited.insert_str(at + 16, " and more");
        let after = stable_cuts(&edited, 0, 1024);
        let before: Vec<usize> = cuts.iter().filter(|&&c| c <= at).copied().collect();
        assert_eq!(&after[..before.len()], &before[..]);
        let later: Vec<usize> = cuts
            .iter()
            .filter(|&&c| c > at + 4096)
            .map(|c| c + 9)
            .collect();
        assert!(later.iter().all(|c| after.contains(c)), "no resync");
    }

    /// After an edit in the middle of a file, the chunks before and after it are the kept
    /// ones, not parsed again.
    #[test]
    fn unchanged_chunks_are_not_parsed_again() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.journal");
        let text: String = (0..3000)
            .map(|i| format!("2026-01-01 t{i}\n  a  {i} USD\n  b\n"))
            .collect();
        let cache = ChunkCache::new(2048);
        let opts = crate::LoadOptions {
            parallel_min: 0,
            reuse: Some(cache.clone()),
            ..crate::LoadOptions::at(chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap())
        };
        let kept = |cache: &ChunkCache| cache.lock().files.values().next().cloned().unwrap();
        std::fs::write(&path, &text).unwrap();
        crate::load(&[crate::Input::Path(path.clone())], &opts);
        let first = kept(&cache);
        std::fs::write(&path, text.replacen("a  1500 USD", "a  1500.25 USD", 1)).unwrap();
        crate::load(&[crate::Input::Path(path.clone())], &opts);
        let second = kept(&cache);
        let reused = second
            .iter()
            .filter(|k| first.iter().any(|f| Arc::ptr_eq(f, k)))
            .count();
        assert!(second.len() > 20);
        assert!(reused + 2 >= second.len(), "{reused} of {}", second.len());
    }
}
