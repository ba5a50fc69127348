//! The sums behind the BG/BB likelihood and predictions, in log space.
//!
//! With B(·,·) the beta function and the customer's (x, t_x, n):
//! - the alive term A = B(α+x, β+n−x) B(γ, δ+n);
//! - the tail S(t_x) = Σ_{j=t_x}^{n−1} f(j), f(j) = B(α+x, β+j−x) B(γ+1, δ+j): the
//!   customer died before opportunity j+1, having been alive (and silent after t_x) until j;
//! - L = (A + S(t_x)) / (B(α, β) B(γ, δ)), the likelihood.
//!
//! Every term is held divided by B(α, β) B(γ, δ), as sums of ln Γ(z+h) − ln Γ(z)
//! ([`ln_gamma_ratio`]), so nothing cancels when a shape parameter is large (a fit
//! running along a ridge towards homogeneity).
//!
//! The tail is summed from j = n−1 downwards, where consecutive terms grow by
//! f(j)/f(j+1) = (α+β+j)/(β+j−x) · (γ+δ+1+j)/(δ+j), in a running scale that is moved
//! whenever the sum grows large (no overflow, no underflow, no logarithm per term).
//! One pass serves every t_x of a customer group with the same (x, n), and carries the
//! sums weighted by ∂ln f(j)/∂θ for the analytic gradient.

use super::special::{digamma, ln_gamma_ratio, log_add_exp};

/// Rescale the running sums when a term passes this.
const RESCALE_ABOVE: f64 = 1e280;

/// The four BG/BB parameters.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Shapes {
    pub alpha: f64,
    pub beta: f64,
    pub gamma: f64,
    pub delta: f64,
}

/// ln S(t_x) and, when asked, ∂ ln S / ∂(α, β, γ, δ); ln S = −∞ (and no gradient) when t_x = n.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Tail {
    pub ln: f64,
    pub grad: [f64; 4],
}

impl Shapes {
    /// ln [B(α+k, β+l) / B(α, β)].
    pub fn ln_p(&self, k: f64, l: f64) -> f64 {
        ln_gamma_ratio(self.alpha, k) + ln_gamma_ratio(self.beta, l) - ln_gamma_ratio(self.alpha + self.beta, k + l)
    }

    /// ln [B(γ+k, δ+l) / B(γ, δ)].
    pub fn ln_theta(&self, k: f64, l: f64) -> f64 {
        ln_gamma_ratio(self.gamma, k) + ln_gamma_ratio(self.delta, l) - ln_gamma_ratio(self.gamma + self.delta, k + l)
    }

    /// ∂(ln B(α, β) + ln B(γ, δ)) / ∂(α, β, γ, δ).
    pub fn ln_norm_grad(&self) -> [f64; 4] {
        let (ab, gd) = (digamma(self.alpha + self.beta), digamma(self.gamma + self.delta));
        [digamma(self.alpha) - ab, digamma(self.beta) - ab, digamma(self.gamma) - gd, digamma(self.delta) - gd]
    }

    /// ln A: alive through opportunity n+m with x transactions in n (normalized).
    pub fn ln_alive(&self, x: f64, n: f64, m: f64) -> f64 {
        self.ln_p(x, n - x) + self.ln_theta(0.0, n + m)
    }

    /// ∂ ln B(α+x, β+n−x) B(γ, δ+n) / ∂(α, β, γ, δ) (before normalization).
    pub fn ln_alive_grad(&self, x: f64, n: f64) -> [f64; 4] {
        let Shapes { alpha, beta, gamma, delta } = *self;
        let (ab, gd) = (digamma(alpha + beta + n), digamma(gamma + delta + n));
        [digamma(alpha + x) - ab, digamma(beta + n - x) - ab, digamma(gamma) - gd, digamma(delta + n) - gd]
    }

    /// ln L = ln((A + S(t_x)) / (B(α,β) B(γ,δ))) for one customer.
    pub fn ln_likelihood(&self, x: f64, tx: f64, n: f64) -> f64 {
        let tail = self.tails(x, n, &[tx], false)[0];
        log_add_exp(self.ln_alive(x, n, 0.0), tail.ln)
    }

