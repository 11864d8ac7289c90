#!/usr/bin/env python3
"""Self-test for the NAB and Loghub scorers: python3 bench/ai/test_scorers.py

Expected values are worked out by hand from the formulas (see comments).
"""
import json
import os
import sys
import tempfile
import unittest
from datetime import datetime, timedelta

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import loghub_score as lh  # noqa: E402
import nab_score as nab  # noqa: E402
import rca_score as rca  # noqa: E402
import smd_nab as smd  # noqa: E402

STD = nab.PROFILES["standard"]
LOW_FN = nab.PROFILES["reward_low_FN"]
LOW_FP = nab.PROFILES["reward_low_FP"]

# 100 rows -> probation = floor(0.15 * 100) = 15 rows. One window: rows 40..49 (width 10).
N = 100
WIN = [(40, 49)]


def fire(*rows, n=N):
    d = [0] * n
    for r in rows:
        d[r] = 1
    return d


class NabScoring(unittest.TestCase):
    def test_scaled_sigmoid(self):
        # 2/(1+e^-5)-1 = 0.98661 at the left edge; 0 at the right edge; -1 from 3 on.
        self.assertAlmostEqual(nab.scaled_sigmoid(-1.0), 0.98661, places=5)
        self.assertAlmostEqual(nab.scaled_sigmoid(0.0), 0.0)
        self.assertEqual(nab.scaled_sigmoid(3.0), -1.0)

    def test_probationary_length(self):
        self.assertEqual(nab.probationary_length(100), 15)
        self.assertEqual(nab.probationary_length(4032), 604)  # floor(604.8)
        self.assertEqual(nab.probationary_length(10000), 750)  # capped at 0.15 * 5000

    def test_early_detection_scores_tp(self):
        # Row 40: position -(49-40+1)/10 = -1 -> sigmoid(-1)/sigmoid(-1) * tp = 1.
        r = nab.score_file(fire(40), WIN, STD)
        self.assertAlmostEqual(r["raw"], 1.0)
        self.assertEqual((r["tp"], r["fp"], r["fn"], r["detections"]), (1, 0, 0, 1))

    def test_late_detection_scores_less(self):
        # Row 45: position -0.5 -> (2/(1+e^-2.5)-1)/0.98661 = 0.84828/0.98661 = 0.8598.
        self.assertAlmostEqual(nab.score_file(fire(45), WIN, STD)["raw"], 0.8598, places=4)
        # Row 49 (last): position -0.1 -> (2/(1+e^-0.5)-1)/0.98661 = 0.24492/0.98661 = 0.2482.
        self.assertAlmostEqual(nab.score_file(fire(49), WIN, STD)["raw"], 0.2482, places=4)

    def test_only_first_detection_in_window_counts(self):
        r = nab.score_file(fire(40, 45, 49), WIN, STD)
        self.assertAlmostEqual(r["raw"], 1.0)
        self.assertEqual((r["tp"], r["fp"], r["detections"]), (1, 0, 3))

    def test_detection_before_any_window_costs_fp_weight(self):
        # Row 20 (after probation, before the window): -fpWeight; window missed: -fnWeight.
        self.assertAlmostEqual(nab.score_file(fire(20), WIN, STD)["raw"], -0.11 - 1.0)
        self.assertAlmostEqual(nab.score_file(fire(20), WIN, LOW_FP)["raw"], -0.22 - 1.0)
        self.assertAlmostEqual(nab.score_file(fire(20, 40), WIN, STD)["raw"], -0.11 + 1.0)

    def test_detection_after_window_decays_with_distance(self):
        # Row 58: position |49-58|/(10-1) = 1 -> (2/(1+e^5)-1) * 0.11 = -0.98661 * 0.11 = -0.10853.
        self.assertAlmostEqual(nab.score_file(fire(40, 58), WIN, STD)["raw"], 1.0 - 0.10853, places=5)
        # Row 50, right after the window: position 1/9 -> (2/(1+e^0.5556)-1)*0.11 = -0.2708*0.11.
        self.assertAlmostEqual(nab.score_file(fire(40, 50), WIN, STD)["raw"], 1.0 - 0.02979, places=4)
        # Row 90: position 41/9 >= 3 -> a full -0.11.
        self.assertAlmostEqual(nab.score_file(fire(40, 90), WIN, STD)["raw"], 1.0 - 0.11)

    def test_probationary_period_is_ignored(self):
        # Rows 0..14 are probationary: firing there changes nothing (window still missed).
        r = nab.score_file(fire(0, 5, 14), WIN, STD)
        self.assertAlmostEqual(r["raw"], -1.0)
        self.assertEqual((r["detections"], r["fp"], r["fn"]), (0, 0, 1))
        # Row 15 is the first scored row: a full false positive.
        self.assertAlmostEqual(nab.score_file(fire(15), WIN, STD)["raw"], -1.11)

    def test_window_inside_probation_is_neither_hit_nor_missed(self):
        # As in NAB, a window wholly in rows 0..14 never reaches the scorer.
        r = nab.score_file(fire(), [(5, 9)], STD)
        self.assertEqual((r["raw"], r["fn"]), (0.0, 0))

    def test_missed_window_costs_fn(self):
        self.assertAlmostEqual(nab.score_file(fire(), WIN, STD)["raw"], -1.0)
        self.assertAlmostEqual(nab.score_file(fire(), WIN, LOW_FN)["raw"], -2.0)
        self.assertEqual(nab.score_file(fire(), WIN, STD)["fn"], 1)

    def test_normalization(self):
        # Two files: one with windows 40..49 and 70..79, one with no window.
        wins = [(40, 49), (70, 79)]
        perfect = [(fire(40, 70), wins), (fire(), [])]
        null = [(fire(), wins), (fire(), [])]
        for profile in nab.PROFILES.values():
            self.assertAlmostEqual(nab.score_corpus(perfect, profile)["normalized"], 100.0)
            self.assertAlmostEqual(nab.score_corpus(null, profile)["normalized"], 0.0)
        # One window hit at its start, one missed, standard: raw 0, null -2, perfect 2 -> 50.
        half = [(fire(40), wins), (fire(), [])]
        self.assertAlmostEqual(nab.score_corpus(half, STD)["normalized"], 50.0)
        self.assertIsNone(nab.score_corpus([(fire(), [])], STD)["normalized"])

    def test_window_indices(self):
        t0 = datetime(2014, 4, 1)
        ts = [t0 + timedelta(minutes=5 * i) for i in range(10)]
        w = [["2014-04-01 00:10:00.000000", "2014-04-01 00:20:00.000000"]]
        self.assertEqual(nab.window_indices(ts, w), [(2, 4)])
        with self.assertRaises(nab.ScoringError):
            nab.window_indices(ts, [["2014-05-01 00:00:00", "2014-05-02 00:00:00"]])

    def test_output_validation(self):
        ts = ["2014-04-01 00:00:00", "2014-04-01 00:05:00"]
        good = "timestamp,value,anomaly_score,label\n" + "".join(f"{t},1.5,0.25,0\n" for t in ts)
        self.assertEqual(nab.parse_detector_output(good, ts, "x"), ([0.25, 0.25], [0, 0]))
        bad = [good.replace("anomaly_score", "score"),             # header
               good.rsplit("\n", 2)[0] + "\n",                     # row missing
               good.replace("00:05:00", "00:06:00"),               # timestamp
               good.replace("0.25,0\n", "1.5,0\n", 1),             # score > 1
               good.replace("0.25,0\n", "nan,0\n", 1),             # NaN
               good.replace("0.25,0\n", "0.25,2\n", 1)]            # label
        for text in bad:
            with self.assertRaises(nab.ScoringError, msg=text):
                nab.parse_detector_output(text, ts, "x")


