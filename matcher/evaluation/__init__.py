"""Quality harness: ranking metrics on the hand-labelled set, run through the real engine."""

from matcher.evaluation.harness import EvalReport, TaskScores, run_evaluation
from matcher.evaluation.metrics import mrr, ndcg_at_k, precision_at_1

__all__ = ["EvalReport", "TaskScores", "mrr", "ndcg_at_k", "precision_at_1", "run_evaluation"]
