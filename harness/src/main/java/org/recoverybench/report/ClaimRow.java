package org.recoverybench.report;

/** One row of the claims table: a claim judged on some trials. */
record ClaimRow(Claim claim, String testedBy, String evidence, Verdict verdict, String reason) {}
