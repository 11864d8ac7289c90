//! Capacity forecasting: a robust linear trend plus, when the series has one, its daily
//! profile, with prediction intervals that widen with the horizon.
//!
//! The trend is Theil–Sen (the median of pairwise slopes), so a few outliers do not tilt it.
//! The interval is the ordinary least-squares prediction interval around it, from the spread
//! of the residuals left after the trend and the daily profile.

use serde::Serialize;
use utoipa::ToSchema;

use crate::detect::median;

/// Points used to fit: the most recent ones, so the fit follows the current trend.
pub const MAX_FIT_POINTS: usize = 720;

#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct ForecastPoint {
    pub time_unix_nano: u64,
    pub value: f64,
    pub lower: f64,
    pub upper: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct Forecast {
    /// `linear` or `linear+daily`.
    pub method: String,
    /// Points the fit used.
    pub fitted_points: usize,
    /// Trend per day, in the series' unit.
    pub slope_per_day: f64,
    /// Standard deviation of what the model does not explain.
    pub residual_stddev: f64,
    /// Coverage of the prediction interval, e.g. 0.95.
    pub confidence: f64,
    pub points: Vec<ForecastPoint>,
}

/// When a series is expected to reach a threshold.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct ThresholdCrossing {
    pub threshold: f64,
    /// The trend's crossing; absent when it moves away from the threshold.
    pub expected_unix_nano: Option<u64>,
    /// The interval's edge crosses first: the pessimistic date.
    pub earliest_unix_nano: Option<u64>,
    /// The other edge: the optimistic date, absent when it never crosses.
    pub latest_unix_nano: Option<u64>,
}

/// A fitted model of one series.
#[derive(Debug, Clone)]
pub struct Model {
    origin_ns: u64,
    intercept: f64,
    /// Per second.
    slope: f64,
    residual_stddev: f64,
    n: usize,
    mean_x: f64,
    sxx: f64,
    /// Daily profile: mean residual per slot, when the series is seasonal.
    daily: Option<(u64, Vec<f64>)>,
}

const DAY_NS: u64 = 86_400_000_000_000;

impl Model {
    /// Fits `(time_unix_nano, value)` points sorted by time. `None` with fewer than 3 points.
    pub fn fit(points: &[(u64, f64)]) -> Option<Self> {
        let points: Vec<(u64, f64)> =
            points.iter().copied().filter(|(_, v)| v.is_finite()).collect();
        let points = &points[points.len().saturating_sub(MAX_FIT_POINTS)..];
        if points.len() < 3 {
            return None;
        }
        let origin_ns = points[0].0;
        let xs: Vec<f64> = points.iter().map(|(t, _)| (t - origin_ns) as f64 / 1e9).collect();
        let ys: Vec<f64> = points.iter().map(|(_, v)| *v).collect();
        let (slope, intercept) = theil_sen(&xs, &ys);
        let mut model = Self {
            origin_ns,
            intercept,
            slope,
            residual_stddev: 0.0,
            n: xs.len(),
            mean_x: xs.iter().sum::<f64>() / xs.len() as f64,
            sxx: 0.0,
            daily: None,
        };
        model.sxx = xs.iter().map(|x| (x - model.mean_x).powi(2)).sum();
        model.daily = daily_profile(points, |t| model.trend(t));
        // A daily cycle tilts the first trend (its slopes are not symmetric over a partial
        // day): fit the trend again without it, then the profile again around that trend.
        if model.daily.is_some() {
            let deseasonalized: Vec<f64> =
                points.iter().map(|(t, v)| v - model.seasonal(*t)).collect();
            (model.slope, model.intercept) = theil_sen(&xs, &deseasonalized);
            model.daily = daily_profile(points, |t| model.trend(t));
        }
        let residuals: Vec<f64> = points.iter().map(|(t, v)| v - model.value(*t)).collect();
        let dof = (residuals.len() as f64 - 2.0).max(1.0);
        model.residual_stddev = (residuals.iter().map(|r| r * r).sum::<f64>() / dof).sqrt();
        Some(model)
    }

    /// The trend per day, in the series' unit.
    pub fn slope_per_day(&self) -> f64 {
        self.slope * 86_400.0
    }

    /// Standard deviation of what the model does not explain.
    pub fn residual_stddev(&self) -> f64 {
        self.residual_stddev
    }

    fn trend(&self, time_ns: u64) -> f64 {
        self.intercept + self.slope * seconds_between(self.origin_ns, time_ns)
    }

    fn seasonal(&self, time_ns: u64) -> f64 {
        self.daily.as_ref().map_or(0.0, |(slot_ns, profile)| {
            profile[((time_ns % DAY_NS) / slot_ns) as usize % profile.len()]
        })
    }

    fn value(&self, time_ns: u64) -> f64 {
        self.trend(time_ns) + self.seasonal(time_ns)
    }

