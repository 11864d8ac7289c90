//! Quantile estimates from histogram points (explicit and exponential), assuming values are
//! spread evenly inside each bucket, as Prometheus' `histogram_quantile` does. Points with
//! different bucket layouts merge without re-bucketing: each bucket becomes a segment of the
//! value axis, and the estimate walks the sum of all segments.

use std::cmp::Ordering;

/// One stored histogram point: an explicit one (`bounds` and `counts`) or an exponential one
/// (`scale`, zero bucket and offset buckets).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct HistogramPoint {
    pub series_id: u64,
    pub time_ns: u64,
    pub cumulative: bool,
    pub count: u64,
    pub sum: Option<f64>,
    pub min: Option<f64>,
    pub max: Option<f64>,
    pub layout: Layout,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Layout {
    Explicit {
        bounds: Vec<f64>,
        counts: Vec<u64>,
    },
    Exponential {
        scale: i32,
        zero_count: u64,
        zero_threshold: f64,
        positive_offset: i32,
        positive: Vec<u64>,
        negative_offset: i32,
        negative: Vec<u64>,
    },
}

impl Layout {
    fn counts(&self) -> impl Iterator<Item = u64> + '_ {
        let (a, b, c): (&[u64], Option<u64>, &[u64]) = match self {
            Self::Explicit { counts, .. } => (counts, None, &[]),
            Self::Exponential { zero_count, positive, negative, .. } => {
                (negative, Some(*zero_count), positive)
            }
        };
        a.iter().copied().chain(b).chain(c.iter().copied())
    }

    fn same_buckets(&self, other: &Self) -> bool {
        match (self, other) {
            (
                Self::Explicit { bounds: a, counts: ca },
                Self::Explicit { bounds: b, counts: cb },
            ) => a == b && ca.len() == cb.len(),
            (
                Self::Exponential {
                    scale: s1,
                    zero_threshold: z1,
                    positive_offset: p1,
                    positive: pc1,
                    negative_offset: n1,
                    negative: nc1,
                    ..
                },
                Self::Exponential {
                    scale: s2,
                    zero_threshold: z2,
                    positive_offset: p2,
                    positive: pc2,
                    negative_offset: n2,
                    negative: nc2,
                    ..
                },
            ) => {
                s1 == s2
                    && z1 == z2
                    && p1 == p2
                    && n1 == n2
                    && pc1.len() == pc2.len()
                    && nc1.len() == nc2.len()
            }
            _ => false,
        }
    }
}

fn sub_counts(a: &[u64], b: &[u64]) -> Vec<u64> {
    a.iter().zip(b).map(|(x, y)| x - y).collect()
}

impl HistogramPoint {
    /// The observations made between `prev` and `self` for a cumulative series, or `None`
    /// when the series was reset (or re-bucketed) in between and `self` stands on its own.
    pub(crate) fn increase_since(&self, prev: &Self) -> Option<Self> {
        let grew = self.count >= prev.count
            && self.layout.same_buckets(&prev.layout)
            && self.layout.counts().zip(prev.layout.counts()).all(|(a, b)| a >= b);
        if !grew {
            return None;
        }
        let layout = match (&self.layout, &prev.layout) {
            (Layout::Explicit { bounds, counts }, Layout::Explicit { counts: before, .. }) => {
                Layout::Explicit { bounds: bounds.clone(), counts: sub_counts(counts, before) }
            }
            (
                Layout::Exponential {
                    scale,
                    zero_count,
                    zero_threshold,
                    positive_offset,
                    positive,
                    negative_offset,
                    negative,
                },
                Layout::Exponential {
                    zero_count: zero_before,
                    positive: positive_before,
                    negative: negative_before,
                    ..
                },
            ) => Layout::Exponential {
                scale: *scale,
                zero_count: zero_count - zero_before,
                zero_threshold: *zero_threshold,
                positive_offset: *positive_offset,
                positive: sub_counts(positive, positive_before),
                negative_offset: *negative_offset,
                negative: sub_counts(negative, negative_before),
            },
            _ => return None,
        };
        Some(Self {
            count: self.count - prev.count,
            sum: self.sum.zip(prev.sum).map(|(a, b)| a - b),
            layout,
            // The cumulative min and max still bound the observations of the interval.
            ..self.clone()
        })
    }
}

/// A mass of `count` observations spread evenly over `[lo, hi]` (a point when equal).
#[derive(Debug, Clone, Copy)]
struct Segment {
    lo: f64,
    hi: f64,
    count: f64,
}

/// The merged distribution of any number of histogram points.
#[derive(Debug, Default)]
pub(crate) struct Distribution {
    segments: Vec<Segment>,
}

