//! Seeded simulation of the value models, for recovering known parameters.

pub use relmap::value::SeededRng as Rng;

/// BG/NBD (`first_dropout` false) or MBG/NBD (true) customers observed for `t[i]`: (x, t_x, T).
pub fn beta_geometric(
    rng: &mut Rng,
    (r, alpha, a, b): (f64, f64, f64, f64),
    first_dropout: bool,
    t: &[f64],
) -> [Vec<f64>; 3] {
    let (mut xs, mut txs) = (Vec::with_capacity(t.len()), Vec::with_capacity(t.len()));
    for &big_t in t {
        let lambda = rng.gamma(r, alpha);
        let p = rng.beta(a, b);
        let (mut x, mut tx, mut now) = (0.0, 0.0, 0.0);
        let mut alive = !(first_dropout && rng.uniform() < p);
        while alive {
            now += rng.exponential() / lambda;
            if now > big_t {
                break;
            }
            x += 1.0;
            tx = now;
            alive = rng.uniform() >= p;
        }
        xs.push(x);
        txs.push(tx);
    }
    [xs, txs, t.to_vec()]
}

/// BG/BB customers with `n[i]` opportunities: (x, t_x, n).
pub fn bg_bb(rng: &mut Rng, (alpha, beta, gamma, delta): (f64, f64, f64, f64), n: &[f64]) -> [Vec<f64>; 3] {
    let (mut xs, mut txs) = (Vec::with_capacity(n.len()), Vec::with_capacity(n.len()));
    for &opportunities in n {
        let p = rng.beta(alpha, beta);
        let theta = rng.beta(gamma, delta);
        let (mut x, mut tx) = (0.0, 0.0);
        for j in 1..=opportunities as usize {
            if rng.uniform() < theta {
                break;
            }
            if rng.uniform() < p {
                x += 1.0;
                tx = j as f64;
            }
        }
        xs.push(x);
        txs.push(tx);
    }
    [xs, txs, n.to_vec()]
}

/// sBG customers observed for `periods[i]` renewal decisions: (tenure, active).
pub fn renewals(rng: &mut Rng, (alpha, beta): (f64, f64), periods: &[f64]) -> (Vec<f64>, Vec<bool>) {
    let (mut tenure, mut active) = (Vec::new(), Vec::new());
    for &observed in periods {
        let theta = rng.beta(alpha, beta);
        let mut t = 1.0;
        // Lifetime T: leaves at the end of period t with probability θ.
        while t <= observed && rng.uniform() >= theta {
            t += 1.0;
        }
        if t <= observed {
            tenure.push(t);
            active.push(false);
        } else {
            tenure.push(observed);
            active.push(true);
        }
    }
    (tenure, active)
}

/// Standard errors of ln(parameters) from the observed information: the Hessian of the
/// log-likelihood `ll` in the log-parameters by central differences, inverted.
pub fn log_standard_errors(ll: impl Fn(&[f64]) -> f64, params: &[f64]) -> Vec<f64> {
    let k = params.len();
    let theta: Vec<f64> = params.iter().map(|v| v.ln()).collect();
    let f = |th: &[f64]| ll(&th.iter().map(|v| v.exp()).collect::<Vec<_>>());
    let h = 1e-4;
    let mut hess = vec![vec![0.0; k]; k];
    for i in 0..k {
        for j in 0..k {
            let at = |di: f64, dj: f64| {
                let mut p = theta.clone();
                p[i] += di;
                p[j] += dj;
                f(&p)
            };
            hess[i][j] = (at(h, h) - at(h, -h) - at(-h, h) + at(-h, -h)) / (4.0 * h * h);
        }
    }
    // Covariance = (−H)⁻¹ by Gauss–Jordan.
    let mut m: Vec<Vec<f64>> = hess.iter().map(|row| row.iter().map(|v| -v).collect()).collect();
    let mut inv: Vec<Vec<f64>> = (0..k).map(|i| (0..k).map(|j| f64::from(u8::from(i == j))).collect()).collect();
    for c in 0..k {
        let pivot = (c..k).max_by(|&a, &b| m[a][c].abs().total_cmp(&m[b][c].abs())).unwrap();
        m.swap(c, pivot);
        inv.swap(c, pivot);
        let d = m[c][c];
        for j in 0..k {
            m[c][j] /= d;
            inv[c][j] /= d;
        }
        for r in 0..k {
            if r != c {
                let factor = m[r][c];
                for j in 0..k {
                    m[r][j] -= factor * m[c][j];
                    inv[r][j] -= factor * inv[c][j];
                }
            }
        }
    }
    (0..k).map(|i| inv[i][i].sqrt()).collect()
}