    /// The tails S(t) (normalized) of a customer group with frequency `x` and `n`
    /// opportunities, for every t in `txs` (ascending, each in [x, n]), in the same order;
    /// the gradients are those of the tails before normalization.
    pub fn tails(&self, x: f64, n: f64, txs: &[f64], with_grad: bool) -> Vec<Tail> {
        let Shapes { alpha, beta, gamma, delta } = *self;
        let mut out = vec![Tail { ln: f64::NEG_INFINITY, grad: [0.0; 4] }; txs.len()];
        let Some(&lowest) = txs.first() else { return out };
        if lowest >= n {
            return out;
        }
        // Start at j = n−1 with term 1 (relative to f(n−1)).
        let mut j = n - 1.0;
        let ln_top = self.ln_p(x, j - x) + self.ln_theta(1.0, j);
        let mut ln_scale = ln_top;
        let mut term = 1.0f64;
        // ψ(α+β+j), ψ(β+j−x), ψ(γ+δ+1+j), ψ(δ+j), moved down with ψ(z−1) = ψ(z) − 1/(z−1).
        let mut psi = if with_grad {
            [digamma(alpha + beta + j), digamma(beta + j - x), digamma(gamma + delta + 1.0 + j), digamma(delta + j)]
        } else {
            [0.0; 4]
        };
        let (psi_ax, psi_g1) = if with_grad { (digamma(alpha + x), digamma(gamma + 1.0)) } else { (0.0, 0.0) };
        let mut sum = 0.0f64;
        let mut sums = [0.0f64; 4]; // Σ term · ψ_k
        let mut next = txs.len(); // rows with t ≥ j are recorded once j reaches t
        loop {
            sum += term;
            if with_grad {
                for k in 0..4 {
                    sums[k] += term * psi[k];
                }
            }
            while next > 0 && txs[next - 1] >= j {
                next -= 1;
                if txs[next] >= n {
                    continue;
                }
                let mut grad = [0.0; 4];
                if with_grad {
                    let mean = |k: usize| sums[k] / sum;
                    grad = [psi_ax - mean(0), mean(1) - mean(0), psi_g1 - mean(2), mean(3) - mean(2)];
                }
                out[next] = Tail { ln: ln_scale + sum.ln(), grad };
            }
            if next == 0 || j <= lowest {
                break;
            }
            // f(j−1)/f(j), then step down.
            let ratio = (alpha + beta + j - 1.0) / (beta + j - 1.0 - x) * (gamma + delta + j) / (delta + j - 1.0);
            if with_grad {
                psi[0] -= 1.0 / (alpha + beta + j - 1.0);
                psi[1] -= 1.0 / (beta + j - 1.0 - x);
                psi[2] -= 1.0 / (gamma + delta + j);
                psi[3] -= 1.0 / (delta + j - 1.0);
            }
            term *= ratio;
            j -= 1.0;
            if term > RESCALE_ABOVE {
                let s = 1.0 / term;
                sum *= s;
                sums.iter_mut().for_each(|v| *v *= s);
                ln_scale += term.ln();
                term = 1.0;
            }
        }
        out
    }