impl Distribution {
    pub(crate) fn add(&mut self, point: &HistogramPoint) {
        let mean = match (point.sum, point.count) {
            (Some(sum), count) if count > 0 => Some(sum / count as f64),
            _ => None,
        };
        let buckets: Vec<(f64, f64, u64)> = match &point.layout {
            Layout::Explicit { bounds, counts } => explicit_buckets(bounds, counts),
            Layout::Exponential {
                scale,
                zero_count,
                zero_threshold,
                positive_offset,
                positive,
                negative_offset,
                negative,
            } => exponential_buckets(
                *scale,
                (*zero_count, *zero_threshold),
                (*positive_offset, positive),
                (*negative_offset, negative),
            ),
        };
        for (lo, hi, count) in buckets {
            if count == 0 {
                continue;
            }
            if let Some((lo, hi)) = finite_bucket(lo, hi, point.min, point.max, mean) {
                self.segments.push(Segment { lo, hi, count: count as f64 });
            }
        }
    }

    /// The value below which a fraction `q` of the observations fall, or `None` when empty.
    pub(crate) fn quantile(&self, q: f64) -> Option<f64> {
        let total: f64 = self.segments.iter().map(|s| s.count).sum();
        if total <= 0.0 || !q.is_finite() {
            return None;
        }
        let rank = q.clamp(0.0, 1.0) * total;
        let mut points: Vec<f64> = self.segments.iter().flat_map(|s| [s.lo, s.hi]).collect();
        points.sort_by(|a, b| a.partial_cmp(b).unwrap_or(Ordering::Equal));
        points.dedup();
        let index = |x: f64| points.partition_point(|p| *p < x);
        // Density changes and point masses at each breakpoint.
        let mut density_change = vec![0.0; points.len()];
        let mut point_mass = vec![0.0; points.len()];
        for s in &self.segments {
            if s.hi > s.lo {
                let density = s.count / (s.hi - s.lo);
                density_change[index(s.lo)] += density;
                density_change[index(s.hi)] -= density;
            } else {
                point_mass[index(s.lo)] += s.count;
            }
        }
        let mut cumulative = point_mass[0];
        if rank <= cumulative {
            return points.first().copied();
        }
        let mut density = 0.0;
        for j in 0..points.len().saturating_sub(1) {
            density += density_change[j];
            let width = points[j + 1] - points[j];
            let mass = (density * width).max(0.0);
            if mass > 0.0 && rank <= cumulative + mass {
                return Some(points[j] + width * (rank - cumulative) / mass);
            }
            cumulative += mass;
            cumulative += point_mass[j + 1];
            if rank <= cumulative {
                return Some(points[j + 1]);
            }
        }
        points.last().copied()
    }
}

/// Explicit buckets: `(-inf, b0], (b0, b1], …, (bn-1, +inf)`.
fn explicit_buckets(bounds: &[f64], counts: &[u64]) -> Vec<(f64, f64, u64)> {
    counts
        .iter()
        .take(bounds.len() + 1)
        .enumerate()
        .map(|(i, &count)| {
            let lo = if i == 0 {
                f64::NEG_INFINITY
            } else {
                bounds.get(i - 1).copied().unwrap_or(f64::INFINITY)
            };
            let hi = bounds.get(i).copied().unwrap_or(f64::INFINITY);
            (lo, hi, count)
        })
        .collect()
}

/// Exponential buckets: index `i` covers `(base^i, base^(i+1)]` with `base = 2^(2^-scale)`;
/// negative buckets mirror them; the zero bucket covers `[-threshold, threshold]`.
fn exponential_buckets(
    scale: i32,
    (zero_count, zero_threshold): (u64, f64),
    (positive_offset, positive): (i32, &[u64]),
    (negative_offset, negative): (i32, &[u64]),
) -> Vec<(f64, f64, u64)> {
    let exponent_step = 2f64.powi(-scale);
    let boundary = |index: i64| 2f64.powf(index as f64 * exponent_step);
    let mut out = Vec::with_capacity(positive.len() + negative.len() + 1);
    for (k, &count) in negative.iter().enumerate() {
        let index = i64::from(negative_offset) + k as i64;
        out.push((-boundary(index + 1), -boundary(index), count));
    }
    let threshold = zero_threshold.abs();
    out.push((-threshold, threshold, zero_count));
    for (k, &count) in positive.iter().enumerate() {
        let index = i64::from(positive_offset) + k as i64;
        out.push((boundary(index), boundary(index + 1), count));
    }
    out
}

