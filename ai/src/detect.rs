//! Online anomaly detection for one series.
//!
//! Each point is compared with what the series' own past says is normal, using only data up
//! to that point:
//! 1. a baseline: the median of the same phase in the last three periods when the series is
//!    seasonal (weekly or daily, found by autocorrelation), else the median of the last 24
//!    points; the residual is the value minus the baseline;
//! 2. four deviation features over the residuals: the point itself (spikes), the mean over a
//!    short and a long window (level shifts, trends) and the spread over the long window
//!    (variance changes, bursts);
//! 3. each feature is scored by its *surprise*: −log10 of the chance of a value at least as
//!    large under the feature's own history, the empirical share inside the history and a
//!    heavy (Pareto) tail beyond its largest value. A surprise is a probability, so the
//!    features (and series of any shape and scale) are comparable: the point's surprise is
//!    its most surprising feature's. The last few windows are kept out of the history so a
//!    slow drift cannot raise its own bar, and an anomalous feature value is learned only up
//!    to the anomalous level, so an anomaly does not make its repeat look normal.
//!
//! A point is anomalous at `surprise` (3.75: one in about 5,600). Episodes, not points, are
//! what matter: a point *onsets* when it is half a decade more surprising than every point of
//! its quiet period, or is the first of them to be anomalous, and an anomaly is raised only at
//! an onset, so a long anomaly is raised once and its aftermath is not raised again.

use std::collections::VecDeque;

/// The detector's parameters. The defaults are Ophion's default configuration.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DetectorConfig {
    /// How rare a point must be to be anomalous: −log10 of its tail probability under the
    /// feature history (3.75: one point in about 5,600).
    pub surprise: f64,
    /// Points of the top of the feature history whose excess over the lowest of them sets
    /// how fast the tail falls beyond the largest value seen.
    pub tail: usize,
    /// Windows after a point during which only a higher surprise opens a new episode.
    pub quiet_windows: usize,
    /// How much higher (in decades of surprise) that is.
    pub escalation: f64,
    /// Minimum lag-one-period autocorrelation for a series to be treated as seasonal.
    pub seasonality: f64,
    /// Points of feature history needed before anything is raised (and at least a day's).
    pub min_history: usize,
    /// Points of raw values and feature history kept: two weeks at a 5-minute step, enough to
    /// recognise a weekly cycle, and what bounds a series' memory.
    pub history: usize,
    /// Windows kept out of the feature history (see the module comment).
    pub gap_windows: usize,
}

impl Default for DetectorConfig {
    fn default() -> Self {
        Self {
            surprise: 3.75,
            tail: 20,
            quiet_windows: 6,
            escalation: 0.5,
            seasonality: 0.6,
            min_history: 48,
            history: 4_032,
            gap_windows: 3,
        }
    }
}

/// Which feature of the residuals was the most surprising: what kind of change it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Signal {
    /// The point itself.
    Spike,
    /// The mean over the short window.
    LevelShift,
    /// The spread over the long window.
    Variance,
    /// The mean over the long window.
    Drift,
}

impl Signal {
    /// In the order of the features.
    const ALL: [Signal; FEATURES] = [Self::Spike, Self::LevelShift, Self::Variance, Self::Drift];

    pub fn name(self) -> &'static str {
        match self {
            Self::Spike => "spike",
            Self::LevelShift => "level shift",
            Self::Variance => "variance change",
            Self::Drift => "drift",
        }
    }
}

/// What the detector says about one point.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Verdict {
    /// In [0, 1): surprise / (surprise + the configured surprise), 0.5 at the latter.
    pub score: f64,
    /// The score where the point is the most surprising of its quiet period (it opens or
    /// escalates an episode), else 0: one detection per episode at any threshold.
    pub onset: f64,
    /// The point is at least as surprising as configured.
    pub anomalous: bool,
    /// The point starts an episode that should be raised.
    pub raised: bool,
    /// The most surprising feature.
    pub signal: Signal,
    /// What the baseline expected, and the band the history allows around it.
    pub expected: f64,
    pub lower: f64,
    pub upper: f64,
}