class NabSweep(unittest.TestCase):
    """The swept threshold: the best corpus score over every threshold, and exactly the
    score of the detections it stands for."""

    def corpus(self):
        import random
        rng = random.Random(7)
        files = []
        for windows in ([(40, 49)], [(20, 29), (70, 79)], []):
            scores = [round(rng.random() * 0.6, 3) for _ in range(N)]
            for left, right in windows:
                scores[left + 3] = 0.9  # a clear, slightly late detection in each window
            scores[60] = 0.95  # and one confident false positive
            files.append((scores, windows))
        return files

    def test_sweep_is_the_best_threshold_and_scores_as_its_detections(self):
        files = self.corpus()
        for profile in (STD, LOW_FP, LOW_FN):
            best = nab.sweep(files, profile)
            at = lambda t: nab.score_corpus([([int(x >= t) for x in sc], w) for sc, w in files], profile)
            self.assertAlmostEqual(at(best["threshold"])["raw"], best["raw"])
            grid = sorted({x for sc, _ in files for x in sc})
            self.assertAlmostEqual(max(at(t)["raw"] for t in grid), best["raw"])
            # Between the false positive (0.95) and the true ones (0.9): 0.9 keeps all three.
            self.assertEqual(best["threshold"], 0.9)

    def test_no_threshold_beats_silence_when_every_score_is_a_false_positive(self):
        files = [([0.9 if i == 20 else 0.0 for i in range(N)], [(80, 89)])]
        best = nab.sweep(files, STD)
        self.assertIsNone(best["threshold"])
        self.assertAlmostEqual(best["raw"], best["null"])


