//! Scales of the charts: linear maps, round tick steps and number labels.

/// A linear map from data values to pixels.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Linear {
    pub d0: f64,
    pub d1: f64,
    pub r0: f64,
    pub r1: f64,
}

impl Linear {
    pub fn at(&self, v: f64) -> f64 {
        let span = self.d1 - self.d0;
        if span == 0.0 {
            return self.r0;
        }
        self.r0 + (v - self.d0) / span * (self.r1 - self.r0)
    }
}

/// Tick values at a round step.
#[derive(Debug, Clone)]
pub(crate) struct Ticks {
    pub values: Vec<f64>,
    pub step: f64,
}

impl Ticks {
    /// Round ticks from 0 (or below `lo`) up to at least `hi`, at most about `max_ticks` of them:
    /// the domain of a value axis.
    pub fn covering(lo: f64, hi: f64, max_ticks: usize) -> Ticks {
        let (lo, hi) = if hi > lo { (lo, hi) } else { (lo, lo + 1.0) };
        let step = nice_step((hi - lo) / max_ticks.max(1) as f64);
        let first = (lo / step).floor();
        let last = (hi / step - 1e-9).ceil();
        let values = (0..=((last - first) as usize)).map(|k| clean((first + k as f64) * step)).collect();
        Ticks { values, step }
    }

    /// Round ticks inside [lo, hi] with at least `min_gap` px between them on `scale`.
    pub fn within(lo: f64, hi: f64, scale: &Linear, min_gap: f64) -> Ticks {
        let px_per_unit = (scale.r1 - scale.r0).abs() / (scale.d1 - scale.d0).abs().max(1e-12);
        let mut step = nice_step((min_gap / px_per_unit).max(1e-12));
        while step * px_per_unit < min_gap {
            step = nice_step(step * 1.01);
        }
        let first = (lo / step - 1e-9).ceil();
        let last = (hi / step + 1e-9).floor();
        let values = (0..=((last - first).max(0.0) as usize)).map(|k| clean((first + k as f64) * step)).collect();
        Ticks { values, step }
    }

    /// The last tick (the top of a value axis).
    pub fn max(&self) -> f64 {
        *self.values.last().unwrap_or(&1.0)
    }

    /// Decimals a label of this step needs.
    pub fn decimals(&self) -> usize {
        (-self.step.log10().floor()).max(0.0) as usize
    }

    /// The label of tick `v`.
    pub fn label(&self, v: f64) -> String {
        format_number(v, self.decimals())
    }
}

/// Rounds away the float noise of k·step (so 0.30000000000000004 prints as 0.3).
fn clean(v: f64) -> f64 {
    (v * 1e9).round() / 1e9
}

/// The smallest of 1, 2, 5 × 10^k at least `raw`.
pub(crate) fn nice_step(raw: f64) -> f64 {
    let raw = if raw.is_finite() && raw > 0.0 { raw } else { 1.0 };
    let mag = 10f64.powf(raw.log10().floor());
    for m in [1.0, 2.0, 5.0, 10.0] {
        if m * mag >= raw * (1.0 - 1e-12) {
            return m * mag;
        }
    }
    10.0 * mag
}

/// `v` with `decimals` decimals and thousands separators: `1,411`, `0.25`.
pub(crate) fn format_number(v: f64, decimals: usize) -> String {
    let text = format!("{:.*}", decimals, v.abs());
    let (int, frac) = text.split_once('.').map_or((text.as_str(), None), |(i, f)| (i, Some(f)));
    let mut grouped = String::new();
    for (k, c) in int.chars().enumerate() {
        if k > 0 && (int.len() - k) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    let negative = v < 0.0 && text.chars().any(|c| c.is_ascii_digit() && c != '0');
    let mut out = if negative { format!("−{grouped}") } else { grouped };
    if let Some(f) = frac {
        out.push('.');
        out.push_str(f);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nice_steps_and_ticks() {
        assert_eq!(nice_step(0.7), 1.0);
        assert_eq!(nice_step(1.2), 2.0);
        assert_eq!(nice_step(3.0), 5.0);
        assert_eq!(nice_step(7.0), 10.0);
        assert_eq!(nice_step(0.03), 0.05);
        let t = Ticks::covering(0.0, 6.36, 6);
        assert_eq!(t.values, [0.0, 2.0, 4.0, 6.0, 8.0]);
        let t = Ticks::covering(0.0, 0.9, 5);
        assert_eq!(t.values, [0.0, 0.2, 0.4, 0.6, 0.8, 1.0]);
        assert_eq!(t.label(0.6), "0.6");
        let scale = Linear { d0: 0.0, d1: 77.9, r0: 0.0, r1: 500.0 };
        let t = Ticks::within(0.0, 77.9, &scale, 40.0);
        assert_eq!(t.values, [0.0, 10.0, 20.0, 30.0, 40.0, 50.0, 60.0, 70.0]);
    }

    #[test]
    fn numbers_group_thousands() {
        assert_eq!(format_number(1411.0, 0), "1,411");
        assert_eq!(format_number(1234567.891, 2), "1,234,567.89");
        assert_eq!(format_number(0.25, 2), "0.25");
        assert_eq!(format_number(-1500.0, 0), "−1,500");
        assert_eq!(format_number(-0.0001, 2), "0.00");
    }
}