const FEATURES: usize = 4;

/// Online detector for one series of evenly spaced points.
#[derive(Debug, Clone)]
pub struct Detector {
    config: DetectorConfig,
    /// Points per day, from the step; 0 when the step is a day or longer.
    day: usize,
    /// Short window in points.
    window: usize,
    period: Option<usize>,
    values: VecDeque<f64>,
    residuals: VecDeque<f64>,
    features: VecDeque<[f64; FEATURES]>,
    history: [SortedWindow; FEATURES],
    seen: u64,
    /// The raw values, for the scale below which a change is not news.
    levels: SortedWindow,
    /// The surprise of each of the last `quiet` points.
    recent: VecDeque<f64>,
    quiet: usize,
}

impl Detector {
    /// `step_secs` is the spacing of the points; it sets the windows and the candidate periods.
    pub fn new(step_secs: f64, config: DetectorConfig) -> Self {
        let day = if step_secs > 0.0 && step_secs < 86_400.0 {
            (86_400.0 / step_secs).round() as usize
        } else {
            0
        };
        // An hour of points where the step allows, never fewer than 6.
        let window = if day >= 48 { (day / 24).max(6) } else { 12 };
        let cap = config.history.max(window * 8);
        Self {
            config: DetectorConfig { history: cap, ..config },
            day,
            window,
            period: None,
            values: VecDeque::new(),
            residuals: VecDeque::new(),
            features: VecDeque::new(),
            history: std::array::from_fn(|_| SortedWindow::new(cap, config.tail)),
            seen: 0,
            // Only its quantiles are read, never its tail.
            levels: SortedWindow::new(cap, 0),
            recent: VecDeque::new(),
            quiet: config.quiet_windows * window,
        }
    }

    /// The seasonal period in points, once one is found.
    pub fn period(&self) -> Option<usize> {
        self.period
    }

    pub fn observe(&mut self, value: f64) -> Verdict {
        let value = if value.is_finite() { value } else { 0.0 };
        if self.day > 0 && self.seen > 0 && self.seen.is_multiple_of(self.day as u64) {
            self.recheck_period();
        }
        self.levels.insert(value);
        let (expected, scored) = self.learn(value, self.seen);
        let Scored { surprise, signal, band } = scored;
        // A point starts (or escalates) an episode when it is clearly more surprising than
        // every point of its quiet period, or is the first of them to be anomalous (so a
        // slow rise is raised too).
        let before = self.recent.iter().copied().fold(0.0, f64::max);
        let threshold = self.config.surprise;
        let onset = surprise > before + self.config.escalation
            || (surprise >= threshold && before < threshold);
        self.recent.push_back(surprise);
        if self.recent.len() > self.quiet {
            self.recent.pop_front();
        }
        let score = surprise / (surprise + self.config.surprise);
        let anomalous = surprise >= self.config.surprise;
        self.seen += 1;
        Verdict {
            score,
            onset: if onset { score } else { 0.0 },
            anomalous,
            raised: anomalous && onset,
            signal,
            expected,
            lower: expected - band,
            upper: expected + band,
        }
    }

    /// Appends `value` (the `position`-th point of the series) with its residual and
    /// features, scores the features against their history, caps what the history will learn
    /// of them, and admits the features of `gap_windows` ago. Returns the expected value.
    /// The one path both for a new point and when the history is rebuilt under a new period.
    fn learn(&mut self, value: f64, position: u64) -> (f64, Scored) {
        self.values.push_back(value);
        let residual = value - self.baseline(self.values.len() - 1);
        self.residuals.push_back(residual);
        let features = self.features_at(self.residuals.len() - 1);
        let (scored, learned) = self.score(features);
        self.features.push_back(learned);
        let cap = self.config.history;
        if self.values.len() > cap {
            self.values.pop_front();
            self.residuals.pop_front();
            self.features.pop_front();
        }
        self.admit_history(position);
        (value - residual, scored)
    }