class SmdWindows(unittest.TestCase):
    """metrics-dev segments become NAB windows as NAB builds them from point labels."""

    def test_windows_share_a_tenth_of_the_rows_centred_on_each_segment_start(self):
        stamps = [60 * i for i in range(1000)]
        # Two segments: 50 rows of window each (10 % of 1,000 rows shared by two).
        windows = smd.nab_windows(stamps, [[60 * 600, 60 * 602], [60 * 200, 60 * 200]])
        self.assertEqual(windows, [(175, 225), (575, 625)])

    def test_a_long_segment_stretches_its_window_and_overlaps_merge(self):
        stamps = [60 * i for i in range(1000)]
        windows = smd.nab_windows(stamps, [[60 * 100, 60 * 300], [60 * 310, 60 * 311]])
        # The first window covers its whole segment, the second overlaps it: one window.
        self.assertEqual(windows, [(75, 335)])
        # At the edges, windows are clipped to the file.
        self.assertEqual(smd.nab_windows(stamps, [[0, 60]]), [(0, 50)])


class RcaScoring(unittest.TestCase):
    def test_services_are_ranked_by_their_first_cause(self):
        causes = [{"service": "cart", "operation": "a"}, {"service": "ads", "operation": "b"},
                  {"service": "cart", "operation": "c"}, {"service": "shipping", "operation": "d"}]
        ranking = rca.service_ranking(causes)
        self.assertEqual(ranking, ["cart", "ads", "shipping"])
        self.assertEqual([rca.rank_of(s, ranking) for s in ("cart", "shipping", "frontend")], [1, 3, 0])

    def test_summary_counts_top_1_top_3_and_reciprocal_ranks(self):
        s = rca.summarize([1, 2, 4, 0])
        self.assertEqual((s["cases"], s["AS@1"], s["AS@3"]), (4, 25.0, 50.0))
        self.assertAlmostEqual(s["MRR"], (1 + 0.5 + 0.25) / 4)

    def test_only_time_fields_are_shifted(self):
        body = b'{"startTimeUnixNano":"100","timeUnixNano":"5","traceId":"100","value":"100"}'
        self.assertEqual(rca.shift_body(body, 7),
                         b'{"startTimeUnixNano":"107","timeUnixNano":"12","traceId":"100","value":"100"}')


class LoghubScoring(unittest.TestCase):
    # True: two "open" lines, two "close" lines, one "read", one "write".
    TRUE = ["open <*>", "open <*>", "close <*>", "close <*>", "read file <*>", "write file <*>"]
    # Predicted: open group right (line 1 differs only in spacing); close group right
    # but with a wrong template string; read and write wrongly merged into one group.
    IDS = ["a", "a", "b", "b", "c", "c"]
    PRED = ["open <*>", " open  <*> ", "close <*> <*>", "close <*> <*>", "<*> file <*>", "<*> file <*>"]

    def test_six_line_example(self):
        m = lh.parsing_metrics(self.IDS, self.PRED, self.TRUE)
        self.assertAlmostEqual(m["GA"], 4 / 6)   # lines of groups a and b
        self.assertAlmostEqual(m["PA"], 2 / 6)   # only the two open lines
        # FGA: 2 correct groups of 3 predicted, 4 true: P=2/3, R=1/2, F1=4/7.
        self.assertAlmostEqual(m["FGA"], 4 / 7)
        # FTA: only group a is right in both lines and string: P=1/3, R=1/4, F1=2/7.
        self.assertAlmostEqual(m["FTA"], 2 / 7)
        self.assertEqual((m["pred_templates"], m["true_templates"]), (3, 4))

    def test_perfect_parse(self):
        m = lh.parsing_metrics(["1", "1", "2", "2", "3", "4"], self.TRUE, self.TRUE)
        self.assertEqual([m[k] for k in ("GA", "PA", "FGA", "FTA")], [1.0] * 4)

    def test_split_group_is_wrong(self):
        # "open" split into two ids: those two lines fail GA though their strings are right.
        m = lh.parsing_metrics(["1", "9", "2", "2", "3", "4"], self.TRUE, self.TRUE)
        self.assertAlmostEqual(m["GA"], 4 / 6)
        self.assertAlmostEqual(m["PA"], 1.0)

    def test_output_validation(self):
        self.assertEqual(lh.parse_patterns_output("1\ta b\n2\t\n", 2, "x"), (["1", "2"], ["a b", ""]))
        for text in ("1\ta\n", "1\ta\n2 b\n", "1\ta\n\tb\n", "1\ta\n2\tb\n3\tc\n"):
            with self.assertRaises(lh.ScoringError, msg=text):
                lh.parse_patterns_output(text, 2, "x")