/// Closes a bucket's open ends with the point's min and max (or, lacking them, the nearest
/// finite bound, with the Prometheus assumption that a first bucket ending above zero starts
/// at zero) and narrows it to `[min, max]`. `None` when nothing finite can be said.
fn finite_bucket(
    lo: f64,
    hi: f64,
    min: Option<f64>,
    max: Option<f64>,
    mean: Option<f64>,
) -> Option<(f64, f64)> {
    let min = min.filter(|m| m.is_finite());
    let max = max.filter(|m| m.is_finite());
    let (lo, hi) = match (lo.is_finite(), hi.is_finite()) {
        (true, true) => (lo, hi),
        (false, true) => {
            let fallback = if hi > 0.0 { 0.0 } else { hi };
            (min.filter(|m| *m <= hi).unwrap_or(fallback), hi)
        }
        (true, false) => (lo, max.filter(|m| *m >= lo).unwrap_or(lo)),
        (false, false) => (min.or(mean)?, max.or(mean)?),
    };
    let lo = min.filter(|m| *m > lo && *m <= hi).unwrap_or(lo);
    let hi = max.filter(|m| *m < hi && *m >= lo).unwrap_or(hi);
    (lo.is_finite() && hi.is_finite() && lo <= hi).then_some((lo, hi))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn explicit(
        bounds: &[f64],
        counts: &[u64],
        min: Option<f64>,
        max: Option<f64>,
    ) -> HistogramPoint {
        HistogramPoint {
            series_id: 1,
            time_ns: 0,
            cumulative: false,
            count: counts.iter().sum(),
            sum: None,
            min,
            max,
            layout: Layout::Explicit { bounds: bounds.to_vec(), counts: counts.to_vec() },
        }
    }

    #[test]
    fn median_interpolates_linearly_inside_the_bucket() {
        let mut d = Distribution::default();
        // 10 values in (0, 10], 10 in (10, 20].
        d.add(&explicit(&[0.0, 10.0, 20.0], &[0, 10, 10, 0], None, None));
        assert_eq!(d.quantile(0.5), Some(10.0));
        assert_eq!(d.quantile(0.25), Some(5.0));
        assert_eq!(d.quantile(1.0), Some(20.0));
    }

    #[test]
    fn open_buckets_are_closed_by_min_and_max() {
        let mut d = Distribution::default();
        d.add(&explicit(&[10.0], &[5, 5], Some(2.0), Some(30.0)));
        assert_eq!(d.quantile(0.0), Some(2.0));
        assert_eq!(d.quantile(1.0), Some(30.0));
        assert_eq!(d.quantile(0.75), Some(20.0));
    }

    #[test]
    fn points_with_different_bounds_merge() {
        let mut d = Distribution::default();
        d.add(&explicit(&[0.0, 10.0], &[0, 10, 0], None, None));
        d.add(&explicit(&[0.0, 5.0, 10.0], &[0, 0, 10, 0], None, None));
        // 5 in (0,5], 15 in (5,10]: the median lies at 5 + 5/15*5.
        let median = d.quantile(0.5).unwrap_or_default();
        assert!((median - (5.0 + 5.0 / 15.0 * 5.0)).abs() < 1e-9, "{median}");
    }

    #[test]
    fn exponential_buckets_cover_powers_of_the_base() {
        // Scale 0: base 2; offset 0 → buckets (1,2], (2,4].
        let point = HistogramPoint {
            series_id: 1,
            time_ns: 0,
            cumulative: false,
            count: 4,
            sum: None,
            min: None,
            max: None,
            layout: Layout::Exponential {
                scale: 0,
                zero_count: 0,
                zero_threshold: 0.0,
                positive_offset: 0,
                positive: vec![2, 2],
                negative_offset: 0,
                negative: vec![],
            },
        };
        let mut d = Distribution::default();
        d.add(&point);
        assert_eq!(d.quantile(0.5), Some(2.0));
        assert_eq!(d.quantile(1.0), Some(4.0));
    }

    #[test]
    fn cumulative_increase_subtracts_bucket_counts_and_detects_resets() {
        let a = explicit(&[1.0], &[1, 1], None, None);
        let b = explicit(&[1.0], &[3, 1], None, None);
        let inc = b.increase_since(&a).unwrap_or_else(|| panic!("no increase"));
        assert_eq!(inc.layout, Layout::Explicit { bounds: vec![1.0], counts: vec![2, 0] });
        assert_eq!(inc.count, 2);
        assert!(a.increase_since(&b).is_none(), "a drop is a reset");
    }

    #[test]
    fn empty_distribution_has_no_quantile() {
        assert_eq!(Distribution::default().quantile(0.5), None);
    }
}