    /// How surprising `features` are under their history, and the features the history may
    /// learn: an anomaly does not teach what is normal, so each is learned only up to the
    /// anomalous level, and a repeat of it is as surprising as the first.
    fn score(&self, features: [f64; FEATURES]) -> (Scored, [f64; FEATURES]) {
        let mut scored = Scored { surprise: 0.0, signal: Signal::Spike, band: 0.0 };
        if self.history[0].len() < self.min_history() {
            return (scored, features);
        }
        // A change smaller than a hundredth of the series' usual range is never news.
        let floor = 0.01 * (self.levels.quantile(0.99) - self.levels.quantile(0.01));
        let mut learned = features;
        for (k, history) in self.history.iter().enumerate() {
            let scale = history.tail_scale(floor);
            let surprise = history.surprise(features[k], scale);
            if surprise > scored.surprise {
                (scored.surprise, scored.signal) = (surprise, Signal::ALL[k]);
            }
            let level = history.level_at(self.config.surprise, scale);
            learned[k] = features[k].min(level);
            if k == 0 {
                scored.band = level;
            }
        }
        (scored, learned)
    }

    /// The baseline for the value at `index` in `values`, from earlier values only.
    fn baseline(&self, index: usize) -> f64 {
        match self.period {
            Some(p) if index >= p => {
                let mut past: Vec<f64> = (1..=3)
                    .filter_map(|k| index.checked_sub(k * p))
                    .map(|i| self.values[i])
                    .collect();
                median(&mut past)
            }
            _ => {
                let mut past: Vec<f64> =
                    self.values.range(index.saturating_sub(24)..index).copied().collect();
                if past.is_empty() { self.values[index] } else { median(&mut past) }
            }
        }
    }

    fn features_at(&self, index: usize) -> [f64; FEATURES] {
        let long = 3 * self.window;
        let short_start = (index + 1).saturating_sub(self.window);
        let long_start = (index + 1).saturating_sub(long);
        let short: Vec<f64> = self.residuals.range(short_start..=index).copied().collect();
        let long: Vec<f64> = self.residuals.range(long_start..=index).copied().collect();
        let mean = |xs: &[f64]| xs.iter().sum::<f64>() / xs.len().max(1) as f64;
        let long_mean = mean(&long);
        let spread = (long.iter().map(|x| (x - long_mean).powi(2)).sum::<f64>()
            / long.len().max(1) as f64)
            .sqrt();
        [self.residuals[index].abs(), mean(&short).abs(), spread, long_mean.abs()]
    }

    /// Feature values become history `gap_windows` windows after their point (the
    /// `position`-th), and only once their baseline and windows were complete.
    fn admit_history(&mut self, position: u64) {
        let gap = self.config.gap_windows * self.window;
        let Some(index) = self.features.len().checked_sub(gap + 1) else { return };
        if position.saturating_sub(gap as u64) >= self.warm_up() as u64 {
            let features = self.features[index];
            for (k, history) in self.history.iter_mut().enumerate() {
                history.insert(features[k]);
            }
        }
    }

    /// Feature history needed before anything is raised: at least a day of it when the step
    /// is shorter, so a daily cycle not yet recognised as one (that takes two days) has shown
    /// all its slopes before any of them can look anomalous.
    fn min_history(&self) -> usize {
        self.config.min_history.max(self.day)
    }

    /// Points before residuals and windows mean anything.
    fn warm_up(&self) -> usize {
        self.period.unwrap_or(24) + 3 * self.window
    }

