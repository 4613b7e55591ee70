//! A seeded random generator for the crash tests of billing-core and bdesk, which kill a
//! process after a random delay: both test suites depend on this crate, so it lives here.
//!
//! The seed comes from `CRASH_SEED`, else from the clock, and is printed on standard error
//! with the test's name. To replay a failing run's delays, rerun the test with
//! `CRASH_SEED=<the printed seed>`.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// A small deterministic generator (SplitMix64), so a failing run can be replayed by seed.
/// Not for anything but test timing: it is neither cryptographic nor statistically strong.
#[derive(Debug, Clone)]
pub struct CrashRng(u64);

impl CrashRng {
    /// Seeded from `CRASH_SEED`, else from the clock; the seed is printed either way, with
    /// the line to rerun `test` with it.
    pub fn from_env(test: &str) -> CrashRng {
        let seed = std::env::var("CRASH_SEED")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| {
                // The low 64 bits of the nanoseconds differ from run to run, which is all a
                // seed needs.
                SystemTime::now()
                    .duration_since(UNIX_EPOCH)
                    .map_or(1, |d| d.as_nanos() as u64)
            });
        eprintln!("{test}: seed {seed} (rerun with CRASH_SEED={seed})");
        CrashRng::with_seed(seed)
    }

    /// The generator for `seed`, printing nothing.
    pub fn with_seed(seed: u64) -> CrashRng {
        CrashRng(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A delay in `0..max`, in whole microseconds (`0` when `max` is under one).
    pub fn delay(&mut self, max: Duration) -> Duration {
        // Past u64::MAX microseconds (half a million years) the bound saturates.
        let micros = u64::try_from(max.as_micros()).unwrap_or(u64::MAX).max(1);
        Duration::from_micros(self.next_u64() % micros)
    }

    /// A delay around a run of `typical` length: from a quarter of it to a tenth beyond, so
    /// most kills land in the run's second half, where the file is written, and a few runs
    /// finish.
    pub fn kill_delay(&mut self, typical: Duration) -> Duration {
        typical / 4 + self.delay(typical * 17 / 20)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sequence_is_splitmix64() {
        // The reference outputs of SplitMix64 for seed 0.
        let mut rng = CrashRng::with_seed(0);
        assert_eq!(rng.next_u64(), 0xE220_A839_7B1D_CDAF);
        assert_eq!(rng.next_u64(), 0x6E78_9E6A_A1B9_65F4);
        assert_eq!(rng.next_u64(), 0x06C4_5D18_8009_454F);
    }

    #[test]
    fn the_same_seed_replays_the_same_delays() {
        let max = Duration::from_millis(250);
        let mut a = CrashRng::with_seed(42);
        let mut b = CrashRng::with_seed(42);
        for _ in 0..100 {
            let delay = a.delay(max);
            assert_eq!(delay, b.delay(max));
            assert!(delay < max, "{delay:?}");
        }
    }

    #[test]
    fn kill_delays_stay_between_a_quarter_and_a_tenth_beyond() {
        let typical = Duration::from_millis(400);
        let mut rng = CrashRng::with_seed(7);
        for _ in 0..100 {
            let delay = rng.kill_delay(typical);
            assert!(
                delay >= typical / 4 && delay < typical * 11 / 10,
                "{delay:?}"
            );
        }
    }

    #[test]
    fn a_zero_bound_gives_a_zero_delay() {
        assert_eq!(CrashRng::with_seed(1).delay(Duration::ZERO), Duration::ZERO);
    }
}