    /// Half-width of the prediction interval at `time_ns`, for a normal quantile `z`.
    fn half_width(&self, time_ns: u64, z: f64) -> f64 {
        let x = seconds_between(self.origin_ns, time_ns);
        let leverage = if self.sxx > 0.0 { (x - self.mean_x).powi(2) / self.sxx } else { 0.0 };
        z * self.residual_stddev * (1.0 + 1.0 / self.n as f64 + leverage).sqrt()
    }

    pub fn forecast(
        &self,
        from_ns: u64,
        horizon_ns: u64,
        step_ns: u64,
        confidence: f64,
    ) -> Forecast {
        let z = normal_quantile(confidence);
        let step_ns = step_ns.max(1);
        let points = (1..=horizon_ns / step_ns)
            .take(10_000)
            .map(|k| {
                let time = from_ns + k * step_ns;
                let (value, half) = (self.value(time), self.half_width(time, z));
                ForecastPoint {
                    time_unix_nano: time,
                    value,
                    lower: value - half,
                    upper: value + half,
                }
            })
            .collect();
        Forecast {
            method: if self.daily.is_some() { "linear+daily" } else { "linear" }.to_string(),
            fitted_points: self.n,
            slope_per_day: self.slope_per_day(),
            residual_stddev: self.residual_stddev,
            confidence,
            points,
        }
    }

    /// When the trend (and its interval's edges) reach `threshold`, searching from `from_ns`
    /// up to `horizon_ns` ahead. A threshold above the current level is reached by rising,
    /// one below by falling; a trend moving away never reaches it.
    pub fn crossing(
        &self,
        threshold: f64,
        from_ns: u64,
        horizon_ns: u64,
        confidence: f64,
    ) -> ThresholdCrossing {
        let z = normal_quantile(confidence);
        let above = threshold >= self.trend(from_ns);
        let reached = |v: f64| if above { v >= threshold } else { v <= threshold };
        let first = |f: &dyn Fn(u64) -> f64| -> Option<u64> {
            // Coarse scan in 1/1000 of the horizon, then bisect to about a second.
            let step = (horizon_ns / 1000).max(1_000_000_000);
            let mut previous = from_ns;
            let mut t = from_ns;
            while t <= from_ns.saturating_add(horizon_ns) {
                if reached(f(t)) {
                    let (mut lo, mut hi) = (previous, t);
                    while hi - lo > 1_000_000_000 {
                        let mid = lo + (hi - lo) / 2;
                        if reached(f(mid)) { hi = mid } else { lo = mid }
                    }
                    return Some(hi);
                }
                previous = t;
                t = t.saturating_add(step);
            }
            None
        };
        let sign = if above { 1.0 } else { -1.0 };
        let towards = if above { self.slope > 0.0 } else { self.slope < 0.0 };
        ThresholdCrossing {
            threshold,
            expected_unix_nano: if towards { first(&|t| self.trend(t)) } else { None },
            earliest_unix_nano: first(&|t| self.trend(t) + sign * self.half_width(t, z)),
            latest_unix_nano: first(&|t| self.trend(t) - sign * self.half_width(t, z)),
        }
    }
}

/// A daily profile when the points span two days or more and it explains a good part of the
/// variance left by the trend.
fn daily_profile(points: &[(u64, f64)], trend: impl Fn(u64) -> f64) -> Option<(u64, Vec<f64>)> {
    let span = points.last()?.0 - points.first()?.0;
    if span < 2 * DAY_NS {
        return None;
    }
    const SLOTS: u64 = 48;
    let slot_ns = DAY_NS / SLOTS;
    let mut sums = vec![(0.0, 0usize); SLOTS as usize];
    let residuals: Vec<(usize, f64)> =
        points.iter().map(|(t, v)| (((t % DAY_NS) / slot_ns) as usize, v - trend(*t))).collect();
    for (slot, r) in &residuals {
        sums[*slot].0 += r;
        sums[*slot].1 += 1;
    }
    let profile: Vec<f64> =
        sums.iter().map(|(s, n)| if *n > 0 { s / *n as f64 } else { 0.0 }).collect();
    let total: f64 = residuals.iter().map(|(_, r)| r * r).sum();
    let left: f64 = residuals.iter().map(|(slot, r)| (r - profile[*slot]).powi(2)).sum();
    (total > 0.0 && left < 0.5 * total).then_some((slot_ns, profile))
}

/// Theil–Sen: the median of pairwise slopes, and the median intercept under it.
fn theil_sen(xs: &[f64], ys: &[f64]) -> (f64, f64) {
    let mut slopes = Vec::with_capacity(xs.len() * (xs.len() - 1) / 2);
    for i in 0..xs.len() {
        for j in i + 1..xs.len() {
            if xs[j] > xs[i] {
                slopes.push((ys[j] - ys[i]) / (xs[j] - xs[i]));
            }
        }
    }
    let slope = median(&mut slopes);
    let mut offsets: Vec<f64> = xs.iter().zip(ys).map(|(x, y)| y - slope * x).collect();
    (slope, median(&mut offsets))
}

