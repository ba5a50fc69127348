//! Seeded random draws for simulating customers from a fitted model.
//!
//! [`SeededRng`] is xoshiro256++ seeded through SplitMix64: the same seed gives the
//! same draws on every platform and in every build (parallel or not), because each
//! simulated customer gets its own stream ([`SeededRng::stream`]). The samplers
//! (gamma, beta, Poisson, geometric) are the textbook exact methods, written here
//! so the draws do not change with a dependency's version.

use super::special::ln_gamma;

/// A small, fast, seeded random number generator (xoshiro256++).
///
/// ```
/// use relmap::value::SeededRng;
/// let mut a = SeededRng::new(42);
/// let mut b = SeededRng::new(42);
/// assert_eq!(a.uniform(), b.uniform());
/// let u = SeededRng::stream(42, 7).uniform();
/// assert!(u > 0.0 && u < 1.0);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeededRng {
    s: [u64; 4],
}

/// One SplitMix64 step: advances `state` and returns a well-mixed word.
fn splitmix64(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

impl SeededRng {
    /// A generator seeded with `seed`.
    pub fn new(seed: u64) -> SeededRng {
        let mut state = seed;
        let s = [splitmix64(&mut state), splitmix64(&mut state), splitmix64(&mut state), splitmix64(&mut state)];
        SeededRng { s }
    }

    /// The generator of stream `index` under `seed`: independent-looking streams for
    /// each simulated customer, so results do not depend on the order of the work.
    pub fn stream(seed: u64, index: u64) -> SeededRng {
        let mut state = seed;
        let mixed = splitmix64(&mut state) ^ index.wrapping_mul(0xd1b5_4a32_d192_ed03);
        SeededRng::new(mixed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        let s = &mut self.s;
        let result = s[0].wrapping_add(s[3]).rotate_left(23).wrapping_add(s[0]);
        let t = s[1] << 17;
        s[2] ^= s[0];
        s[3] ^= s[1];
        s[1] ^= s[2];
        s[0] ^= s[3];
        s[2] ^= t;
        s[3] = s[3].rotate_left(45);
        result
    }

    /// A uniform draw in the open interval (0, 1).
    pub fn uniform(&mut self) -> f64 {
        // 53 random bits, shifted half a step off zero.
        ((self.next_u64() >> 11) as f64 + 0.5) * (1.0 / (1u64 << 53) as f64)
    }

    /// A standard normal draw (Marsaglia's polar method).
    pub fn normal(&mut self) -> f64 {
        loop {
            let u = 2.0 * self.uniform() - 1.0;
            let v = 2.0 * self.uniform() - 1.0;
            let s = u * u + v * v;
            if s > 0.0 && s < 1.0 {
                return u * (-2.0 * s.ln() / s).sqrt();
            }
        }
    }

    /// An exponential draw with rate 1.
    pub fn exponential(&mut self) -> f64 {
        -self.uniform().ln()
    }

    /// The logarithm of a Gamma(shape, 1) draw (Marsaglia & Tsang 2000; for shape < 1
    /// the draw for shape + 1 times U^(1/shape), kept in logs so tiny shapes do not underflow).
    pub fn ln_gamma_variate(&mut self, shape: f64) -> f64 {
        if shape < 1.0 {
            let ln_u = self.uniform().ln();
            return self.ln_gamma_variate(shape + 1.0) + ln_u / shape;
        }
        let d = shape - 1.0 / 3.0;
        let c = 1.0 / (9.0 * d).sqrt();
        loop {
            let x = self.normal();
            let v = 1.0 + c * x;
            if v <= 0.0 {
                continue;
            }
            let v = v * v * v;
            let u = self.uniform();
            if u.ln() < 0.5 * x * x + d - d * v + d * v.ln() {
                return d.ln() + v.ln();
            }
        }
    }

    /// A Gamma(shape, rate) draw (mean shape / rate).
    pub fn gamma(&mut self, shape: f64, rate: f64) -> f64 {
        self.ln_gamma_variate(shape).exp() / rate
    }

    /// A Beta(a, b) draw, from two gamma draws in logs.
    pub fn beta(&mut self, a: f64, b: f64) -> f64 {
        let (x, y) = (self.ln_gamma_variate(a), self.ln_gamma_variate(b));
        1.0 / (1.0 + (y - x).exp())
    }

    /// A Poisson(mean) draw: multiplication of uniforms below mean 10, Hörmann's
    /// transformed rejection (PTRS) above. Means beyond 2^52 return the mean; a NaN
    /// mean (a rate of ∞ times a time of 0) returns NaN rather than loop for ever.
    pub fn poisson(&mut self, mean: f64) -> f64 {
        if mean.is_nan() {
            return f64::NAN;
        }
        if mean <= 0.0 {
            return 0.0;
        }
        if mean < 10.0 {
            let limit = (-mean).exp();
            let (mut k, mut product) = (0.0, self.uniform());
            while product > limit {
                k += 1.0;
                product *= self.uniform();
            }
            return k;
        }
        if mean > 4.5e15 {
            return mean.round();
        }
        let (slam, loglam) = (mean.sqrt(), mean.ln());
        let b = 0.931 + 2.53 * slam;
        let a = -0.059 + 0.024_83 * b;
        let inv_alpha = 1.1239 + 1.1328 / (b - 3.4);
        let vr = 0.9277 - 3.6224 / (b - 2.0);
        loop {
            let u = self.uniform() - 0.5;
            let v = self.uniform();
            let us = 0.5 - u.abs();
            let k = ((2.0 * a / us + b) * u + mean + 0.43).floor();
            if us >= 0.07 && v <= vr {
                return k;
            }
            if k < 0.0 || (us < 0.013 && v > us) {
                continue;
            }
            if v.ln() + inv_alpha.ln() - (a / (us * us) + b).ln() <= -mean + k * loglam - ln_gamma(k + 1.0) {
                return k;
            }
        }
    }

    /// The number of trials up to and including the first success, success probability `p` in (0, 1].
    pub fn geometric(&mut self, p: f64) -> f64 {
        if p >= 1.0 {
            return 1.0;
        }
        1.0 + (self.uniform().ln() / (-p).ln_1p()).floor()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mean_var(xs: &[f64]) -> (f64, f64) {
        let n = xs.len() as f64;
        let m = xs.iter().sum::<f64>() / n;
        (m, xs.iter().map(|x| (x - m) * (x - m)).sum::<f64>() / (n - 1.0))
    }

    #[test]
    fn samplers_have_the_right_moments() {
        let mut rng = SeededRng::new(7);
        let n = 200_000;
        let close = |what: &str, got: f64, want: f64, tol: f64| {
            assert!((got - want).abs() <= tol * want.abs().max(1.0), "{what}: {got} vs {want}");
        };
        for shape in [0.24, 1.0, 3.7] {
            let xs: Vec<f64> = (0..n).map(|_| rng.gamma(shape, 2.0)).collect();
            let (m, v) = mean_var(&xs);
            close("gamma mean", m, shape / 2.0, 0.02);
            close("gamma var", v, shape / 4.0, 0.05);
        }
        let xs: Vec<f64> = (0..n).map(|_| rng.beta(0.79, 2.43)).collect();
        let (m, v) = mean_var(&xs);
        close("beta mean", m, 0.79 / 3.22, 0.02);
        close("beta var", v, 0.79 * 2.43 / (3.22 * 3.22 * 4.22), 0.05);
        for mean in [0.3, 4.0, 12.5, 400.0] {
            let xs: Vec<f64> = (0..n).map(|_| rng.poisson(mean)).collect();
            assert!(xs.iter().all(|x| *x >= 0.0 && x.fract() == 0.0));
            let (m, v) = mean_var(&xs);
            close("poisson mean", m, mean, 0.02);
            close("poisson var", v, mean, 0.05);
        }
        let xs: Vec<f64> = (0..n).map(|_| rng.geometric(0.25)).collect();
        let (m, _) = mean_var(&xs);
        close("geometric mean", m, 4.0, 0.02);
        assert_eq!(rng.geometric(1.0), 1.0);
        assert_eq!(rng.poisson(0.0), 0.0);
    }

    #[test]
    fn streams_are_reproducible_and_distinct() {
        let a: Vec<u64> = (0..4).map(|_| SeededRng::stream(1, 2).next_u64()).collect();
        assert!(a.windows(2).all(|w| w[0] == w[1]));
        assert_ne!(SeededRng::stream(1, 2).next_u64(), SeededRng::stream(1, 3).next_u64());
        assert_ne!(SeededRng::stream(1, 2).next_u64(), SeededRng::stream(2, 2).next_u64());
        // Tiny shapes stay finite in logs.
        let mut rng = SeededRng::new(3);
        let p = rng.beta(1e-4, 1e-4);
        assert!((0.0..=1.0).contains(&p));
    }
}