    /// Looks for daily, then weekly, seasonality; on a change, recomputes residuals, features
    /// and history under the new baseline.
    fn recheck_period(&mut self) {
        let n = self.values.len();
        // Weekly first: a weekly series also correlates at a day, but a day misses its weekends.
        let candidates = [self.day * 7, self.day];
        let found = candidates.into_iter().filter(|&p| p > 1 && 2 * p <= n).find(|&p| {
            let recent: Vec<f64> = self.values.range(n.saturating_sub(4 * p)..).copied().collect();
            autocorrelation(&recent, p) > self.config.seasonality
        });
        if found == self.period {
            return;
        }
        self.period = found;
        let values: Vec<f64> = self.values.drain(..).collect();
        self.residuals.clear();
        self.features.clear();
        for history in &mut self.history {
            history.clear();
        }
        let first = self.seen - values.len() as u64;
        for (i, value) in values.into_iter().enumerate() {
            self.learn(value, first + i as u64);
        }
    }
}

/// A point's surprise, its most surprising feature and the band of its first.
#[derive(Debug, Clone, Copy)]
struct Scored {
    surprise: f64,
    signal: Signal,
    band: f64,
}

fn autocorrelation(xs: &[f64], lag: usize) -> f64 {
    if xs.len() < 2 * lag {
        return 0.0;
    }
    let mean = xs.iter().sum::<f64>() / xs.len() as f64;
    let variance: f64 = xs.iter().map(|x| (x - mean).powi(2)).sum();
    if variance == 0.0 {
        return 0.0;
    }
    let covariance: f64 = (lag..xs.len()).map(|i| (xs[i] - mean) * (xs[i - lag] - mean)).sum();
    covariance / variance
}

pub(crate) fn median(xs: &mut [f64]) -> f64 {
    if xs.is_empty() {
        return 0.0;
    }
    xs.sort_by(f64::total_cmp);
    let mid = xs.len() / 2;
    if xs.len() % 2 == 1 { xs[mid] } else { (xs[mid - 1] + xs[mid]) / 2.0 }
}

/// The last `cap` values inserted, kept sorted for the median and the maximum.
#[derive(Debug, Clone)]
struct SortedWindow {
    cap: usize,
    tail: usize,
    order: VecDeque<f64>,
    sorted: Vec<f64>,
}

impl SortedWindow {
    fn new(cap: usize, tail: usize) -> Self {
        Self { cap, tail, order: VecDeque::new(), sorted: Vec::new() }
    }

    fn insert(&mut self, value: f64) {
        self.order.push_back(value);
        let at = self.sorted.partition_point(|x| *x < value);
        self.sorted.insert(at, value);
        if self.order.len() > self.cap
            && let Some(old) = self.order.pop_front()
        {
            let at = self.sorted.partition_point(|x| *x < old);
            self.sorted.remove(at);
        }
    }

    fn clear(&mut self) {
        self.order.clear();
        self.sorted.clear();
    }

    fn len(&self) -> usize {
        self.sorted.len()
    }

    fn median(&self) -> f64 {
        self.sorted.get(self.sorted.len() / 2).copied().unwrap_or_default()
    }

    fn max(&self) -> f64 {
        self.sorted.last().copied().unwrap_or_default()
    }

    /// The value at quantile `q` in [0, 1].
    fn quantile(&self, q: f64) -> f64 {
        let n = self.sorted.len();
        if n == 0 {
            return 0.0;
        }
        self.sorted[((n - 1) as f64 * q).round() as usize]
    }

    /// The scale of the tail beyond the largest value: the mean excess of the top `tail`
    /// values over the one below them (peaks over threshold), never below `floor` nor a
    /// tenth of the spread between the median and the maximum, so a quantised or flat
    /// history still gives a finite scale.
    fn tail_scale(&self, floor: f64) -> f64 {
        let n = self.sorted.len();
        let k = self.tail.min(n.saturating_sub(1)).max(1);
        let base = self.sorted[n.saturating_sub(k + 1)];
        let excess = self.sorted[n - k..].iter().map(|x| x - base).sum::<f64>() / k as f64;
        excess.max(0.1 * (self.max() - self.median())).max(floor).max(1e-9)
    }