fn seconds_between(origin_ns: u64, time_ns: u64) -> f64 {
    (time_ns as f64 - origin_ns as f64) / 1e9
}

/// The two-sided normal quantile for a coverage (0.8 → 1.28, 0.95 → 1.96), by bisection on
/// the error function's approximation (Abramowitz–Stegun 7.1.26).
pub fn normal_quantile(confidence: f64) -> f64 {
    let target = confidence.clamp(0.5, 0.9999);
    let coverage = |z: f64| {
        let x = z / std::f64::consts::SQRT_2;
        let t = 1.0 / (1.0 + 0.327_591_1 * x);
        let poly = t
            * (0.254_829_592
                + t * (-0.284_496_736
                    + t * (1.421_413_741 + t * (-1.453_152_027 + t * 1.061_405_429))));
        1.0 - poly * (-x * x).exp()
    };
    let (mut lo, mut hi) = (0.0, 6.0);
    for _ in 0..60 {
        let mid = (lo + hi) / 2.0;
        if coverage(mid) < target { lo = mid } else { hi = mid }
    }
    (lo + hi) / 2.0
}

#[cfg(test)]
mod tests {
    use super::*;

    const T0: u64 = 1_700_006_400_000_000_000; // a midnight UTC
    const HOUR: u64 = 3_600_000_000_000;

    /// Disk usage: 60% full, filling 2 points a day, with a daily swing (log rotation at
    /// night) and deterministic noise; one reading every 10 minutes for 5 days.
    fn disk_usage() -> Vec<(u64, f64)> {
        (0..5 * 144)
            .map(|i| {
                let t = T0 + i * HOUR / 6;
                let days = (t - T0) as f64 / DAY_NS as f64;
                let daily = 1.5 * (days * std::f64::consts::TAU).sin();
                let noise = ((i * 7919) % 13) as f64 / 13.0 - 0.5;
                (t, 60.0 + 2.0 * days + daily + noise)
            })
            .collect()
    }

    #[test]
    fn a_disk_usage_trend_gives_the_right_time_until_full() {
        let points = disk_usage();
        let model = Model::fit(&points).unwrap();
        let now = points.last().unwrap().0;
        // 60 + 2 × 5 = 70% now: 30 points to go at 2 a day is 15 days.
        let crossing = model.crossing(100.0, now, 60 * DAY_NS, 0.95);
        let days = |t: Option<u64>| (t.unwrap() - now) as f64 / DAY_NS as f64;
        let expected = days(crossing.expected_unix_nano);
        assert!((expected - 15.0).abs() < 0.75, "expected ≈ 15 days, got {expected:.2}");
        assert!(days(crossing.earliest_unix_nano) <= expected);
        assert!(days(crossing.latest_unix_nano) >= expected);
        assert!((model.slope_per_day() - 2.0).abs() < 0.1, "{}", model.slope_per_day());
    }

    #[test]
    fn the_daily_profile_is_learnt_and_the_interval_covers_what_follows() {
        let points = disk_usage();
        let (fit, future) = points.split_at(4 * 144);
        let model = Model::fit(fit).unwrap();
        let forecast = model.forecast(fit.last().unwrap().0, DAY_NS, HOUR / 6, 0.95);
        assert_eq!(forecast.method, "linear+daily");
        let covered = future
            .iter()
            .zip(&forecast.points)
            .filter(|((t, v), p)| {
                assert_eq!(*t, p.time_unix_nano);
                p.lower <= *v && *v <= p.upper
            })
            .count();
        assert!(
            covered as f64 >= 0.9 * future.len() as f64,
            "{covered} of {} covered",
            future.len()
        );
        let width = |p: &ForecastPoint| p.upper - p.lower;
        assert!(width(&forecast.points[forecast.points.len() - 1]) >= width(&forecast.points[0]));
    }

    #[test]
    fn a_flat_or_falling_series_never_fills_up() {
        let flat: Vec<(u64, f64)> = (0..100).map(|i| (T0 + i * HOUR, 40.0)).collect();
        let model = Model::fit(&flat).unwrap();
        assert_eq!(
            model.crossing(100.0, T0 + 100 * HOUR, 30 * DAY_NS, 0.95).expected_unix_nano,
            None
        );
        let falling: Vec<(u64, f64)> =
            (0..100).map(|i| (T0 + i * HOUR, 80.0 - i as f64 * 0.1)).collect();
        let model = Model::fit(&falling).unwrap();
        assert_eq!(
            model.crossing(100.0, T0 + 100 * HOUR, 30 * DAY_NS, 0.95).expected_unix_nano,
            None
        );
        assert!(Model::fit(&flat[..2]).is_none());
    }

    #[test]
    fn normal_quantiles_match_the_tables() {
        assert!((normal_quantile(0.95) - 1.96).abs() < 0.01);
        assert!((normal_quantile(0.8) - 1.2816).abs() < 0.01);
    }
}
