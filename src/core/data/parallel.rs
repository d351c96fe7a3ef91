//! Order-preserving parallel map over a slice, on scoped threads (one per core, at most 8).
//! Used where pure per-file work (reading, parsing, converting) dominates a bulk command.

/// The number of worker threads: the cores this process may use, at most 8.
pub fn threads() -> usize {
    std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .clamp(1, 8)
}

/// `items.iter().map(f).collect()`, computed on [`threads`] threads, in the order of `items`.
/// The threads take small blocks of items in turn rather than a fixed share each, so a thread
/// that the system slows (the app drawing a frame on one of two cores) does not leave the
/// others idle at the end. A panic in `f` is resumed on the calling thread, never swallowed.
pub fn map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    use std::sync::atomic::{AtomicUsize, Ordering};
    let workers = threads().min(items.len()).max(1);
    if workers == 1 {
        return items.iter().map(f).collect();
    }
    // About 16 blocks per thread: few enough that taking one costs nothing against its work,
    // enough that the threads finish within a block of each other.
    let block = items.len().div_ceil(workers * 16).max(1);
    let blocks: Vec<&[T]> = items.chunks(block).collect();
    let next = AtomicUsize::new(0);
    let (f, blocks, next) = (&f, &blocks, &next);
    let mut done: Vec<(usize, Vec<R>)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                scope.spawn(move || {
                    let mut mine = Vec::new();
                    loop {
                        let b = next.fetch_add(1, Ordering::Relaxed);
                        let Some(part) = blocks.get(b) else { break };
                        mine.push((b, part.iter().map(f).collect::<Vec<R>>()));
                    }
                    mine
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
            .collect()
    });
    done.sort_unstable_by_key(|(b, _)| *b);
    done.into_iter().flat_map(|(_, part)| part).collect()
}

/// Marks the calling thread as background work that yields to what the user waits for: on
/// Linux it joins the SCHED_IDLE class (and its nice value becomes 19, for a system that refuses
/// the class), which any ordinary thread preempts at once when it wakes, so drawing a frame and
/// the Dashboard's computation never wait behind it. Both are per thread there, and the threads
/// it starts inherit them. Elsewhere, and when the system refuses, the priority stays as it was:
/// the work is then only slower to give way, never wrong.
pub fn yield_to_foreground() {
    set_nice(19);
    #[cfg(target_os = "linux")]
    // SAFETY: sched_setscheduler reads the parameter it is given, which lives across the call;
    // a failure leaves the class unchanged.
    unsafe {
        let param = libc::sched_param { sched_priority: 0 };
        libc::sched_setscheduler(0, libc::SCHED_IDLE, &param);
    }
}

/// Marks the calling thread as work the user waits for that must still not hold up drawing
/// (the Dashboard's numbers): on Linux its nice value becomes 5, so a frame that wakes preempts
/// it while it still runs before any [`yield_to_foreground`] work. Threads it starts inherit it;
/// elsewhere, and when the system refuses, nothing changes.
pub fn yield_to_drawing() {
    set_nice(5);
}

/// Sets the calling thread's nice value on Linux (per thread there); nothing elsewhere, and a
/// refusal leaves it unchanged.
fn set_nice(nice: i32) {
    #[cfg(target_os = "linux")]
    // SAFETY: gettid and setpriority take no pointers; a failure leaves the priority unchanged.
    unsafe {
        let tid = libc::gettid();
        libc::setpriority(libc::PRIO_PROCESS, tid as libc::id_t, nice);
    }
    #[cfg(not(target_os = "linux"))]
    let _ = nice;
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_order_of_the_input_is_kept() {
        let items: Vec<usize> = (0..1000).collect();
        assert_eq!(
            super::map(&items, |i| i * 2),
            (0..1000).map(|i| i * 2).collect::<Vec<_>>()
        );
        assert!(super::map(&[] as &[u8], |b| *b).is_empty());
        // Uneven work: the order holds whichever thread finishes first.
        let slow = |i: &usize| {
            if i.is_multiple_of(97) {
                std::thread::sleep(std::time::Duration::from_millis(2));
            }
            i + 1
        };
        assert_eq!(super::map(&items, slow), (1..=1000).collect::<Vec<_>>());
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn a_background_thread_is_niced_and_its_spawner_is_not() {
        // Reads the nice value of a thread from /proc (field 19 of its stat line).
        fn nice_of(tid: i32) -> i64 {
            let stat = std::fs::read_to_string(format!("/proc/self/task/{tid}/stat")).unwrap();
            let after = &stat[stat.rfind(')').unwrap() + 2..];
            after.split(' ').nth(16).unwrap().parse().unwrap()
        }
        let me = unsafe { libc::gettid() };
        let before = nice_of(me);
        // SAFETY: sched_getscheduler takes no pointer; 0 is the calling thread.
        let class = || unsafe { libc::sched_getscheduler(0) };
        let class_before = class();
        let (inner, outer) = std::thread::spawn(move || {
            super::yield_to_foreground();
            let outer = (nice_of(unsafe { libc::gettid() }), class());
            let inner = std::thread::spawn(move || (nice_of(unsafe { libc::gettid() }), class()))
                .join()
                .unwrap();
            (inner, outer)
        })
        .join()
        .unwrap();
        assert_eq!(outer, (19, libc::SCHED_IDLE));
        assert_eq!(
            inner,
            (19, libc::SCHED_IDLE),
            "threads the background thread starts inherit its priority"
        );
        assert_eq!(
            (nice_of(me), class()),
            (before, class_before),
            "the calling thread's priority is its own"
        );
        // The Dashboard's: below drawing, above the background, still an ordinary thread.
        let drawing = std::thread::spawn(move || {
            super::yield_to_drawing();
            (nice_of(unsafe { libc::gettid() }), class())
        })
        .join()
        .unwrap();
        assert_eq!(drawing, (5, libc::SCHED_OTHER));
    }
}
