package org.recoverybench.decision;

/**
 * One decision rule: its key and the words the report prints beside the recommendation. The code
 * that applies it is in {@link DecisionRules}, next to the rule's text.
 */
public record Rule(String id, String text) {}