    /// ln Σ_{j=1}^{m} B(γ, δ+n+j)/B(γ, δ): the survival to each of the next m opportunities, summed.
    ///
    /// For long horizons, Σ_{j≥1} B(γ, D+j) = B(γ−1, D+1) gives the closed form
    /// Γ(γ)/(γ−1) · Γ(D+1)/Γ(γ+D) · [1 − Γ(D+m+1)Γ(γ+D)/(Γ(D+1)Γ(γ+D+m))] (D = δ+n),
    /// used where it keeps 12 digits; otherwise the terms are summed directly.
    pub fn ln_survival_sum(&self, n: f64, m: f64) -> f64 {
        let (gamma, d) = (self.gamma, self.delta + n);
        if m == 0.0 {
            return f64::NEG_INFINITY;
        }
        let ln_r = ln_gamma_ratio(d + 1.0, m) - ln_gamma_ratio(gamma + d, m);
        let magnitude = ln_gamma_ratio(d + 1.0, m).abs() + 1.0;
        if m > 64.0 && (gamma - 1.0).abs() > 1e-9 && magnitude * 1e-16 <= 1e-12 * ln_r.abs() {
            let one_minus_r = -ln_r.exp_m1();
            // Γ(γ) Γ(D+1)/Γ(γ+D) / B(γ, δ) = Γ(δ+n+1)/Γ(δ) · Γ(γ+δ)/Γ(γ+δ+n).
            let ln_head = ln_gamma_ratio(self.delta, n + 1.0) - ln_gamma_ratio(gamma + self.delta, n);
            return ln_head + (one_minus_r / (gamma - 1.0)).ln();
        }
        // Direct: B(γ, D+j) = B(γ, D) Π_{i<j} (D+i)/(γ+D+i).
        let mut term = 1.0f64;
        let mut sum = 0.0f64;
        let mut i = 0.0;
        while i < m {
            term *= (d + i) / (gamma + d + i);
            sum += term;
            i += 1.0;
        }
        self.ln_theta(0.0, n) + sum.ln()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::value::special::ln_beta;

    fn shapes() -> Shapes {
        Shapes { alpha: 1.204, beta: 0.750, gamma: 0.657, delta: 2.783 }
    }

    #[test]
    fn tails_match_a_direct_sum() {
        let s = shapes();
        let (x, n) = (2.0, 9.0);
        let txs = [2.0, 3.0, 6.0, 9.0];
        let got = s.tails(x, n, &txs, false);
        for (k, &tx) in txs.iter().enumerate() {
            let mut direct = 0.0;
            let mut j = tx;
            let norm = ln_beta(s.alpha, s.beta) + ln_beta(s.gamma, s.delta);
            while j < n {
                direct += (ln_beta(s.alpha + x, s.beta + j - x) + ln_beta(s.gamma + 1.0, s.delta + j) - norm).exp();
                j += 1.0;
            }
            if direct == 0.0 {
                assert_eq!(got[k].ln, f64::NEG_INFINITY);
            } else {
                assert!((got[k].ln - direct.ln()).abs() < 1e-13, "t_x {tx}: {} vs {}", got[k].ln, direct.ln());
            }
        }
    }

    #[test]
    fn tail_gradient_matches_central_differences() {
        let s = shapes();
        let (x, n, txs) = (1.0, 7.0, [1.0, 4.0]);
        let got = s.tails(x, n, &txs, true);
        let norm = s.ln_norm_grad();
        let h = 1e-6;
        for (k, norm_k) in norm.iter().enumerate() {
            let mut up = s;
            let mut down = s;
            let bump = |v: &mut Shapes, d: f64| match k {
                0 => v.alpha += d,
                1 => v.beta += d,
                2 => v.gamma += d,
                _ => v.delta += d,
            };
            bump(&mut up, h);
            bump(&mut down, -h);
            let (u, d) = (up.tails(x, n, &txs, false), down.tails(x, n, &txs, false));
            for r in 0..2 {
                let fd = (u[r].ln - d[r].ln) / (2.0 * h);
                // The tails are normalized, their gradients not.
                let analytic = got[r].grad[k] - norm_k;
                assert!((analytic - fd).abs() < 1e-7, "param {k} row {r}: {analytic} vs {fd}");
            }
        }
    }

    #[test]
    fn survival_sum_closed_form_and_direct_sum_agree() {
        for gamma in [0.657, 1.0 + 1e-3, 2.5] {
            let s = Shapes { gamma, ..shapes() };
            for (n, m) in [(0.0, 65.0), (6.0, 500.0), (30.0, 5000.0)] {
                let fast = s.ln_survival_sum(n, m);
                let (d, mut term, mut sum) = (s.delta + n, 1.0f64, 0.0f64);
                for i in 0..m as usize {
                    term *= (d + i as f64) / (gamma + d + i as f64);
                    sum += term;
                }
                let slow = ln_beta(gamma, d) - ln_beta(gamma, s.delta) + sum.ln();
                assert!((fast - slow).abs() < 1e-11, "γ {gamma} n {n} m {m}: {fast} vs {slow}");
            }
        }
    }
}
