//! Gathering and scattering the rows of a weight table: the loops a training spends most of
//! its time in, unrolled and prefetched.

/// How many rows ahead a chain's gathering asks the processor to fetch: the rows are scattered
/// over a table larger than the caches, and most of a training's time was waiting for them.
pub(super) const PREFETCH_AHEAD: usize = 8;

/// Asks the processor to bring the cache line of `at[0]` closer (a hint; nothing on other
/// architectures).
#[inline(always)]
pub(super) fn prefetch(at: &[f32]) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: a prefetch is a hint that never faults, and the pointer is of a live slice.
    unsafe {
        std::arch::x86_64::_mm_prefetch::<{ std::arch::x86_64::_MM_HINT_T0 }>(
            at.as_ptr() as *const i8
        );
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = at;
}

/// Adds the rows `idx` of `table` (rows of `k`) to `out`; unrolled for the usual widths (one to
/// four layers), which the loops of a training spend most of their time in.
#[inline]
pub(super) fn gather_sum(k: usize, out: &mut [f32], table: &[f32], idx: &[u32]) {
    fn fixed<const K: usize>(out: &mut [f32], table: &[f32], idx: &[u32]) {
        let out: &mut [f32; K] = out.try_into().expect("a row of K");
        for &j in idx {
            let row: &[f32; K] = table[j as usize * K..(j as usize + 1) * K]
                .try_into()
                .expect("a row of K");
            for t in 0..K {
                out[t] += row[t];
            }
        }
    }
    match k {
        3 => fixed::<3>(out, table, idx),
        6 => fixed::<6>(out, table, idx),
        9 => fixed::<9>(out, table, idx),
        12 => fixed::<12>(out, table, idx),
        _ => {
            for &j in idx {
                let row = &table[j as usize * k..(j as usize + 1) * k];
                out.iter_mut().zip(row).for_each(|(o, w)| *o += w);
            }
        }
    }
}

/// Adds `g` (a row of `k`) to the rows `idx` of `table`; unrolled as [`gather_sum`].
#[inline]
pub(super) fn scatter_add(k: usize, table: &mut [f32], g: &[f32], idx: &[u32]) {
    fn fixed<const K: usize>(table: &mut [f32], g: &[f32], idx: &[u32]) {
        let g: &[f32; K] = g.try_into().expect("a row of K");
        for &j in idx {
            let row: &mut [f32; K] = (&mut table[j as usize * K..(j as usize + 1) * K])
                .try_into()
                .expect("a row of K");
            for t in 0..K {
                row[t] += g[t];
            }
        }
    }
    match k {
        3 => fixed::<3>(table, g, idx),
        6 => fixed::<6>(table, g, idx),
        9 => fixed::<9>(table, g, idx),
        12 => fixed::<12>(table, g, idx),
        _ => {
            for &j in idx {
                let row = &mut table[j as usize * k..(j as usize + 1) * k];
                row.iter_mut().zip(g).for_each(|(v, x)| *v += x);
            }
        }
    }
}
