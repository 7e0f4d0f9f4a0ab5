//! A counting global allocator: live bytes, their peak, and how much was
//! allocated in total, so each stage's memory can be measured without
//! external tools. It wraps the real allocator (`INNER`); the bookkeeping is a few
//! relaxed atomic operations per call, which cost little on one thread but
//! a lot when several threads allocate at once (the counters' cache line
//! bounces between cores). Timed runs therefore switch counting off
//! ([`stop_counting`]) and memory is measured in a separate run.

use std::alloc::{GlobalAlloc, Layout};

/// The allocator underneath: mimalloc, as the `switchboard-codegen` binary
/// uses, or with the `system-alloc` feature the system allocator, which a
/// build script calling the library gets unless it picks another.
#[cfg(not(feature = "system-alloc"))]
static INNER: mimalloc::MiMalloc = mimalloc::MiMalloc;
#[cfg(feature = "system-alloc")]
static INNER: std::alloc::System = std::alloc::System;

/// The name of the allocator underneath, for the report.
pub const INNER_NAME: &str = if cfg!(feature = "system-alloc") {
    "system (glibc)"
} else {
    "mimalloc"
};
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering::Relaxed};

/// The system allocator, counted.
pub struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);
static ALLOCATIONS: AtomicU64 = AtomicU64::new(0);
static ALLOCATED: AtomicU64 = AtomicU64::new(0);
static COUNTING: AtomicBool = AtomicBool::new(true);

/// Stops counting for the rest of the process (the counters are then
/// meaningless).
pub fn stop_counting() {
    COUNTING.store(false, Relaxed);
}

fn counting() -> bool {
    COUNTING.load(Relaxed)
}

fn grow(bytes: usize) {
    if !counting() {
        return;
    }
    let live = LIVE.fetch_add(bytes, Relaxed) + bytes;
    PEAK.fetch_max(live, Relaxed);
    ALLOCATED.fetch_add(bytes as u64, Relaxed);
}

fn count_allocation() {
    if counting() {
        ALLOCATIONS.fetch_add(1, Relaxed);
    }
}

fn shrink(bytes: usize) {
    if !counting() {
        return;
    }
    LIVE.fetch_sub(bytes, Relaxed);
}

// SAFETY: every call is forwarded unchanged to the inner allocator; only counters are
// updated besides.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller's contract is passed on to the inner allocator.
        let ptr = unsafe { INNER.alloc(layout) };
        if !ptr.is_null() {
            count_allocation();
            grow(layout.size());
        }
        ptr
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller's contract is passed on to the inner allocator.
        let ptr = unsafe { INNER.alloc_zeroed(layout) };
        if !ptr.is_null() {
            count_allocation();
            grow(layout.size());
        }
        ptr
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: the caller's contract is passed on to the inner allocator.
        unsafe { INNER.dealloc(ptr, layout) };
        shrink(layout.size());
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: the caller's contract is passed on to the inner allocator.
        let new = unsafe { INNER.realloc(ptr, layout, new_size) };
        if !new.is_null() {
            count_allocation();
            if new_size >= layout.size() {
                grow(new_size - layout.size());
            } else {
                shrink(layout.size() - new_size);
            }
        }
        new
    }
}

/// A reading of the counters.
#[derive(Debug, Clone, Copy)]
pub struct Snapshot {
    /// Bytes live now.
    pub live: usize,
    /// The most bytes live at once since the last [`reset_peak`].
    pub peak: usize,
    /// Allocation calls so far (reallocations included).
    pub allocations: u64,
    /// Bytes requested so far.
    pub allocated: u64,
}

/// Reads the counters.
pub fn snapshot() -> Snapshot {
    Snapshot {
        live: LIVE.load(Relaxed),
        peak: PEAK.load(Relaxed),
        allocations: ALLOCATIONS.load(Relaxed),
        allocated: ALLOCATED.load(Relaxed),
    }
}

/// Starts a new peak at the bytes live now.
pub fn reset_peak() {
    PEAK.store(LIVE.load(Relaxed), Relaxed);
}