    /// −log10 of the chance of a value at least `x` under this history: the share of the
    /// history at or above it (counting `x` itself), and beyond the largest value a Pareto
    /// tail (of index `TAIL_INDEX`: operations metrics have heavy tails).
    fn surprise(&self, x: f64, scale: f64) -> f64 {
        let n = self.sorted.len() as f64;
        let max = self.max();
        if x > max {
            (n + 1.0).log10() + TAIL_INDEX * (1.0 + (x - max) / scale).log10()
        } else {
            let above = self.sorted.len() - self.sorted.partition_point(|h| *h < x);
            ((n + 1.0) / (above as f64 + 1.0)).log10()
        }
    }

    /// The value whose surprise is `surprise`, for the band an insight shows.
    fn level_at(&self, surprise: f64, scale: f64) -> f64 {
        let n = self.sorted.len() as f64;
        let beyond = (surprise - (n + 1.0).log10()).max(0.0) / TAIL_INDEX;
        self.max() + (10f64.powf(beyond) - 1.0) * scale
    }
}

/// The index of the Pareto tail assumed beyond the largest value of a feature's history.
const TAIL_INDEX: f64 = 2.0;

#[cfg(test)]
mod tests {
    use super::*;

    /// Deterministic noise in [-1, 1].
    fn noise(i: usize) -> f64 {
        let x = (i as u64)
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((x >> 33) % 2001) as f64 / 1000.0 - 1.0
    }

    /// Five-minute points over `days` with a daily cycle.
    fn daily(days: usize) -> Vec<f64> {
        (0..days * 288)
            .map(|i| {
                50.0 + 20.0 * (i as f64 / 288.0 * std::f64::consts::TAU).sin() + 2.0 * noise(i)
            })
            .collect()
    }

    fn raised(values: &[f64]) -> Vec<usize> {
        let mut detector = Detector::new(300.0, DetectorConfig::default());
        values
            .iter()
            .enumerate()
            .filter(|(_, v)| detector.observe(**v).raised)
            .map(|(i, _)| i)
            .collect()
    }

    #[test]
    fn a_noisy_seasonal_series_raises_nothing() {
        assert_eq!(raised(&daily(14)), Vec::<usize>::new());
    }

    #[test]
    fn spikes_level_shifts_variance_and_trend_changes_are_each_raised_soon_after_they_start() {
        for (what, signal, start, change) in [
            (
                "spike",
                "spike",
                10 * 288 + 100,
                &(|v: f64, _| v + 60.0) as &dyn Fn(f64, usize) -> f64,
            ),
            ("level shift", "level shift", 10 * 288, &|v, _| v + 15.0),
            ("variance", "variance change", 10 * 288, &|v, i| v + 25.0 * noise(i * 31)),
            ("trend change", "drift", 10 * 288, &|v, i| v + 0.2 * (i - 10 * 288) as f64),
        ] {
            let mut values = daily(14);
            let end = if what == "spike" { start + 1 } else { values.len() };
            for (i, value) in values.iter_mut().enumerate().take(end).skip(start) {
                *value = change(*value, i);
            }
            let hits = raised(&values);
            assert!(
                hits.iter().any(|&i| i >= start && i < start + 24),
                "{what}: raised at {hits:?}, change at {start}"
            );
            let mut detector = Detector::new(300.0, DetectorConfig::default());
            let signals: Vec<&str> = values
                .iter()
                .map(|v| detector.observe(*v))
                .filter(|v| v.anomalous)
                .map(|v| v.signal.name())
                .collect();
            // The feature that saw it is named on the points of the episode.
            assert!(signals.contains(&signal), "{what}: {signals:?}");
            assert!(
                hits.iter().all(|&i| i >= start),
                "{what}: false alarm before the change: {hits:?}"
            );
        }
    }

