//! A counting global allocator: live bytes, their peak, and how much was
//! allocated in total, so each stage's memory can be measured without
//! external tools. It wraps the real allocator (mimalloc or the system's); the bookkeeping is a few
//! relaxed atomic operations per call, which cost little on one thread but
//! a lot when several threads allocate at once (the counters' cache line
//! bounces between cores). Timed runs therefore switch counting off
//! ([`stop_counting`]) and memory is measured in a separate run.

use std::alloc::{GlobalAlloc, Layout};
use std::sync::atomic::{AtomicBool, AtomicU8, AtomicU64, AtomicUsize, Ordering::Relaxed};

/// The allocator underneath: mimalloc, as the `switchboard-codegen` binary
/// uses, or the system allocator, which a build script calling the library
/// gets unless it picks another. The system allocator is chosen with the
/// `system-alloc` feature, or at run time by the environment variable
/// [`ALLOCATOR_VAR`] set to `system` (how `side-by-side` measures the library
/// with glibc's allocator from the same binary). The choice is made once, at
/// the process's first allocation, and never changes, so every block is freed
/// by the allocator that made it.
static MIMALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;
static SYSTEM: std::alloc::System = std::alloc::System;

/// `SWITCHBOARD_BENCH_ALLOCATOR=system`: the system allocator underneath
/// (a C string: it is read with `getenv` inside the first allocation).
const ALLOCATOR_VAR_C: &std::ffi::CStr = c"SWITCHBOARD_BENCH_ALLOCATOR";

/// The same name, for setting it on a child process.
pub const ALLOCATOR_VAR: &str = match ALLOCATOR_VAR_C.to_str() {
    Ok(name) => name,
    Err(_) => panic!("the variable's name is ASCII"),
};

/// 0: not chosen yet; 1: mimalloc; 2: system.
static CHOICE: AtomicU8 = AtomicU8::new(0);

/// Whether the system allocator is underneath.
pub fn system() -> bool {
    match CHOICE.load(Relaxed) {
        1 => false,
        2 => true,
        _ => {
            // getenv neither allocates nor needs Rust's runtime, so it can run
            // inside the first allocation. Threads racing here read the same
            // environment and store the same answer.
            // SAFETY: the name is a NUL-terminated literal; the result is only
            // read as a C string while the environment is unchanged (nothing
            // in this crate sets variables).
            let system = cfg!(feature = "system-alloc")
                || unsafe {
                    let value = libc::getenv(ALLOCATOR_VAR_C.as_ptr());
                    !value.is_null() && std::ffi::CStr::from_ptr(value).to_bytes() == b"system"
                };
            CHOICE.store(if system { 2 } else { 1 }, Relaxed);
            system
        }
    }
}

/// The name of the allocator underneath, for the report.
pub fn inner_name() -> &'static str {
    if system() { "system (glibc)" } else { "mimalloc" }
}

/// The allocator underneath, counted.
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
        let ptr = unsafe {
            if system() {
                SYSTEM.alloc(layout)
            } else {
                MIMALLOC.alloc(layout)
            }
        };
        if !ptr.is_null() {
            count_allocation();
            grow(layout.size());
        }
        ptr
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller's contract is passed on to the inner allocator.
        let ptr = unsafe {
            if system() {
                SYSTEM.alloc_zeroed(layout)
            } else {
                MIMALLOC.alloc_zeroed(layout)
            }
        };
        if !ptr.is_null() {
            count_allocation();
            grow(layout.size());
        }
        ptr
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: the caller's contract is passed on to the inner allocator.
        unsafe {
            if system() {
                SYSTEM.dealloc(ptr, layout)
            } else {
                MIMALLOC.dealloc(ptr, layout)
            }
        };
        shrink(layout.size());
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: the caller's contract is passed on to the inner allocator.
        let new = unsafe {
            if system() {
                SYSTEM.realloc(ptr, layout, new_size)
            } else {
                MIMALLOC.realloc(ptr, layout, new_size)
            }
        };
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
