use std::cell::{Cell, RefCell};
use std::sync::atomic::{AtomicUsize, Ordering};

use rustc_hash::FxHashMap;

/// The number of evictions so far. Each thread's accelerator is cleared when
/// it sees that this moved on since it was last used.
static EPOCH: AtomicUsize = AtomicUsize::new(0);

/// The start of the next block of IDs that a thread can take.
static ID: AtomicUsize = AtomicUsize::new(0);

/// How many IDs a thread takes from `ID` at once.
const BLOCK: usize = 1 << 12;

/// Maps from a tracked instance's ID and a call hash to the return hash.
type Accelerator = FxHashMap<(usize, u128), u128>;

thread_local! {
    /// The IDs this thread may still hand out: `next..end`.
    static IDS: Cell<(usize, usize)> = const { Cell::new((0, 0)) };

    /// This thread's accelerator and the eviction epoch it belongs to.
    static ACCELERATOR: RefCell<(usize, Accelerator)> =
        RefCell::new((0, FxHashMap::default()));
}

/// Generate a new accelerator ID, unique in the process.
///
/// IDs are taken from a global counter a block at a time, so that tracking a
/// value does not write to memory that other threads share.
pub fn id() -> usize {
    IDS.with(|ids| {
        let (next, end) = ids.get();
        if next < end {
            ids.set((next + 1, end));
            next
        } else {
            let start = ID.fetch_add(BLOCK, Ordering::Relaxed);
            ids.set((start + 1, start + BLOCK));
            start
        }
    })
}

/// Evict the accelerators.
///
/// Each thread clears its own accelerator the next time it uses it.
pub fn evict() {
    EPOCH.fetch_add(1, Ordering::Relaxed);
}

/// Return the hash of the result of a call on the tracked instance with the
/// given ID, computing it with `f` if this thread has not seen this call since
/// the last eviction.
///
/// A tracked instance wraps an immutable reference, so the result of a call
/// cannot change during its lifetime and IDs are never reused: the accelerator
/// of one thread holds the same values as any other's would. Keeping one per
/// thread means that validating a cached result takes no lock and writes no
/// memory shared with other threads.
pub fn get_or_insert(id: usize, call: u128, f: impl FnOnce() -> u128) -> u128 {
    let epoch = EPOCH.load(Ordering::Relaxed);
    let key = (id, call);
    let found = ACCELERATOR.with(|cell| {
        let mut acc = cell.borrow_mut();
        if acc.0 != epoch {
            acc.0 = epoch;
            acc.1.clear();
        }
        acc.1.get(&key).copied()
    });
    if let Some(hash) = found {
        return hash;
    }

    // Not borrowed while `f` runs: it may perform tracked calls itself.
    let hash = f();
    ACCELERATOR.with(|cell| {
        let mut acc = cell.borrow_mut();
        if acc.0 == epoch {
            acc.1.insert(key, hash);
        }
    });
    hash
}