    #[test]
    fn a_spike_like_one_seen_days_before_is_raised_again() {
        let mut values = daily(14);
        for day in [8, 11] {
            values[day * 288 + 100] += 60.0;
        }
        let hits = raised(&values);
        for day in [8, 11] {
            assert!(hits.contains(&(day * 288 + 100)), "spike on day {day}: raised at {hits:?}");
        }
    }

    #[test]
    fn a_lasting_level_shift_is_one_episode_raised_at_its_start() {
        let mut values = daily(14);
        for value in &mut values[10 * 288..] {
            *value += 15.0;
        }
        let mut detector = Detector::new(300.0, DetectorConfig::default());
        let verdicts: Vec<Verdict> = values.iter().map(|v| detector.observe(*v)).collect();
        let anomalous = verdicts.iter().filter(|v| v.anomalous).count();
        let onsets: Vec<usize> = (0..verdicts.len()).filter(|&i| verdicts[i].raised).collect();
        assert!(anomalous >= 12, "the shift stays anomalous a while: {anomalous} points");
        assert!(
            !onsets.is_empty() && onsets.len() <= 2 && onsets.iter().all(|&i| i < 10 * 288 + 24),
            "raised at {onsets:?}, shift at {}",
            10 * 288
        );
        // At any threshold, the onset score gives as few detections as the raised flag.
        let onset_points = verdicts.iter().filter(|v| v.onset > 0.0).count();
        assert!(onset_points < anomalous / 4, "{onset_points} onsets, {anomalous} anomalous");
    }

    #[test]
    fn surprise_is_the_tail_probability_in_decades_and_the_band_is_its_inverse() {
        let mut history = SortedWindow::new(1_000, 20);
        for x in 1..=99 {
            history.insert(x as f64);
        }
        let scale = history.tail_scale(0.0);
        // 50 and the 49 values above it: half the history, counting the point itself.
        assert!((history.surprise(50.0, scale) - (100.0_f64 / 51.0).log10()).abs() < 1e-12);
        assert!((history.surprise(99.0, scale) - 50.0_f64.log10()).abs() < 1e-12);
        let beyond: Vec<f64> =
            [100.0, 120.0, 200.0].iter().map(|x| history.surprise(*x, scale)).collect();
        assert!(beyond[0] > 2.0 && beyond[0] < beyond[1] && beyond[1] < beyond[2], "{beyond:?}");
        let level = history.level_at(4.0, scale);
        assert!((history.surprise(level, scale) - 4.0).abs() < 1e-9, "{level}");
        // A floor on the scale makes the same excess less surprising.
        assert!(history.surprise(120.0, history.tail_scale(50.0)) < beyond[1]);
    }

    #[test]
    fn the_daily_period_is_found_and_the_band_follows_it() {
        let mut detector = Detector::new(300.0, DetectorConfig::default());
        let values = daily(5);
        let verdicts: Vec<Verdict> = values.iter().map(|v| detector.observe(*v)).collect();
        assert_eq!(detector.period(), Some(288));
        let last = verdicts.last().unwrap();
        assert!((last.expected - values.last().unwrap()).abs() < 6.0, "{last:?}");
        assert!(last.lower < last.expected && last.expected < last.upper);
    }

    #[test]
    fn scores_are_online_and_in_the_unit_interval() {
        let mut values = daily(6);
        values[5 * 288] += 80.0;
        let mut whole = Detector::new(300.0, DetectorConfig::default());
        let all: Vec<f64> = values.iter().map(|v| whole.observe(*v).score).collect();
        let mut prefix = Detector::new(300.0, DetectorConfig::default());
        let first: Vec<f64> =
            values[..5 * 288 + 1].iter().map(|v| prefix.observe(*v).score).collect();
        assert_eq!(first, all[..first.len()], "a score may only use data up to its point");
        assert!(all.iter().all(|s| (0.0..=1.0).contains(s)));
        assert!(all[5 * 288] > 0.5);
    }
}