FAKE_OPHION = f"""#!{sys.executable}
# Stand-in for `ophion ai detect|patterns --input FILE`.
import csv, sys
cmd, path = sys.argv[2], sys.argv[4]
if cmd == "detect":
    rows = list(csv.reader(open(path)))[1:]
    print("timestamp,value,anomaly_score,label")
    for i, (t, v) in enumerate(rows):
        print(f"{{t}},{{v}},{{1.0 if i == 40 else 0.0}},{{1 if i == 40 else 0}}")
else:
    for line in open(path):
        words = line.split()
        print(f"{{words[0]}}\\t{{words[0]}} <*>")
"""


class EndToEnd(unittest.TestCase):
    """Runs both main()s against a fake binary on tiny data sets."""

    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.dir = self.tmp.name
        self.ophion = os.path.join(self.dir, "ophion")
        with open(self.ophion, "w") as f:
            f.write(FAKE_OPHION)
        os.chmod(self.ophion, 0o755)

    def tearDown(self):
        self.tmp.cleanup()

    def run_quiet(self, fn, argv):
        with open(os.devnull, "w") as devnull:
            old, sys.stdout = sys.stdout, devnull
            try:
                return fn(argv)
            finally:
                sys.stdout = old

    def test_nab_main(self):
        data = os.path.join(self.dir, "nab")
        os.makedirs(os.path.join(data, "data", "s"))
        t0 = datetime(2014, 4, 1)
        ts = [(t0 + timedelta(minutes=5 * i)).strftime("%Y-%m-%d %H:%M:%S") for i in range(N)]
        with open(os.path.join(data, "data", "s", "f.csv"), "w") as f:
            f.write("timestamp,value\n" + "".join(f"{t},{i}\n" for i, t in enumerate(ts)))
        with open(os.path.join(data, "labels.json"), "w") as f:
            json.dump({"s/f.csv": [[ts[40] + ".000000", ts[49] + ".000000"]]}, f)
        out = os.path.join(self.dir, "nab.json")
        self.run_quiet(nab.main, ["--ophion", self.ophion, "--data", data, "--json", out,
                                  "--outputs", os.path.join(self.dir, "outs")])
        with open(out) as f:
            res = json.load(f)
        standard = res["profiles"]["standard"]
        self.assertAlmostEqual(standard["fixed"]["normalized"], 100.0)
        self.assertAlmostEqual(standard["swept"]["normalized"], 100.0)
        self.assertEqual(standard["swept"]["threshold"], 1.0)
        # One file: it is the tuning half, and the held-back half is empty.
        self.assertAlmostEqual(standard["tuning_swept"]["normalized"], 100.0)
        self.assertIsNone(standard["held_back_fixed"]["normalized"])
        self.assertTrue(os.path.isfile(os.path.join(self.dir, "outs", "s", "f.csv")))

    def test_loghub_main(self):
        os.makedirs(os.path.join(self.dir, "lh", "X"))
        rows = [(3, "close 1", "E2", "close <*>"), (1, "open 1", "E1", "open <*>"),
                (2, "open 2", "E1", "open <*>")]
        with open(os.path.join(self.dir, "lh", "X", "X_2k.log_structured_corrected.csv"), "w") as f:
            f.write("LineId,Content,EventId,EventTemplate\n")
            f.write("".join(f"{a},{b},{c},{d}\n" for a, b, c, d in rows))
        out = os.path.join(self.dir, "lh.json")
        self.run_quiet(lh.main, ["--ophion", self.ophion, "--data", os.path.join(self.dir, "lh"),
                                 "--json", out])
        with open(out) as f:
            res = json.load(f)
        self.assertEqual([res["systems"]["X"][k] for k in ("GA", "PA", "FGA", "FTA")], [1.0] * 4)


if __name__ == "__main__":
    unittest.main()
